// A tenant-scale listing: the scope's Batch accounts from the chosen source, sorted by id
// (case-insensitively, as ARM compares ids), an account listed twice failing the listing.

import type { BatchLookupClient } from "../client";
import { BatchLookupError, invalidArgument } from "../errors";
import type { BatchAccount } from "../model";
import { listViaArmFanOut } from "./arm-fan-out";
import { describeScope } from "./describe-scope";
import { listViaResourceGraph } from "./resource-graph-list";
import type { TenantScope } from "./scope";

/** Where a tenant-scale listing reads: Azure Resource Graph (default) or ARM's per-subscription lists. */
export type ListSource = "resourceGraph" | "arm";

export const LIST_SOURCES: readonly ListSource[] = Object.freeze(["resourceGraph", "arm"]);

export function validateListSource(value: unknown): ListSource | undefined {
  if (value === undefined || value === null) return undefined;
  if (value !== "resourceGraph" && value !== "arm") {
    throw invalidArgument(
      "source",
      'must be "resourceGraph" (Azure Resource Graph, the default) or "arm" (ARM\'s per-subscription lists)',
      value,
    );
  }
  return value;
}

function compareIds(a: BatchAccount, b: BatchAccount): number {
  const x = a.id.toLowerCase();
  const y = b.id.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export async function listScopeAccounts(client: BatchLookupClient, scope: TenantScope, source: ListSource): Promise<BatchAccount[]> {
  const listing = client.startListing();
  const accounts = source === "arm" ? await listViaArmFanOut(client, scope, listing) : await listViaResourceGraph(client, scope, listing);
  accounts.sort(compareIds);
  for (let i = 1; i < accounts.length; i++) {
    if (accounts[i]!.id.toLowerCase() === accounts[i - 1]!.id.toLowerCase()) {
      throw new BatchLookupError({
        code: "InvalidResponse",
        message: `Listing the Batch accounts of ${describeScope(scope)} failed: ${JSON.stringify(accounts[i]!.id)} was listed twice; no partial list is returned.`,
      });
    }
  }
  return accounts;
}
