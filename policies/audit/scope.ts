// Which accounts an audit lists: the scope the flags name, as listBatchAccounts arguments, and a
// description of it for the reports.

import type { ListBatchAccountsArgs } from "azure-batch-lookup";
import { type AuditArgs, type ListingSource, UsageError } from "./args";

/** The scope of an audit, as the JSON and SARIF reports record it. */
export type AuditScope =
  | { kind: "subscription"; subscriptionId?: string; resourceGroupName?: string }
  | { kind: "subscriptions"; subscriptionIds: string[] }
  | { kind: "managementGroups"; managementGroupIds: string[] }
  | { kind: "tenant" };

export interface ScopePlan {
  scope: AuditScope;
  /** Where the accounts are read: ARM's lists, or Azure Resource Graph. */
  source: ListingSource;
  listArgs: ListBatchAccountsArgs;
}

/** The listing an audit runs for its flags (no subscription flag: the configured default subscription). */
export function planScope(args: AuditArgs): ScopePlan {
  if (args.managementGroupIds.length > 0 || args.tenant || args.subscriptionIds.length > 1) {
    const flag = args.tenant ? "--tenant" : args.managementGroupIds.length > 0 ? "--management-group" : "several --subscription";
    throw new UsageError(
      `${flag} needs tenant-scale listing, which this version of azure-batch-lookup does not offer: audit one subscription at a time.`,
    );
  }
  if (args.source === "resourceGraph")
    throw new UsageError("--source resourceGraph needs tenant-scale listing; one subscription is listed through ARM (--source arm).");
  const subscriptionId = args.subscriptionIds[0];
  const listArgs: ListBatchAccountsArgs = {};
  if (subscriptionId !== undefined) listArgs.subscriptionId = subscriptionId;
  if (args.resourceGroupName !== undefined) listArgs.resourceGroupName = args.resourceGroupName;
  return { scope: { kind: "subscription", ...listArgs }, source: "arm", listArgs };
}

/** `subscription 1234…`, `resource group rg of subscription 1234…`, for progress and the table's summary. */
export function describeScope(scope: AuditScope): string {
  switch (scope.kind) {
    case "subscription": {
      const sub = scope.subscriptionId === undefined ? "the default subscription" : `subscription ${scope.subscriptionId}`;
      return scope.resourceGroupName === undefined ? sub : `resource group ${scope.resourceGroupName} of ${sub}`;
    }
    case "subscriptions":
      return `${scope.subscriptionIds.length} subscriptions`;
    case "managementGroups":
      return `management group${scope.managementGroupIds.length === 1 ? "" : "s"} ${scope.managementGroupIds.join(", ")}`;
    case "tenant":
      return "every subscription of the tenant the credential can read";
  }
}
