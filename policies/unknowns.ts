// Values that are not known yet (during `pulumi preview`, an input computed from another resource's
// output). Two layers:
//
// 1. Reading resource inputs: @pulumi/policy wraps `args.props` in a proxy that throws its
//    `UnknownValueError` when an unknown value is read, and the raw values are sentinel strings.
//    `readInput` turns both into the `UNKNOWN` marker so a mapping can record where they were.
// 2. Running rules: `trackUnknowns` wraps a mapped account so that reading a value recorded as
//    unknown throws `NotYetKnownError` naming the model path. A rule therefore becomes "not yet
//    checkable" only when it actually needs an unknown value; `isSet` lets a rule ask whether a
//    value is present without needing to know it.

/**
 * The sentinel the engine uses for an unknown value of any type (`pulumi.runtime.unknownValue`).
 * The pack keeps its own copy rather than importing one: @pulumi/pulumi's costs its start-up, and
 * the library's is not part of its public API. A test holds the three equal.
 */
export const UNKNOWN_STRING_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The sentinels @pulumi/policy substitutes for unknown values (`proxy.ts` of pulumi/pulumi-policy:
 * boolean, number, string, array, asset, archive, object). The engine sends unknowns as the string one.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  UNKNOWN_STRING_SENTINEL,
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** Marks a value that is not known yet. */
export const UNKNOWN: unique symbol = Symbol("unknown");

type UnknownValueErrorClass = new (sentinel: string, props: string[]) => Error;

let unknownValueError: { cls: UnknownValueErrorClass | undefined } | undefined;

/**
 * @pulumi/policy's `UnknownValueError` (exported at runtime, but its type declarations are
 * stripped). Loaded on first use: @pulumi/policy loads @pulumi/pulumi, over a second of start-up
 * that code judging a BatchAccount model (checkBatchAccount, the audit command) never needs.
 */
export function pulumiUnknownValueError(): UnknownValueErrorClass | undefined {
  unknownValueError ??= {
    cls: (require("@pulumi/policy") as { UnknownValueError?: UnknownValueErrorClass }).UnknownValueError,
  };
  return unknownValueError.cls;
}

/** True for the error @pulumi/policy's proxy throws when an unknown input is read. */
export function isPulumiUnknownError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const cls = pulumiUnknownValueError();
  if (cls !== undefined && e instanceof cls) return true;
  return e.constructor.name === "UnknownValueError";
}

/** Reads `obj[key]` from resource inputs; an unknown value (sentinel or proxy error) becomes `UNKNOWN`. */
export function readInput(obj: unknown, key: string | number): unknown {
  if (obj === null || typeof obj !== "object") return undefined;
  let value: unknown;
  try {
    value = (obj as Record<string | number, unknown>)[key];
  } catch (e) {
    if (isPulumiUnknownError(e)) return UNKNOWN;
    throw e;
  }
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
}

/** A path into the model, as segments (`["networkProfile", "accountAccess", "ipRules", 0, "value"]`). */
export type ModelPath = readonly (string | number)[];

const SEP = "\u001f";

/** A stable key for a path (segments may themselves contain dots or slashes). */
export function pathKey(path: ModelPath): string {
  return path.join(SEP);
}

/** The path as users read it: `networkProfile.accountAccess.ipRules[0].value`. */
export function displayPath(path: ModelPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Thrown by a tracked account when a rule reads a value that is not known yet. */
export class NotYetKnownError extends Error {
  constructor(readonly path: ModelPath) {
    super(`${displayPath(path)} is not known yet`);
    this.name = "NotYetKnownError";
  }
}

/**
 * Wraps `value` so that reading any path in `unknownPaths` (keys from `pathKey`) throws
 * `NotYetKnownError`, and `key in object` answers true for such paths (the value exists, it is
 * only not known yet). Values that are not objects are returned as they are.
 */
export function trackUnknowns<T>(value: T, unknownPaths: ReadonlySet<string>): T {
  if (unknownPaths.size === 0) return value;
  return wrap(value, [], unknownPaths) as T;
}

function wrap(value: unknown, path: (string | number)[], unknown: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== "object") return value;
  const isArray = Array.isArray(value);
  const child = (prop: string): (string | number)[] => [...path, isArray && /^\d+$/.test(prop) ? Number(prop) : prop];
  return new Proxy(value as object, {
    get(target, prop, receiver) {
      if (typeof prop === "symbol") return Reflect.get(target, prop, receiver);
      const p = child(prop);
      if (unknown.has(pathKey(p))) throw new NotYetKnownError(p);
      const desc = Object.getOwnPropertyDescriptor(target, prop);
      const v = Reflect.get(target, prop, receiver);
      // Proxy invariant: a non-configurable, non-writable own data property must be returned as is.
      if (desc !== undefined && "value" in desc && desc.configurable === false && desc.writable === false) return v;
      return wrap(v, p, unknown);
    },
    has(target, prop) {
      if (typeof prop !== "symbol" && unknown.has(pathKey(child(prop)))) return true;
      return Reflect.has(target, prop);
    },
  });
}

/**
 * True when `obj[key]` holds a value: not absent, `null` or `""`. A value that is not known yet
 * counts as present (an unknown input still becomes a value at deployment).
 */
export function isSet(obj: object | null | undefined, key: string): boolean {
  if (obj === null || obj === undefined || !(key in obj)) return false;
  try {
    const value = (obj as Record<string, unknown>)[key];
    return value !== undefined && value !== null && value !== "";
  } catch (e) {
    if (e instanceof NotYetKnownError) return true;
    throw e;
  }
}
