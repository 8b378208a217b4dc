import type * as pulumi from "@pulumi/pulumi";
import { invalidArgument } from "../errors";
import type { BatchAccountListResult } from "../model/batch-account";
import { validateArgsObject, validateResourceGroupName } from "../model/names";
import { batchAccountList } from "../operations/batch-account-list";
import { type ListSource, resolveTenantScope, validateListSource } from "../tenant/scope";
import { clientFor, resolveSubscriptionId } from "./lookup-context";
import type { LookupOptions, LookupOutputOptions } from "./lookup-options";
import { lookupOutput } from "./output";

export type { ListSource } from "../tenant/scope";

export interface ListBatchAccountsArgs {
  /** The subscription; default from configuration (`azure-batch-lookup:subscriptionId`, `azure-native:subscriptionId`, `ARM_SUBSCRIPTION_ID`). */
  subscriptionId?: string;
  /** Only the accounts of this resource group (Batch Account - List By Resource Group). */
  resourceGroupName?: string;
  /** The accounts of these subscriptions (tenant scale; excludes the other scope fields). */
  subscriptionIds?: string[];
  /** The accounts of the subscriptions under these management groups (tenant scale, through Azure Resource Graph). */
  managementGroupIds?: string[];
  /** "tenant": the accounts of every subscription the credential can read. */
  scope?: "tenant";
  /**
   * Where a tenant-scale listing reads: "resourceGraph" (default; one query per 1,000
   * subscriptions, trails ARM by seconds to minutes) or "arm" (Batch Account - List per
   * subscription: ARM's current view, one request chain per subscription).
   */
  source?: ListSource;
}

export interface ListBatchAccountsOutputArgs {
  subscriptionId?: pulumi.Input<string>;
  resourceGroupName?: pulumi.Input<string>;
  subscriptionIds?: pulumi.Input<pulumi.Input<string>[]>;
  managementGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  scope?: pulumi.Input<"tenant">;
  source?: pulumi.Input<ListSource>;
}

/**
 * Gets information about the Batch accounts of a subscription (Batch Account - List), or of one
 * resource group (Batch Account - List By Resource Group), api-version 2024-07-01. Every page is
 * followed; any failure fails the whole list, never a partial result.
 *
 * With `subscriptionIds`, `managementGroupIds` or `scope: "tenant"`, lists the accounts across
 * subscriptions, through Azure Resource Graph (default) or ARM's per-subscription lists
 * (`source: "arm"`), sorted by id.
 */
export async function listBatchAccounts(args?: ListBatchAccountsArgs, opts?: LookupOptions): Promise<BatchAccountListResult> {
  const a = validateArgsObject(args);
  const tenantScope = resolveTenantScope(a);
  const source = validateListSource(a.source);
  if (tenantScope !== undefined) {
    const client = clientFor(opts);
    const key = `tenant ${source ?? "resourceGraph"} ${JSON.stringify(tenantScope).toLowerCase()}`;
    // The tenant-scale code (Resource Graph, the ARM fan-out) loads with the first such listing.
    const { listScopeAccounts } = await import("../tenant/list-scope");
    return client.shared(key, async () => ({ value: await listScopeAccounts(client, tenantScope, source ?? "resourceGraph") }));
  }
  if (source === "resourceGraph") {
    throw invalidArgument(
      "source",
      '"resourceGraph" applies to subscriptionIds, managementGroupIds and scope "tenant"; a one-subscription list reads ARM',
      source,
    );
  }
  const resourceGroupName =
    a.resourceGroupName === undefined || a.resourceGroupName === null ? undefined : validateResourceGroupName(a.resourceGroupName);
  const client = clientFor(opts);
  const subscriptionId = resolveSubscriptionId(a.subscriptionId, client);
  const list = batchAccountList(
    client.endpoint,
    resourceGroupName === undefined ? { subscriptionId } : { subscriptionId, resourceGroupName },
  );
  return client.shared(`list ${list.first.url.toLowerCase()}`, async () => ({ value: await client.collect(list) }));
}

/** Lists Batch accounts as an Output (see `listBatchAccounts`). */
export function listBatchAccountsOutput(
  args?: ListBatchAccountsOutputArgs,
  opts?: LookupOutputOptions,
): pulumi.Output<BatchAccountListResult> {
  return lookupOutput(args as pulumi.Input<ListBatchAccountsArgs> | undefined, opts, listBatchAccounts);
}
