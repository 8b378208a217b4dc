// The one kit that checks JSON from Azure against a schema: the Batch account parser, the
// Resource Graph page parser and the subscription list parser use these checks. A check that
// fails throws a ShapeError (where, what was expected, what came); each parser's entry point turns
// it into the InvalidResponse that names its source (`invalidResponse`). The JSON path of a field
// ("value[3].properties.poolQuota") is built only for an error: checks take the parent's path and
// the field name, since the account parser runs for every account of a large inventory.

import { BatchLookupError, describeValue } from "../errors";

export type Json = Record<string, unknown>;

/** A value whose type contradicts the schema. `rule` says which schema (default: the parser's). */
export class ShapeError extends Error {
  constructor(
    public path: string,
    readonly expected: string,
    readonly value: unknown,
    public rule?: string,
  ) {
    super(`${path} is ${describeValue(value)}, but ${rule ?? "the schema requires"} ${expected}`);
    this.name = "ShapeError";
  }

  /**
   * Puts `prefix` (where the value that was read relative to "" is) in front of the path: a
   * reader given "" as its path names fields relative to its value (".properties.poolQuota").
   */
  within(prefix: string): this {
    this.path = `${prefix}${this.path}`;
    this.message = `${this.path} is ${describeValue(this.value)}, but ${this.rule ?? "the schema requires"} ${this.expected}`;
    return this;
  }
}

/** Rethrows `err`; a ShapeError gets `prefix` in front of its path (see `ShapeError.within`). */
export function rethrowWithin(err: unknown, prefix: string): never {
  if (err instanceof ShapeError) throw err.within(prefix);
  throw err;
}

/**
 * The InvalidResponse for `err`: "`source` whose `path` is `value`, but `rule` `expected`.", for
 * example "Azure Resource Graph returned a page whose page.count is "3", but its QueryResponse
 * schema requires an integer."
 */
export function invalidResponse(err: ShapeError, source: string, defaultRule: string): BatchLookupError {
  return new BatchLookupError({
    code: "InvalidResponse",
    target: err.path,
    message: `${source} whose ${err.path} is ${describeValue(err.value)}, but ${err.rule ?? defaultRule} ${err.expected}.`,
  });
}

/** Runs `parse`; a ShapeError leaves it as the InvalidResponse of `source`. */
export function checked<T>(parse: () => T, source: string, defaultRule: string): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ShapeError) throw invalidResponse(err, source, defaultRule);
    throw err;
  }
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The path of field `key` of the object at `base`. */
export function at(base: string, key: string): string {
  return `${base}.${key}`;
}

/** The path of item `index` of the array in field `key` of the object at `base`. */
export function itemAt(base: string, key: string, index: number): string {
  return `${base}.${key}[${index}]`;
}

export function object(value: unknown, path: string): Json {
  if (!isObject(value)) throw new ShapeError(path, "an object", value);
  return value;
}

/** Field `key` of the object at `base`, an object or absent (`null` counts as absent, as ARM uses both). */
export function optObject(value: unknown, base: string, key: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new ShapeError(at(base, key), "an object", value);
  return value;
}

export function str(value: unknown, base: string, key: string): string {
  if (typeof value !== "string") throw new ShapeError(at(base, key), "a string", value);
  return value;
}

export function optStr(value: unknown, base: string, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ShapeError(at(base, key), "a string", value);
  return value;
}

export function optInt(value: unknown, base: string, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw new ShapeError(at(base, key), "an integer", value);
  return value;
}

export function optBool(value: unknown, base: string, key: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new ShapeError(at(base, key), "a boolean", value);
  return value;
}

/** An item parser: the item, and where it is (item `index` of field `key` of the object at `base`). */
export type ItemParser<T> = (value: unknown, base: string, key: string, index: number) => T;

export function optArray<T>(value: unknown, base: string, key: string, item: ItemParser<T>): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ShapeError(at(base, key), "an array", value);
  const out = new Array<T>(value.length);
  for (let i = 0; i < value.length; i++) out[i] = item(value[i], base, key, i);
  return out;
}

export function strItem(value: unknown, base: string, key: string, index: number): string {
  if (typeof value !== "string") throw new ShapeError(itemAt(base, key, index), "a string", value);
  return value;
}

export function optStringMap(value: unknown, base: string, key: string): Record<string, string> | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const name of Object.keys(o)) {
    const v = o[name];
    if (typeof v !== "string") throw new ShapeError(`${at(base, key)}.${name}`, "a string", v);
    setOwn(out, name, v);
  }
  return out;
}

/**
 * Sets an own, enumerable property even when the key is "__proto__": a plain assignment would
 * drop a "__proto__" tag, or make an identity object the map's prototype.
 */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Runs `read`; a ShapeError it throws without a rule of its own gets `rule` (the schema of what `read` reads). */
export function underRule<T>(rule: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ShapeError) err.rule ??= rule;
    throw err;
  }
}

/** One page of an ARM list: its items and the link to the next page, if any. */
export interface ListPage<T> {
  value: T[];
  nextLink?: string;
}

/**
 * ARM's list envelope: `value` (absent or `null`: no items) read item by item, its items named
 * `value[offset + i]` in errors so that paths number items across pages, and `nextLink` when it is
 * a non-empty string. `readItem` gets "" as the item's path and names fields relative to it
 * (".id"); the item's own path is put in front of an error's.
 */
export function readListPage<T>(body: unknown, offset: number, readItem: (value: unknown, path: string) => T): ListPage<T> {
  const o = object(body, "page");
  const value = o.value === undefined || o.value === null ? [] : o.value;
  if (!Array.isArray(value)) throw new ShapeError("page.value", "an array", value);
  const items = new Array<T>(value.length);
  // Each item is read relative to "" and its path ("value[12]") made only for an error: turning
  // the index into text for every item took about half the cold parse time of a 10,000-account list.
  let i = 0;
  try {
    for (; i < value.length; i++) items[i] = readItem(value[i], "");
  } catch (err) {
    rethrowWithin(err, `value[${offset + i}]`);
  }
  const page: ListPage<T> = { value: items };
  const next = optStr(o.nextLink, "page", "nextLink");
  if (next !== undefined && next !== "") page.nextLink = next;
  return page;
}
