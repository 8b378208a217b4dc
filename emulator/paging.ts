/**
 * List paging: page size, optional empty pages, `$skiptoken` cursors and `nextLink` URLs.
 */

export interface PagingSettings {
  /** Accounts per page (>= 1). */
  pageSize: number;
  /**
   * Empty pages (`{"value":[],"nextLink":...}`) served before every page of accounts, so a client
   * must keep following `nextLink` through them. 0 = none.
   */
  emptyPages: number;
  /** Origin (scheme://host:port) of `nextLink` URLs instead of the emulator's own (to test a client's origin check). */
  nextLinkOrigin?: string;
  /** Every list response carries a `nextLink` equal to the URL just requested (a loop a client must detect). */
  repeatNextLink: boolean;
}

export const DEFAULT_PAGING: PagingSettings = Object.freeze({ pageSize: 100, emptyPages: 0, repeatNextLink: false });

/** Where a list continues: after the account key `after`, having served `empties` empty pages there. */
export interface PageCursor {
  after?: string;
  empties: number;
}

export function encodeSkipToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, a: cursor.after, e: cursor.empties }), "utf8").toString("base64url");
}

/** Undefined when the token is not one of ours. */
export function decodeSkipToken(token: string): PageCursor | undefined {
  try {
    const raw = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { v?: unknown; a?: unknown; e?: unknown };
    if (raw.v !== 1) return undefined;
    if (raw.a !== undefined && typeof raw.a !== "string") return undefined;
    if (typeof raw.e !== "number" || !Number.isInteger(raw.e) || raw.e < 0) return undefined;
    return { after: raw.a, empties: raw.e };
  } catch {
    return undefined;
  }
}

/** Absolute nextLink: same path, `api-version` and `$skiptoken` query parameters. */
export function buildNextLink(origin: string, rawPathname: string, apiVersion: string, cursor: PageCursor): string {
  return (
    `${origin}${rawPathname}?api-version=${encodeURIComponent(apiVersion)}` + `&$skiptoken=${encodeURIComponent(encodeSkipToken(cursor))}`
  );
}

export function validatePaging(p: Partial<PagingSettings>): Partial<PagingSettings> {
  if (p.pageSize !== undefined && (!Number.isInteger(p.pageSize) || p.pageSize < 1)) {
    throw new Error(`pageSize must be an integer >= 1 (got ${JSON.stringify(p.pageSize)})`);
  }
  if (p.emptyPages !== undefined && (!Number.isInteger(p.emptyPages) || p.emptyPages < 0)) {
    throw new Error(`emptyPages must be an integer >= 0 (got ${JSON.stringify(p.emptyPages)})`);
  }
  if (p.nextLinkOrigin !== undefined && p.nextLinkOrigin !== null) {
    let u: URL;
    try {
      u = new URL(p.nextLinkOrigin);
    } catch {
      throw new Error(`nextLinkOrigin must be an absolute URL origin (got ${JSON.stringify(p.nextLinkOrigin)})`);
    }
    if (u.origin === "null") throw new Error(`nextLinkOrigin must be an http(s) origin (got ${JSON.stringify(p.nextLinkOrigin)})`);
  }
  if (p.repeatNextLink !== undefined && typeof p.repeatNextLink !== "boolean") throw new Error("repeatNextLink must be a boolean");
  return p;
}
