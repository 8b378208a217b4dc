import type { BatchPool } from "../model/estate";
import { validateAccountName, validateArgsObject, validateResourceGroupName } from "../model/names";
import { batchPoolList } from "../operations/batch-pool-list";
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
  const a = validateArgsObject(args);
  const accountName = validateAccountName(a.accountName);
  const resourceGroupName = validateResourceGroupName(a.resourceGroupName);
  const client = clientFor(opts);
  const subscriptionId = resolveSubscriptionId(a.subscriptionId, client);
  const list = batchPoolList(client.endpoint, { subscriptionId, resourceGroupName, accountName });
  return client.shared(`pools ${list.first.url.toLowerCase()}`, async () => ({ value: await client.collect(list) }));
}
