import type * as pulumi from "@pulumi/pulumi";
import { clientFor, type LookupOptions, type LookupOutputOptions, resolveSubscriptionId } from "./lookup-options";
import { BATCH_API_VERSION, type BatchAccountListResult } from "./model";
import { lookupOutput } from "./output";
import { parseBatchAccountPage } from "./parse";
import { validateArgsObject, validateResourceGroupName } from "./validate";

export interface ListBatchAccountsArgs {
  /** The subscription; default from configuration (`azure-batch-lookup:subscriptionId`, `azure-native:subscriptionId`, `ARM_SUBSCRIPTION_ID`). */
  subscriptionId?: string;
  /** Only the accounts of this resource group (Batch Account - List By Resource Group). */
  resourceGroupName?: string;
}

export interface ListBatchAccountsOutputArgs {
  subscriptionId?: pulumi.Input<string>;
  resourceGroupName?: pulumi.Input<string>;
}

/**
 * Gets information about the Batch accounts of a subscription (Batch Account - List), or of one
 * resource group (Batch Account - List By Resource Group), api-version 2024-07-01. Every page is
 * followed; any failure fails the whole list, never a partial result.
 */
export async function listBatchAccounts(args?: ListBatchAccountsArgs, opts?: LookupOptions): Promise<BatchAccountListResult> {
  const a = validateArgsObject(args);
  const resourceGroupName =
    a.resourceGroupName === undefined || a.resourceGroupName === null ? undefined : validateResourceGroupName(a.resourceGroupName);
  const subscriptionId = resolveSubscriptionId(a.subscriptionId);
  const client = clientFor(opts);
  const scope =
    resourceGroupName === undefined
      ? `/subscriptions/${subscriptionId}`
      : `/subscriptions/${subscriptionId}/resourceGroups/${encodeURIComponent(resourceGroupName)}`;
  const url = `${client.endpoint}${scope}/providers/Microsoft.Batch/batchAccounts?api-version=${BATCH_API_VERSION}`;
  const target = resourceGroupName === undefined ? { subscriptionId } : { subscriptionId, resourceGroupName };
  return client.shared(`list ${url.toLowerCase()}`, async () => ({
    value: await client.getAllPages(url, target, parseBatchAccountPage),
  }));
}

/** Lists Batch accounts as an Output (see `listBatchAccounts`). */
export function listBatchAccountsOutput(
  args?: ListBatchAccountsOutputArgs,
  opts?: LookupOutputOptions,
): pulumi.Output<BatchAccountListResult> {
  return lookupOutput(args as pulumi.Input<ListBatchAccountsArgs> | undefined, opts, listBatchAccounts);
}
