import type * as pulumi from "@pulumi/pulumi";
import type { ArmClient } from "../client/arm-client";
import { invalidArgument } from "../errors";
import type { BatchAccount, BatchAccountListResult } from "../model/batch-account";
import { validateArgsObject, validateResourceGroupName } from "../model/names";
import { batchAccountList } from "../operations/batch-account-list";
import { startsAtFirstPage } from "../paging/arm-list-pages";
import { checkMaxPageSize, refuseMaxPageSize } from "../paging/continuation-token";
import { type PagedAsyncIterableIterator, type PageSettings, pagedIterator, type ReadPage } from "../paging/paged-iterator";
import { MAX_ROWS_PER_PAGE } from "../tenant/resource-graph-request";
import { type ListSource, resolveTenantScope, type TenantScope, validateListSource } from "../tenant/scope";
import { decodeFanOutToken, decodeGraphToken, graphBatchCount, scopeDigest } from "../tenant/scope-token";
import { type ArmListPlan, pagedArmList, readArmList } from "./arm-list";
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

/** A listing, its arguments checked: one ARM list, or a tenant-scale scope and its source. */
type AccountListing =
  | ({ kind: "arm" } & ArmListPlan<BatchAccount>)
  | { kind: "tenant"; client: ArmClient; scope: TenantScope; source: ListSource };

function planListing(args: ListBatchAccountsArgs | undefined, opts: LookupOptions | undefined): AccountListing {
  const a = validateArgsObject(args);
  const tenantScope = resolveTenantScope(a);
  const source = validateListSource(a.source);
  if (tenantScope !== undefined) return { kind: "tenant", client: clientFor(opts), scope: tenantScope, source: source ?? "resourceGraph" };
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
  const scope = resourceGroupName === undefined ? { subscriptionId } : { subscriptionId, resourceGroupName };
  return { kind: "arm", client, list: () => batchAccountList(client.endpoint, scope) };
}

/**
 * Gets information about the Batch accounts of a subscription (Batch Account - List), or of one
 * resource group (Batch Account - List By Resource Group), api-version 2024-07-01. Every page is
 * followed; any failure fails the whole list, never a partial result.
 *
 * With `subscriptionIds`, `managementGroupIds` or `scope: "tenant"`, lists the accounts across
 * subscriptions, through Azure Resource Graph (default) or ARM's per-subscription lists
 * (`source: "arm"`), sorted by id.
 *
 * @see listBatchAccountsPaged, the same list page by page, to start on the first page, stop early
 * or resume (the TypeScript library's; the plugin's function returns the whole list).
 */
export async function listBatchAccounts(args?: ListBatchAccountsArgs, opts?: LookupOptions): Promise<BatchAccountListResult> {
  const listing = planListing(args, opts);
  const { client } = listing;
  if (listing.kind === "tenant") {
    const key = `tenant ${listing.source} ${JSON.stringify(listing.scope).toLowerCase()}`;
    // The tenant-scale code (Resource Graph, the ARM fan-out) loads with the first such listing.
    const { listScopeAccounts } = await import("../tenant/list-scope");
    return client.shared(key, async () => ({ value: await listScopeAccounts(client, listing.scope, { source: listing.source }) }));
  }
  return readArmList("list", listing);
}

/**
 * The Batch accounts of `listBatchAccounts`' scopes, read as Azure SDK clients read a list
 * (`PagedAsyncIterableIterator`): `for await` over the accounts, `byPage()` over the pages as they
 * arrive, `byPage({ continuationToken })` resuming after a page whose `continuationToken` it is.
 * Nothing is requested until the iteration starts; a `break` stops it; a failure fails the
 * iteration at that page (the pages before it stand). Arguments are checked at the call, a
 * continuation token or page size at `byPage`.
 *
 * Pages: one ARM page (nextLink; the token is that nextLink) for a subscription or resource
 * group; across subscriptions, one subscription's accounts sorted by id (`source: "arm"`,
 * subscriptions in id order) or one Resource Graph page in the query's id order (`maxPageSize` 1
 * to 1,000 sets its `$top`). The list caps (`limits.maxListAccounts`, `limits.maxListBytes`)
 * count the items and bytes of one iteration; each page has a lookup's time budget of its own.
 */
export function listBatchAccountsPaged(args?: ListBatchAccountsArgs, opts?: LookupOptions): PagedAsyncIterableIterator<BatchAccount> {
  const listing = planListing(args, opts);
  if (listing.kind === "arm") return pagedArmList(listing);
  return pagedIterator((settings) => scopePages(listing, settings));
}

/** A tenant-scale listing's pages from `settings`, the token and page size checked now. */
function scopePages(listing: Extract<AccountListing, { kind: "tenant" }>, settings: PageSettings): AsyncGenerator<ReadPage<BatchAccount>> {
  const { client, scope, source } = listing;
  const digest = scopeDigest(client.endpoint, source, scope);
  const token = startsAtFirstPage(settings.continuationToken) ? undefined : settings.continuationToken;
  type Start = import("../tenant/list-scope").ScopeStart;
  let start: Start;
  if (source === "arm") {
    refuseMaxPageSize(settings.maxPageSize, "the ARM fan-out (a page is one subscription's accounts)");
    start = token === undefined ? { source } : { source, from: decodeFanOutToken(token, digest) };
  } else {
    const top = checkMaxPageSize(settings.maxPageSize, MAX_ROWS_PER_PAGE);
    start = {
      source,
      ...(token === undefined ? {} : { from: decodeGraphToken(token, digest, graphBatchCount(scope)) }),
      ...(top === undefined ? {} : { top }),
    };
  }
  return (async function* () {
    const { scopePages } = await import("../tenant/list-scope");
    yield* scopePages(client, scope, start, digest);
  })();
}

/** Lists Batch accounts as an Output (see `listBatchAccounts`). */
export function listBatchAccountsOutput(
  args?: ListBatchAccountsOutputArgs,
  opts?: LookupOutputOptions,
): pulumi.Output<BatchAccountListResult> {
  return lookupOutput(args as pulumi.Input<ListBatchAccountsArgs> | undefined, opts, listBatchAccounts);
}
