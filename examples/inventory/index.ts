// Inventory: every Batch account of a subscription, or of a tenant scope (every page of every
// list followed), grouped by location and by subscription, the accounts that accept traffic from
// the public internet, and those that fail a mandatory rule of the azure-batch-policies pack.
//
// Configuration:
//   batch-inventory:scope               optional: "tenant" (every subscription the credential can
//                                       read) or a JSON list of subscription ids; default: one subscription
//   batch-inventory:source              optional, with scope: "resourceGraph" (default) or "arm"
//   batch-inventory:resourceGroupName   optional, without scope: list one resource group
//   batch-inventory:policyConfig        optional: the policy pack's configuration (JSON, as for --policy-pack-config)
//   azure-batch-lookup:subscriptionId   (or azure-native:subscriptionId, or ARM_SUBSCRIPTION_ID), without scope
//   azure-batch-lookup:endpoint / azure-batch-lookup:token   only for the emulator

import * as pulumi from "@pulumi/pulumi";
import { type BatchAccount, type ListBatchAccountsArgs, type ListSource, listBatchAccountsOutput } from "azure-batch-lookup";
import { type BatchPolicyConfig, checkBatchAccount } from "azure-batch-policies";

const config = new pulumi.Config();

/** The accounts to list: one subscription (or resource group), or a tenant scope. */
function listArgs(): ListBatchAccountsArgs {
  const scope = config.get("scope");
  const source = config.get("source") as ListSource | undefined;
  if (scope === undefined) return { resourceGroupName: config.get("resourceGroupName") };
  if (scope === "tenant") return { scope: "tenant", source };
  let subscriptionIds: unknown;
  try {
    subscriptionIds = JSON.parse(scope);
  } catch {
    subscriptionIds = undefined;
  }
  if (!Array.isArray(subscriptionIds)) {
    throw new Error(`batch-inventory:scope must be "tenant" or a JSON list of subscription ids (got ${JSON.stringify(scope)})`);
  }
  return { subscriptionIds: subscriptionIds as string[], source };
}

const policyConfig = config.getObject<BatchPolicyConfig>("policyConfig");
const accounts = listBatchAccountsOutput(listArgs()).value;

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

/** Subscription → location → how many accounts: the tenant view. */
export const accountsPerSubscriptionAndLocation = accounts.apply((list) => {
  const counts: Record<string, Record<string, number>> = {};
  for (const account of list) {
    counts[account.subscriptionId] ??= {};
    const bySubscription = counts[account.subscriptionId];
    bySubscription[account.location] = (bySubscription[account.location] ?? 0) + 1;
  }
  return counts;
});

/** Accounts whose endpoints accept public traffic (publicNetworkAccess "Enabled", ARM's default when unset). */
export const publicNetworkAccessEnabled = accounts.apply((list) =>
  list
    .filter((account) => account.publicNetworkAccess === "Enabled")
    .map(label)
    .sort(),
);

/** "subscription/resource-group/account" → the mandatory rules it fails (existing accounts: every rule applies). */
export const failingMandatoryRules = accounts.apply((list) => {
  const failing: Record<string, string[]> = {};
  for (const account of list) {
    const result = checkBatchAccount(account, policyConfig, { existing: true });
    const rules = [...new Set(result.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName))].sort();
    if (rules.length > 0) failing[`${account.subscriptionId}/${label(account)}`] = rules;
  }
  return failing;
});
