// A tenant-scale listing: the scope's Batch accounts from the chosen source, sorted by id
// (case-insensitively, as ARM compares ids), an account listed twice failing the listing.

import type { ArmClient } from "../client/arm-client";
import { BatchLookupError } from "../errors";
import type { BatchAccount } from "../model/batch-account";
import { listViaArmFanOut } from "./arm-fan-out";
import { describeScope } from "./describe-scope";
import { listViaResourceGraph } from "./resource-graph-list";
import type { ListSource, TenantScope } from "./scope";

export async function listScopeAccounts(client: ArmClient, scope: TenantScope, source: ListSource): Promise<BatchAccount[]> {
  const listing = client.startListing();
  const accounts = source === "arm" ? await listViaArmFanOut(client, scope, listing) : await listViaResourceGraph(client, scope, listing);
  // Each id lower-cased once: ARM compares ids case-insensitively; ties keep a stable, exact order.
  const keyed = accounts.map((account) => ({ key: account.id.toLowerCase(), account }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.account.id < b.account.id ? -1 : a.account.id > b.account.id ? 1 : 0));
  for (let i = 1; i < keyed.length; i++) {
    if (keyed[i]!.key === keyed[i - 1]!.key) {
      throw new BatchLookupError({
        code: "InvalidResponse",
        message: `Listing the Batch accounts of ${describeScope(scope)} failed: ${JSON.stringify(keyed[i]!.account.id)} was listed twice; no partial list is returned.`,
      });
    }
  }
  return keyed.map((k) => k.account);
}
