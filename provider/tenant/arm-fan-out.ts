// The Batch accounts of a tenant-scale scope through ARM: the scope's subscriptions (those given,
// or Subscriptions - List for the tenant, less those in the Deleted state, where ARM answers no
// operation and which hold no resources any more), then Batch Account - List per subscription, at most
// `maxConcurrentRequests` subscriptions at a time, all as one listing (one deadline, correlation
// id and the list caps). The first failure stops the fan-out and fails the listing.

import type { ArmClient, Listing } from "../client/arm-client";
import { ListCaps } from "../client/list-caps";
import { invalidArgument } from "../errors";
import type { BatchAccount } from "../model/batch-account";
import { batchAccountList } from "../operations/batch-account-list";
import { type ListedSubscription, subscriptionsList } from "../operations/subscriptions-list";
import { forEachBounded } from "./for-each-bounded";
import type { TenantScope } from "./scope";

/** Every subscription the credential can read, page by page (nextLinks on the ARM origin only). */
export function listSubscriptions(client: ArmClient, listing: Listing): Promise<ListedSubscription[]> {
  // Its own caps (subscriptions are not accounts), the listing's deadline and correlation id.
  return client.collect(subscriptionsList(client.endpoint), { ...listing, caps: new ListCaps(client.options.limits) });
}

async function scopeSubscriptions(client: ArmClient, scope: TenantScope, listing: Listing): Promise<string[]> {
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

export async function listViaArmFanOut(client: ArmClient, scope: TenantScope, listing: Listing): Promise<BatchAccount[]> {
  const subscriptionIds = await scopeSubscriptions(client, scope, listing);
  const lists: BatchAccount[][] = new Array(subscriptionIds.length);
  await forEachBounded(listing, subscriptionIds.length, client.options.maxConcurrentRequests, async (index, shared) => {
    const subscriptionId = subscriptionIds[index]!;
    lists[index] = await client.collect(batchAccountList(client.endpoint, { subscriptionId }), shared);
  });
  return lists.flat();
}
