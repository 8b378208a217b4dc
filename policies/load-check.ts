// Makes a misconfigured pack fail at load. The engine validates `--policy-pack-config` against each
// policy's schema, but the schema it builds allows unknown options (a typo such as
// `minimumPrefixLenght` would only surface per resource, and the summary would show the pack as
// passing). The engine then hands the configuration to the pack's `Configure` RPC and stops the
// update when that call fails; @pulumi/policy offers no hook there, so the pack checks the
// configuration in front of the SDK's handler (found on the gRPC server it registers).

import { createRequire } from "node:module";
import { PolicyConfigError, validatePackConfig } from "./config";
import type { AnyPolicyDefinition } from "./policy-definition";

type Handler = (call: { request: unknown }, callback: (error: unknown, value?: unknown) => void) => unknown;
interface GrpcServer {
  addService(service: unknown, implementation: Record<string, Handler>): void;
}

// The engine's proto enum EnforcementLevel: ADVISORY = 0, MANDATORY = 1, DISABLED = 2, REMEDIATE = 3.
const LEVELS_BY_PROTO: Record<number, string> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };

/** The configuration the engine sends, in `--policy-pack-config` shape. */
function configOf(request: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const map = (
    request as {
      getPolicyconfigMap(): Map<
        string,
        { getProperties(): { toJavaScript(): Record<string, unknown> } | undefined; getEnforcementlevel(): number }
      >;
    }
  ).getPolicyconfigMap();
  for (const [name, entry] of map.entries()) {
    const props = entry.getProperties()?.toJavaScript() ?? {};
    const level = LEVELS_BY_PROTO[entry.getEnforcementlevel()];
    if (name === "all") {
      out.all = level;
      continue;
    }
    out[name] = level !== undefined ? { ...props, enforcementLevel: level } : props;
  }
  return out;
}

let installed = false;

/**
 * Checks the engine's configuration in the `Configure` call before @pulumi/policy stores it. Call
 * before constructing the PolicyPack. Returns false when the SDK's gRPC module cannot be found
 * (the policies then still report a bad configuration, per resource).
 */
export function checkConfigurationAtLoad(policies: readonly AnyPolicyDefinition[]): boolean {
  if (installed) return true;
  let grpc: { Server: { prototype: GrpcServer } };
  try {
    const fromPolicySdk = createRequire(require.resolve("@pulumi/policy"));
    grpc = fromPolicySdk("@grpc/grpc-js");
  } catch {
    return false;
  }
  const original = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, implementation: Record<string, Handler>) {
    const configure = implementation.configure;
    if (configure !== undefined && implementation.analyzeStack !== undefined) {
      implementation = {
        ...implementation,
        configure: (call, callback) => {
          try {
            // Entries of other policies in the same pack (a hand-built pack) are not ours to judge.
            const known = new Set(policies.map((p) => p.name));
            const config = Object.fromEntries(Object.entries(configOf(call.request)).filter(([name]) => name === "all" || known.has(name)));
            validatePackConfig(config, policies);
          } catch (e) {
            if (e instanceof PolicyConfigError)
              return callback(Object.assign(new Error(e.message), { code: 3 /* INVALID_ARGUMENT */, details: e.message }));
            throw e;
          }
          return configure(call, callback);
        },
      };
    }
    return original.call(this, service, implementation);
  };
  installed = true;
  return true;
}
