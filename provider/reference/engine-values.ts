// Property values as the engine holds them, for both doors of the reference: a value not known
// until deployment is a sentinel string (`pulumi.runtime.unknownValue` in @pulumi/pulumi, which this
// module does not load: the plugin and the lookups start without it), and no value is `undefined`.

/** The engine's placeholder for a value not known until deployment. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value is, or contains, an unknown (inside secrets too: a secret is an object holding its value). */
export function hasUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(hasUnknown);
  return false;
}

/** A model object as engine properties: an absent field is left out, deeply. */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
    return out;
  }
  return value;
}
