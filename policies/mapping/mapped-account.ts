// The result of mapping a resource's inputs (or a model) onto the BatchAccount model, and the small
// reader the mappings share: it reads Pulumi inputs without tripping over unknown values, records
// where they were (as model paths), and treats values of the wrong type as absent.

import type { BatchAccount } from "azure-batch-lookup";
import type { AccountSource } from "../resource-types";
import { type ModelPath, pathKey, readInput, UNKNOWN } from "../unknowns";

export interface MappedAccount {
  source: AccountSource;
  /** The Pulumi type token, or "model" for `checkBatchAccount`. */
  resourceType: string;
  /** The account as the model describes it; unknown values are absent here and listed in `unknown`. */
  account: BatchAccount;
  /** Model paths (`pathKey`) whose values are not known yet. */
  unknown: ReadonlySet<string>;
  /** The account exists in Azure: existing-only rules apply. */
  existing: boolean;
  /** How messages name the account: `Batch account "sampleacct"`. */
  label: string;
  /** Model property → the resource input it comes from, where the names differ (shown in messages). */
  inputNames: Readonly<Record<string, string>>;
}

/** Collects unknown model paths while a mapping reads inputs. */
export class InputReader {
  readonly unknown = new Set<string>();

  markUnknown(path: ModelPath): void {
    this.unknown.add(pathKey(path));
  }

  isUnknown(path: ModelPath): boolean {
    return this.unknown.has(pathKey(path));
  }

  /** `obj[key]`, or undefined (recording `path`) when it is not known yet. */
  value(obj: unknown, key: string | number, path: ModelPath): unknown {
    const v = readInput(obj, key);
    if (v === UNKNOWN) {
      this.markUnknown(path);
      return undefined;
    }
    return v === null ? undefined : v;
  }

  string(obj: unknown, key: string | number, path: ModelPath): string | undefined {
    const v = this.value(obj, key, path);
    return typeof v === "string" ? v : undefined;
  }

  boolean(obj: unknown, key: string | number, path: ModelPath): boolean | undefined {
    const v = this.value(obj, key, path);
    return typeof v === "boolean" ? v : undefined;
  }

  object(obj: unknown, key: string | number, path: ModelPath): object | undefined {
    const v = this.value(obj, key, path);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
  }

  /** An array input; `item` maps each element (an unknown element is recorded and left out as undefined). */
  array<T>(
    obj: unknown,
    key: string | number,
    path: ModelPath,
    item: (element: unknown, path: ModelPath) => T | undefined,
  ): T[] | undefined {
    const v = this.value(obj, key, path);
    if (!Array.isArray(v)) return undefined;
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) {
      const element = this.value(v, i, [...path, i]);
      out.push(element === undefined ? (undefined as T) : (item(element, [...path, i]) as T));
    }
    return out;
  }

  stringArray(obj: unknown, key: string | number, path: ModelPath): string[] | undefined {
    return this.array(obj, key, path, (e) => (typeof e === "string" ? e : undefined));
  }

  /**
   * A `{[key]: string}` map (tags). A value that is not known yet keeps its key (so `Object.keys`
   * and `in` see it) and is recorded under `path.key`; only a tracked view can read it.
   */
  stringMap(obj: unknown, key: string | number, path: ModelPath): Record<string, string> | undefined {
    const o = this.object(obj, key, path);
    if (o === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const k of Object.keys(o)) {
      const v = this.string(o, k, [...path, k]);
      if (v !== undefined) out[k] = v;
      else if (this.isUnknown([...path, k])) out[k] = undefined as unknown as string;
    }
    return out;
  }

  /** A deep copy of plain JSON data, recording unknown values anywhere inside. */
  copy(obj: unknown, key: string | number, path: ModelPath): unknown {
    const v = this.value(obj, key, path);
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) out.push(this.copy(v, i, [...path, i]));
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const c = this.copy(v, k, [...path, k]);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
}

/** Sets `target[key]` only when the value is present, so absent fields stay absent. */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** `Batch account "name"`, falling back to the Pulumi resource name. */
export function accountLabel(accountName: string | undefined, resourceName: string | undefined): string {
  if (accountName !== undefined && accountName !== "") return `Batch account ${JSON.stringify(accountName)}`;
  if (resourceName !== undefined && resourceName !== "") return `Batch account of resource ${JSON.stringify(resourceName)}`;
  return "Batch account";
}
