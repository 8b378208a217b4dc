// The pages of one ARM list (paged by nextLink) for a paged iterator: each page under a lookup's
// time budget of its own and the list caps of the iteration, its continuation token the nextLink
// of the page after it (as the Azure SDK's clients hand it out), and a token given back checked
// as a nextLink of this very list before any request.

import type { ArmClient } from "../client/arm-client";
import type { ListOperation, OperationRequest } from "../operations/operation";
import { refuseMaxPageSize } from "./continuation-token";
import type { PageSettings, ReadPage } from "./paged-iterator";

/** A continuation token that asks for the first page: none, as core-paging treats an empty one. */
export function startsAtFirstPage(token: unknown): boolean {
  return token === undefined || token === null || token === "";
}

export function armListPages<T>(client: ArmClient, list: ListOperation<T>, settings: PageSettings): AsyncGenerator<ReadPage<T>> {
  refuseMaxPageSize(settings.maxPageSize, list.first.what);
  const start = startsAtFirstPage(settings.continuationToken) ? undefined : list.resume!(settings.continuationToken);
  return read(client, list, start);
}

async function* read<T>(client: ArmClient, list: ListOperation<T>, start: OperationRequest | undefined): AsyncGenerator<ReadPage<T>> {
  const listing = client.startListing();
  try {
    for await (const page of client.pages(list, listing, { ...(start === undefined ? {} : { start }), pageBudget: true })) {
      yield page.next === undefined ? { items: page.value } : { items: page.value, continuationToken: list.tokenOf!(page.next) };
    }
  } finally {
    listing.end();
  }
}
