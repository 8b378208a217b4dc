// The continuation tokens of listings that are more than one ARM list (the ARM fan-out over
// subscriptions, Azure Resource Graph's batches): opaque to callers, base64url of a small JSON
// document that names the listing it belongs to (a digest of the ARM origin, the operation, the
// source and the scope) and where to resume. A token from another listing, or one that was
// altered, is refused with InvalidArgument before any request, as a nextLink off the listing is.

import { createHash } from "node:crypto";
import { invalidArgument } from "../errors";

const FORMAT = 1;
const FIELD = "continuationToken";

/** What a token must belong to: the ARM origin, the operation, and the source and scope of the listing. */
export function listingDigest(parts: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 22);
}

/** A token for `position` in the listing of `digest`. */
export function encodeToken(digest: string, position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ v: FORMAT, l: digest, at: position }), "utf8").toString("base64url");
}

/**
 * The position a token holds, after checking that it is one of this library's tokens and belongs
 * to the listing of `digest`; `check` validates the position itself (and throws with its rule).
 */
export function decodeToken<P>(token: unknown, digest: string, check: (position: Record<string, unknown>) => P | undefined): P {
  const refuse = (rule: string) => invalidArgument(FIELD, rule, token);
  if (typeof token !== "string" || token === "" || !/^[A-Za-z0-9_-]+$/.test(token) || token.length > 4096) {
    throw refuse("must be the continuationToken of a page of this listing (a base64url string)");
  }
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw refuse("is not a continuationToken of this library (it does not decode)");
  }
  if (typeof doc !== "object" || doc === null || (doc as { v?: unknown }).v !== FORMAT) {
    throw refuse("is not a continuationToken of this library (unknown format)");
  }
  const { l, at } = doc as { l?: unknown; at?: unknown };
  if (l !== digest) {
    throw refuse(
      "belongs to another listing (another ARM endpoint, source or scope); resume a listing only with the arguments it started with",
    );
  }
  const position = typeof at === "object" && at !== null && !Array.isArray(at) ? check(at as Record<string, unknown>) : undefined;
  if (position === undefined) throw refuse("holds no valid position of this listing");
  return position;
}

/** A page size of `byPage({ maxPageSize })`: an integer from 1 to `max`, or undefined. */
export function checkMaxPageSize(value: unknown, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalidArgument("maxPageSize", `must be an integer from 1 to ${max}`, value);
  }
  return value;
}

/** For lists whose pages the server sizes (ARM's nextLink lists): a maxPageSize is refused, as the Azure SDK's clients refuse it. */
export function refuseMaxPageSize(value: unknown, what: string): void {
  if (value === undefined || value === null) return;
  throw invalidArgument("maxPageSize", `${what} is paged by the server (nextLink); it takes no page size`, value);
}
