// The Batch accounts of a tenant-scale scope through ARM: the scope's subscriptions (those given,
// or Subscriptions - List for the tenant, less those in the Deleted state, where ARM answers no
// operation and which hold no resources any more), then Batch Account - List per subscription, at most
// `maxConcurrentRequests` subscriptions at a time, all as one listing (one deadline, correlation
// id and the list caps). The first failure stops the fan-out and fails the listing.

import { batchAccountsListUrl } from "../arm/batch-urls";
import type { BatchLookupClient, Listing } from "../client";
import { invalidArgument } from "../errors";
import type { BatchAccount } from "../model";
import { parseBatchAccountPage } from "../parse";
import { NextLinkGuard } from "../pipeline/next-link";
import { forEachBounded } from "./for-each-bounded";
import type { TenantScope } from "./scope";
import { type ListedSubscription, parseSubscriptionPage, subscriptionsUrl } from "./subscription-list";

const SUBSCRIPTIONS_WHAT = "the subscriptions the credential can read (Subscriptions - List)";

function subscriptionsAdvice(status: number): string {
  return status === 401 || status === 403 ? " Check that the credential can sign in to the tenant and read its subscriptions." : "";
}

/** Every subscription the credential can read, page by page (nextLinks on the ARM origin only). */
export async function listSubscriptions(client: BatchLookupClient, listing: Listing): Promise<ListedSubscription[]> {
  const first = subscriptionsUrl(client.endpoint);
  const guard = new NextLinkGuard(client.endpoint, SUBSCRIPTIONS_WHAT);
  guard.visit(first);
  const op = { url: first, what: SUBSCRIPTIONS_WHAT, advise: subscriptionsAdvice };
  // Its own caps (subscriptions are not accounts), the listing's deadline and correlation id.
  const own: Listing = { budget: listing.budget, correlationId: listing.correlationId, items: 0, bytes: 0 };
  return client.collect<ListedSubscription>(
    op,
    (body, offset) => {
      const page = parseSubscriptionPage(body, offset);
      if (page.nextLink === undefined) return { value: page.value };
      const url = guard.check(page.nextLink);
      guard.visit(url);
      return { value: page.value, next: { ...op, url } };
    },
    (s) => s.subscriptionId,
    own,
  );
}

async function scopeSubscriptions(client: BatchLookupClient, scope: TenantScope, listing: Listing): Promise<string[]> {
  switch (scope.kind) {
    case "subscriptions":
      return scope.subscriptionIds;
    case "tenant":
      return (await listSubscriptions(client, listing)).filter((s) => s.state?.toLowerCase() !== "deleted").map((s) => s.subscriptionId);
    case "managementGroups":
      throw invalidArgument(
        "source",
        'source "arm" supports subscriptionIds and scope "tenant"; list management groups through Azure Resource Graph (source "resourceGraph", the default)',
        "arm",
      );
  }
}

export async function listViaArmFanOut(client: BatchLookupClient, scope: TenantScope, listing: Listing): Promise<BatchAccount[]> {
  const subscriptionIds = await scopeSubscriptions(client, scope, listing);
  const lists: BatchAccount[][] = new Array(subscriptionIds.length);
  await forEachBounded(listing, subscriptionIds.length, client.options.maxConcurrentRequests, async (index, shared) => {
    const subscriptionId = subscriptionIds[index]!;
    const url = batchAccountsListUrl(client.endpoint, subscriptionId);
    lists[index] = await client.getAllPages(url, { subscriptionId }, parseBatchAccountPage, shared);
  });
  return lists.flat();
}
