// ARM's paging by nextLink, shared by the operations that list through it: each link must stay on
// the configured ARM origin (the bearer token goes nowhere else) and must not lead to a page
// already read.

import { NextLinkGuard } from "./next-link";
import type { OperationRequest } from "./operation";

/** The request for the page a nextLink names, checked; undefined at the last page. */
export type NextPage = (nextLink: string | undefined) => OperationRequest | undefined;

export function nextLinkPaging(endpoint: string, first: OperationRequest): NextPage {
  const guard = new NextLinkGuard(endpoint, first.what);
  guard.visit(first.url);
  return (nextLink) => {
    if (nextLink === undefined) return undefined;
    const url = guard.check(nextLink);
    guard.visit(url);
    return { ...first, url };
  };
}
