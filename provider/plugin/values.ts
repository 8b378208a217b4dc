// The engine's property values as they arrive over gRPC (google.protobuf.Struct turned into plain
// JavaScript): secrets (the provider accepts them) are objects marked with a signature key. Unknown
// values and absent fields are the reference's too: provider/reference/engine-values.ts.

export { hasUnknown, withoutUndefined } from "../reference/engine-values";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type PropertyMap = Record<string, unknown>;

export function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

export function secret(value: unknown): PropertyMap {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** Removes secret markers, deeply. */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}

/** The top-level keys whose value is (or contains) a secret. */
export function secretKeys(props: PropertyMap): string[] {
  const contains = (v: unknown): boolean =>
    isSecret(v) || (Array.isArray(v) ? v.some(contains) : typeof v === "object" && v !== null && Object.values(v).some(contains));
  return Object.keys(props).filter((k) => contains(props[k]));
}

/** Marks these top-level keys of `props` secret again (after the values were revealed to be used). */
export function withSecrets(props: PropertyMap, keys: readonly string[]): PropertyMap {
  const out: PropertyMap = { ...props };
  for (const k of keys) if (out[k] !== undefined && !isSecret(out[k])) out[k] = secret(out[k]);
  return out;
}
