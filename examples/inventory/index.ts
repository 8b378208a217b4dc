// Inventory: every Batch account of a subscription (every page of the ARM list followed), grouped
// by location, and the accounts that accept traffic from the public internet.
//
// Configuration:
//   batch-inventory:resourceGroupName   optional: list one resource group instead of the subscription
//   azure-batch-lookup:subscriptionId   (or azure-native:subscriptionId, or ARM_SUBSCRIPTION_ID)
//   azure-batch-lookup:endpoint / azure-batch-lookup:token   only for the emulator

import * as pulumi from "@pulumi/pulumi";
import { type BatchAccount, listBatchAccountsOutput } from "azure-batch-lookup";

const config = new pulumi.Config();
const resourceGroupName = config.get("resourceGroupName");

const accounts = listBatchAccountsOutput({ resourceGroupName }).value;

/** "resource-group/account": account names are unique only within a resource group. */
function label(account: BatchAccount): string {
  return `${account.resourceGroupName}/${account.name}`;
}

export const accountCount = accounts.length;

/** Location → the accounts there, sorted. */
export const accountsByLocation = accounts.apply((list) => {
  const byLocation: Record<string, string[]> = {};
  for (const account of list) {
    byLocation[account.location] ??= [];
    byLocation[account.location].push(label(account));
  }
  for (const names of Object.values(byLocation)) names.sort();
  return byLocation;
});

/** Accounts whose endpoints accept public traffic (publicNetworkAccess "Enabled", ARM's default when unset). */
export const publicNetworkAccessEnabled = accounts.apply((list) =>
  list
    .filter((account) => account.publicNetworkAccess === "Enabled")
    .map(label)
    .sort(),
);
