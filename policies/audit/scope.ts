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

/**
 * The listing an audit runs for its flags. One subscription (the configured default when no
 * --subscription is given) is listed through ARM, optionally one resource group of it; several
 * subscriptions, management groups and the tenant through Azure Resource Graph unless --source arm.
 */
export function planScope(args: AuditArgs): ScopePlan {
  const source = args.source;
  if (args.tenant)
    return { scope: { kind: "tenant" }, source: source ?? "resourceGraph", listArgs: withSource({ scope: "tenant" }, source) };
  if (args.managementGroupIds.length > 0) {
    const managementGroupIds = [...args.managementGroupIds];
    return {
      scope: { kind: "managementGroups", managementGroupIds },
      source: source ?? "resourceGraph",
      listArgs: withSource({ managementGroupIds }, source),
    };
  }
  const subscriptionIds = [...args.subscriptionIds];
  if (subscriptionIds.length > 1 || (source === "resourceGraph" && args.resourceGroupName === undefined)) {
    if (subscriptionIds.length === 0)
      throw new UsageError(
        "--source resourceGraph needs --subscription, --management-group or --tenant (the default subscription is listed through ARM).",
      );
    return {
      scope: { kind: "subscriptions", subscriptionIds },
      source: source ?? "resourceGraph",
      listArgs: withSource({ subscriptionIds }, source),
    };
  }
  if (source === "resourceGraph")
    throw new UsageError("--source resourceGraph does not combine with --resource-group: a resource group is listed through ARM.");
  const listArgs: ListBatchAccountsArgs = {};
  if (subscriptionIds[0] !== undefined) listArgs.subscriptionId = subscriptionIds[0];
  if (args.resourceGroupName !== undefined) listArgs.resourceGroupName = args.resourceGroupName;
  return { scope: { kind: "subscription", ...listArgs } as AuditScope, source: "arm", listArgs };
}

function withSource(args: ListBatchAccountsArgs, source: ListingSource | undefined): ListBatchAccountsArgs {
  return source === undefined ? args : { ...args, source };
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
