import type { BatchPool } from "../model/estate";
import { validateAccountName, validateArgsObject, validateResourceGroupName } from "../model/names";
import { batchPoolList } from "../operations/batch-pool-list";
import type { PagedAsyncIterableIterator } from "../paging/paged-iterator";
import { type ArmListPlan, pagedArmList, readArmList } from "./arm-list";
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
  return readArmList("pools", planPoolList(args, opts));
}

/** The pools of `listBatchPools`, page by page (`PagedAsyncIterableIterator`; see `listBatchAccountsPaged`). */
export function listBatchPoolsPaged(args: ListBatchPoolsArgs, opts?: LookupOptions): PagedAsyncIterableIterator<BatchPool> {
  return pagedArmList(planPoolList(args, opts));
}

function planPoolList(args: ListBatchPoolsArgs, opts: LookupOptions | undefined): ArmListPlan<BatchPool> {
  const a = validateArgsObject(args);
  const accountName = validateAccountName(a.accountName);
  const resourceGroupName = validateResourceGroupName(a.resourceGroupName);
  const client = clientFor(opts);
  const subscriptionId = resolveSubscriptionId(a.subscriptionId, client);
  return { client, list: () => batchPoolList(client.endpoint, { subscriptionId, resourceGroupName, accountName }) };
}
