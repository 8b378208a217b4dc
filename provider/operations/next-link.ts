// Checks each nextLink of a list before it is followed: it must be an absolute URL on the
// configured ARM origin (the bearer token goes nowhere else), and it must not lead to a page
// already read. Pages are compared by a normal form of their URL (no fragment, path case folded,
// query parameters decoded and sorted, parameter names case folded), so the same page reached
// through a differently written link is still recognised; only a fixed-size digest of each is
// kept, and at most `maxPages` of them.

import { createHash } from "node:crypto";
import { BatchLookupError, invalidArgument } from "../errors";

/** Upper bound on pages of one list, so a server that never stops paging cannot loop forever. */
export const MAX_PAGES = 10_000;

/** The form of a URL by which two links to the same page compare equal. */
export function normalizePageUrl(url: URL): string {
  const params = [...url.searchParams].map(([k, v]) => [k.toLowerCase(), v] as const);
  params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  path = path.toLowerCase().replace(/\/+$/, "");
  return `${url.origin}${path}?${params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
}

export class NextLinkGuard {
  readonly #origin: string;
  readonly #what: string;
  readonly #maxPages: number;
  readonly #seen = new Set<string>();

  constructor(origin: string, what: string, maxPages = MAX_PAGES) {
    this.#origin = origin;
    this.#what = what;
    this.#maxPages = maxPages;
  }

  /** Records the page at `url` as read; fails when it was read before or the list has too many pages. */
  visit(url: string): void {
    if (this.#seen.size >= this.#maxPages) {
      throw new BatchLookupError({
        code: "InvalidResponse",
        message: `Listing ${this.#what} did not end after ${this.#maxPages} pages; the list was abandoned rather than returned incomplete.`,
      });
    }
    const digest = createHash("sha256")
      .update(normalizePageUrl(new URL(url)))
      .digest("base64");
    if (this.#seen.has(digest)) throw this.#unsafe("repeats a page already read, so the list would never end");
    this.#seen.add(digest);
  }

  /** Checks a nextLink and returns the URL to request. */
  check(nextLink: unknown): string {
    if (typeof nextLink !== "string") throw this.#unsafe("is not a string");
    let url: URL;
    try {
      url = new URL(nextLink);
    } catch {
      throw this.#unsafe("is not an absolute URL");
    }
    if (url.origin !== this.#origin) {
      throw this.#unsafe(
        `points to ${url.origin}, not the configured ARM endpoint ${this.#origin}; the bearer token is sent only to the ARM endpoint`,
      );
    }
    url.hash = "";
    return url.href;
  }

  /**
   * Checks a continuation token given to resume this list: a nextLink of it, that is an absolute
   * URL on the ARM origin with the path and api-version of the list's first request. Anything
   * else is refused with InvalidArgument (the caller's input), before any request.
   */
  checkContinuation(token: unknown, firstUrl: string): string {
    const refuse = (rule: string) => invalidArgument("continuationToken", rule, token);
    if (typeof token !== "string" || token === "") throw refuse("must be the continuationToken of a page of this list (its nextLink)");
    let url: URL;
    try {
      url = new URL(token);
    } catch {
      throw refuse("must be the continuationToken of a page of this list: an absolute nextLink URL");
    }
    if (url.origin !== this.#origin) {
      throw refuse(
        `points to ${url.origin}, not the configured ARM endpoint ${this.#origin}; the bearer token is sent only to the ARM endpoint`,
      );
    }
    const first = new URL(firstUrl);
    const path = (u: URL) => normalizePageUrl(new URL(`${u.origin}${u.pathname}`));
    if (path(url) !== path(first) || url.searchParams.get("api-version") !== first.searchParams.get("api-version")) {
      throw refuse(
        `is a link to another list than ${this.#what} (operation, scope or api-version differ); resume a list only with its own pages' tokens`,
      );
    }
    url.hash = "";
    return url.href;
  }

  #unsafe(why: string): BatchLookupError {
    return new BatchLookupError({
      code: "UnsafeNextLink",
      message: `Listing ${this.#what} failed: the nextLink of a page ${why}. No partial list is returned.`,
    });
  }
}
