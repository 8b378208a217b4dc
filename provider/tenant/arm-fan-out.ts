// The Batch accounts of a tenant-scale scope through ARM: the scope's subscriptions (those given,
// or Subscriptions - List for the tenant, less those in the Deleted state, where ARM answers no
// operation and which hold no resources any more), then Batch Account - List per subscription, at most
// `maxConcurrentRequests` subscriptions at a time, all as one listing (one correlation id and the
// list caps). Subscriptions are read in id order and each one's accounts sorted by id, so the
// pages (one a subscription that has accounts) come in id order. The first failure stops the
// fan-out and fails the listing.

import type { ArmClient, Listing } from "../client/arm-client";
import { ListCaps } from "../client/list-caps";
import { invalidArgument } from "../errors";
import type { BatchAccount } from "../model/batch-account";
import { compareIds } from "../model/compare-ids";
import { batchAccountList } from "../operations/batch-account-list";
import { type ListedSubscription, subscriptionsList } from "../operations/subscriptions-list";
import type { ReadPage } from "../paging/paged-iterator";
import { readAhead, withBudget } from "./read-ahead";
import type { TenantScope } from "./scope";
import { sortedIds } from "./scope-token";

/** Every subscription the credential can read, page by page (nextLinks on the ARM origin only). */
export function listSubscriptions(client: ArmClient, listing: Listing): Promise<ListedSubscription[]> {
  // Its own caps (subscriptions are not accounts), the listing's deadline and correlation id.
  return client.collect(subscriptionsList(client.endpoint), { ...listing, caps: new ListCaps(client.options.limits) });
}

async function scopeSubscriptions(client: ArmClient, scope: TenantScope, listing: Listing): Promise<string[]> {
  switch (scope.kind) {
    case "subscriptions":
      return sortedIds(scope.subscriptionIds);
    case "tenant":
      return sortedIds(
        (await listSubscriptions(client, listing)).filter((s) => s.state?.toLowerCase() !== "deleted").map((s) => s.subscriptionId),
      );
    case "managementGroups":
      throw invalidArgument(
        "source",
        'source "arm" supports subscriptionIds and scope "tenant"; list management groups through Azure Resource Graph (source "resourceGraph", the default)',
        "arm",
      );
  }
}

export interface FanOutRead {
  /** Resume at the first subscription whose id sorts at or after this one. */
  from?: string;
  /** Each subscription's list gets a lookup's time budget of its own, instead of the listing's one deadline. */
  pageBudget: boolean;
  /** The token of the page before subscription `subscriptionId` (undefined: no more). */
  token(subscriptionId: string | undefined): string | undefined;
}

/** The scope's accounts, one page a subscription that has any, in id order. */
export async function* armFanOutPages(
  client: ArmClient,
  scope: TenantScope,
  listing: Listing,
  read: FanOutRead,
): AsyncGenerator<ReadPage<BatchAccount>> {
  const stop = new AbortController();
  const within = <R>(work: (budget: Listing["budget"]) => Promise<R>) =>
    withBudget(read.pageBudget, listing.budget, () => client.startBudget(), stop, work);
  let subscriptionIds = await within((budget) => scopeSubscriptions(client, scope, { ...listing, budget }));
  if (read.from !== undefined) {
    const from = read.from.toLowerCase();
    subscriptionIds = subscriptionIds.filter((id) => id >= from);
  }
  let index = 0;
  const lists = readAhead(subscriptionIds.length, client.options.maxConcurrentRequests, stop, (i) =>
    within((budget) => client.collect(batchAccountList(client.endpoint, { subscriptionId: subscriptionIds[i]! }), { ...listing, budget })),
  );
  for await (const accounts of lists) {
    index++;
    if (accounts.length === 0) continue;
    accounts.sort((a, b) => compareIds(a.id, b.id));
    const token = read.token(subscriptionIds[index]);
    yield token === undefined ? { items: accounts } : { items: accounts, continuationToken: token };
  }
}
