// Builds a state file in the format `pulumi stack export` writes (version 3): a manifest whose magic
// is the SHA-256 of the CLI version, then resources in dependency order, each custom resource
// pointing at its provider resource as `<provider urn>::<provider id>`.

import { createHash } from "node:crypto";

export interface StateResource {
  urn: string;
  custom: boolean;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
  provider?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export class StackState {
  private readonly resources: StateResource[] = [];
  private readonly providers = new Map<string, string>();
  readonly stackUrn: string;

  constructor(
    readonly project: string,
    readonly stack: string,
  ) {
    this.stackUrn = this.urn("pulumi:pulumi:Stack", `${project}-${stack}`);
    this.resources.push({ urn: this.stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: {} });
  }

  urn(type: string, name: string): string {
    return `urn:pulumi:${this.stack}::${this.project}::${type}::${name}`;
  }

  /** The default provider for `pkg` (added on first use); returns the reference resources carry. */
  provider(pkg: string, version?: string): string {
    const existing = this.providers.get(pkg);
    if (existing !== undefined) return existing;
    const name = version === undefined ? "default" : `default_${version.replace(/\./g, "_")}`;
    const urn = this.urn(`pulumi:providers:${pkg}`, name);
    const id = `0000000${this.providers.size + 1}-aaaa-4bbb-8ccc-${String(this.providers.size + 1).padStart(12, "0")}`;
    const inputs = version === undefined ? {} : { version };
    this.resources.push({ urn, custom: true, id, type: `pulumi:providers:${pkg}`, inputs, outputs: inputs });
    const ref = `${urn}::${id}`;
    this.providers.set(pkg, ref);
    return ref;
  }

  /** Adds a custom resource of `type` under the stack, using `pkg`'s default provider; returns its URN. */
  add(
    type: string,
    name: string,
    pkg: { name: string; version?: string },
    r: { id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown>; propertyDependencies?: Record<string, string[]> },
  ): string {
    const provider = this.provider(pkg.name, pkg.version);
    const urn = this.urn(type, name);
    const resource: StateResource = {
      urn,
      custom: true,
      id: r.id,
      type,
      inputs: r.inputs,
      outputs: r.outputs,
      parent: this.stackUrn,
      provider,
      dependencies: [],
    };
    if (r.propertyDependencies !== undefined) {
      resource.propertyDependencies = r.propertyDependencies;
      resource.dependencies = [...new Set(Object.values(r.propertyDependencies).flat())];
    }
    this.resources.push(resource);
    return urn;
  }

  /** The `pulumi stack export` document for a CLI of `cliVersion` (`v3.259.0`). */
  export(cliVersion: string): Record<string, unknown> {
    return {
      version: 3,
      deployment: {
        manifest: { time: "2026-01-01T00:00:00Z", magic: createHash("sha256").update(cliVersion).digest("hex"), version: cliVersion },
        resources: this.resources,
      },
    };
  }
}
