import type { ArmClient } from "../client/arm-client";
import type { BatchPool } from "../model/estate";
import { validateAccountName, validateArgsObject, validateResourceGroupName } from "../model/names";
import { batchPoolList } from "../operations/batch-pool-list";
import type { ListOperation } from "../operations/operation";
import { armListPages } from "../paging/arm-list-pages";
import { type PagedAsyncIterableIterator, pagedIterator } from "../paging/paged-iterator";
import { clientFor, resolveSubscriptionId } from "./lookup-context";
import type { LookupOptions } from "./lookup-options";

export interface ListBatchPoolsArgs {
  /** The name of the Batch account. */
  accountName: string;
  /** The name of the resource group that contains the Batch account. */
  resourceGroupName: string;
  /** The subscription; default from configuration. */
  subscriptionId?: string;
}

export interface BatchPoolListResult {
  value: BatchPool[];
}

/**
 * Lists all of the pools in the specified account (Pool - List By Batch Account, api-version
 * 2024-07-01). Every page is followed; any failure fails the whole list. Needs
 * Microsoft.Batch/batchAccounts/pools/read.
 */
export async function listBatchPools(args: ListBatchPoolsArgs, opts?: LookupOptions): Promise<BatchPoolListResult> {
  const { client, list } = planPoolList(args, opts);
  const first = list();
  return client.shared(`pools ${first.first.url.toLowerCase()}`, async () => ({ value: await client.collect(first) }));
}

/** The pools of `listBatchPools`, page by page (`PagedAsyncIterableIterator`; see `listBatchAccountsPaged`). */
export function listBatchPoolsPaged(args: ListBatchPoolsArgs, opts?: LookupOptions): PagedAsyncIterableIterator<BatchPool> {
  const { client, list } = planPoolList(args, opts);
  return pagedIterator((settings) => armListPages(client, list(), settings));
}

function planPoolList(
  args: ListBatchPoolsArgs,
  opts: LookupOptions | undefined,
): { client: ArmClient; list: () => ListOperation<BatchPool> } {
  const a = validateArgsObject(args);
  const accountName = validateAccountName(a.accountName);
  const resourceGroupName = validateResourceGroupName(a.resourceGroupName);
  const client = clientFor(opts);
  const subscriptionId = resolveSubscriptionId(a.subscriptionId, client);
  return { client, list: () => batchPoolList(client.endpoint, { subscriptionId, resourceGroupName, accountName }) };
}
