import type * as pulumi from "@pulumi/pulumi";
import type { BatchAccount } from "../model/batch-account";
import { validateAccountName, validateArgsObject, validateResourceGroupName } from "../model/names";
import { batchAccountGet, parseBatchAccountAnswer } from "../operations/batch-account-get";
import { clientFor, resolveSubscriptionId } from "./lookup-context";
import type { LookupOptions, LookupOutputOptions } from "./lookup-options";
import { lookupOutput } from "./output";

export interface GetBatchAccountArgs {
  /** The name of the Batch account: 3 to 24 ASCII letters and digits. */
  accountName: string;
  /** The name of the resource group that contains the Batch account. */
  resourceGroupName: string;
  /** The subscription; default from configuration (`azure-batch-lookup:subscriptionId`, `azure-native:subscriptionId`, `ARM_SUBSCRIPTION_ID`). */
  subscriptionId?: string;
}

export interface GetBatchAccountOutputArgs {
  /** The name of the Batch account: 3 to 24 ASCII letters and digits. */
  accountName: pulumi.Input<string>;
  /** The name of the resource group that contains the Batch account. */
  resourceGroupName: pulumi.Input<string>;
  /** The subscription; default from configuration. */
  subscriptionId?: pulumi.Input<string>;
}

/**
 * Gets information about the specified Batch account (Batch Account - Get, api-version 2024-07-01).
 *
 * Works in any Node.js process; inside a Pulumi program it reads `azure-batch-lookup:*` and
 * `azure-native:*` configuration.
 */
export async function getBatchAccount(args: GetBatchAccountArgs, opts?: LookupOptions): Promise<BatchAccount> {
  const a = validateArgsObject(args);
  const accountName = validateAccountName(a.accountName);
  const resourceGroupName = validateResourceGroupName(a.resourceGroupName);
  const client = clientFor(opts);
  const subscriptionId = resolveSubscriptionId(a.subscriptionId, client);
  const key = { subscriptionId, resourceGroupName, accountName };
  const op = batchAccountGet(client.endpoint, key);
  // ARM names are case-insensitive: lookups differing only in case share one request.
  return client.shared(`get ${op.url.toLowerCase()}`, async () => parseBatchAccountAnswer((await client.send(op)).body, key));
}

/**
 * Gets information about the specified Batch account, as an Output: unknown during preview while
 * an argument is unknown, secret when an argument is secret.
 */
export function getBatchAccountOutput(args: GetBatchAccountOutputArgs, opts?: LookupOutputOptions): pulumi.Output<BatchAccount> {
  return lookupOutput(args as pulumi.Input<GetBatchAccountArgs>, opts, getBatchAccount);
}
