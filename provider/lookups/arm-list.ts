// One ARM list of a lookup, its arguments checked, in the lookup's two forms: the whole list (one
// reading shared by the concurrent lookups of the same list) and the list page by page.

import type { ArmClient } from "../client/arm-client";
import type { ListOperation } from "../operations/operation";
import { armListPages } from "../paging/arm-list-pages";
import { type PagedAsyncIterableIterator, pagedIterator } from "../paging/paged-iterator";

/** The client and the list; each reading makes its operation anew (its nextLink guard with it). */
export interface ArmListPlan<T> {
  client: ArmClient;
  list: () => ListOperation<T>;
}

/** Every item of the list; lookups of the same list (`kind` and URL, in any case) running at once share one reading. */
export function readArmList<T>(kind: string, { client, list }: ArmListPlan<T>): Promise<{ value: T[] }> {
  const operation = list();
  return client.shared(`${kind} ${operation.first.url.toLowerCase()}`, async () => ({ value: await client.collect(operation) }));
}

/** The list page by page (`PagedAsyncIterableIterator`; see `listBatchAccountsPaged`). */
export function pagedArmList<T>({ client, list }: ArmListPlan<T>): PagedAsyncIterableIterator<T> {
  return pagedIterator((settings) => armListPages(client, list(), settings));
}
