// ARM's paging by nextLink, shared by the operations that list through it: each link must stay on
// the configured ARM origin (the bearer token goes nowhere else) and must not lead to a page
// already read.

import { BatchLookupError } from "../errors";
import { isObject, type ListPage } from "../model/json-check";
import { NextLinkGuard } from "./next-link";
import type { ListOperation, OperationRequest } from "./operation";

/** The request for the page a nextLink names, checked; undefined at the last page. */
export type NextPage = (nextLink: string | undefined) => OperationRequest | undefined;

/**
 * A list's nextLink paging, which may also start from a continuation token: a nextLink of this
 * list (same origin, same operation path and api-version), checked before anything is sent, the
 * way the Azure SDK's clients take a nextLink back as a continuation token.
 */
function nextLinkCursor(endpoint: string, first: OperationRequest): { next: NextPage; resume(token: unknown): OperationRequest } {
  const guard = new NextLinkGuard(endpoint, first.what);
  let started = false;
  const start = (url: string) => {
    if (!started) guard.visit(url);
    started = true;
  };
  return {
    next: (nextLink) => {
      start(first.url);
      if (nextLink === undefined) return undefined;
      const url = guard.check(nextLink);
      guard.visit(url);
      return { ...first, url };
    },
    resume: (token) => {
      const url = guard.checkContinuation(token, first.url);
      start(url);
      return { ...first, url };
    },
  };
}

const LINK_AT_END = /"nextLink"[ \t\n\r]*:[ \t\n\r]*"([^"\\]+)"[ \t\n\r]*\}[ \t\n\r]*$/y;

/**
 * The nextLink of a page read from its text without parsing it, when the text ends with it as ARM
 * writes it: `"nextLink":"<link>"}`, the last member of the outermost object (a `"` inside a JSON
 * string is escaped, and a nested object would close with more than one brace). Only a link
 * without escapes is read this way, so it is exactly the string JSON.parse gives (which keeps the
 * last of repeated keys, this one). Otherwise undefined: the parsed body is read instead.
 */
export function nextLinkInText(text: string): string | undefined {
  const at = text.lastIndexOf('"nextLink"');
  if (at < 0) return undefined;
  LINK_AT_END.lastIndex = at;
  return LINK_AT_END.exec(text)?.[1];
}

/** A page's nextLink from its parsed body; one that is not a non-empty string is left to the page parser, which fails on it. */
function nextLinkIn(body: unknown): string | undefined {
  const link = isObject(body) ? body.nextLink : undefined;
  return typeof link === "string" && link !== "" ? link : undefined;
}

/** The part of ARM a list covers: an item outside it fails the list. */
export interface ListScope<T> {
  contains(item: T): boolean;
  /** What an item outside is, for the error: "outside the subscription listed". */
  outside: string;
}

/**
 * An ARM list operation paged by nextLink: each page parsed by `parsePage` (its nextLink read
 * first, so that the next page is under way while the items are parsed), each of its items
 * checked against `scope` when given (one outside fails the whole list with InvalidResponse).
 */
export function nextLinkList<T>(
  endpoint: string,
  first: OperationRequest,
  parsePage: (body: unknown, offset: number) => ListPage<T>,
  identify: (item: T) => string,
  scope?: ListScope<T>,
): ListOperation<T> {
  const { next, resume } = nextLinkCursor(endpoint, first);
  return {
    first,
    resume,
    tokenOf: (request) => request.url,
    nextOf: (result) => next(nextLinkInText(result.text) ?? nextLinkIn(result.body)),
    parseItems({ body }, offset) {
      const { value } = parsePage(body, offset);
      if (scope !== undefined) {
        for (const item of value) {
          if (!scope.contains(item)) {
            throw new BatchLookupError({
              code: "InvalidResponse",
              target: "value.id",
              message: `Listing ${first.what} failed: Azure Resource Manager listed ${JSON.stringify(identify(item))}, which is ${scope.outside}; no partial list is returned.`,
            });
          }
        }
      }
      return value;
    },
    identify,
  };
}
