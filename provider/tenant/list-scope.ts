// A tenant-scale listing from the chosen source, as pages (each page in id order, see
// arm-fan-out.ts and resource-graph-list.ts) or, for the array form, every account sorted by id
// (case-insensitively, as ARM compares ids), an account listed twice failing the listing.

import type { ArmClient, Listing } from "../client/arm-client";
import { BatchLookupError } from "../errors";
import type { BatchAccount } from "../model/batch-account";
import { compareIds } from "../model/compare-ids";
import type { ReadPage } from "../paging/paged-iterator";
import { armFanOutPages } from "./arm-fan-out";
import { describeScope } from "./describe-scope";
import { ResourceGraphQuotaGate } from "./quota";
import { graphWhat, ResultChanged, resourceGraphPages } from "./resource-graph-list";
import type { TenantScope } from "./scope";
import { type FanOutPosition, fanOutToken, type GraphPosition, graphToken } from "./scope-token";

/** Where a paged listing starts (a checked continuation token's position) and, for Resource Graph, its page size. */
export type ScopeStart = { source: "arm"; from?: FanOutPosition } | { source: "resourceGraph"; from?: GraphPosition; top?: number };

/**
 * Resource Graph pages a paged listing reads ahead of the one its caller takes: the next one is
 * read while the caller works on this one (the Azure SDK's pagers read none ahead). A page is up to
 * 1,000 parsed accounts; a caller that reads slowly (the audit reads each account's estate) would
 * otherwise hold `maxConcurrentRequests` of them. The array form, which wants them all at once,
 * reads that many side by side.
 */
const PAGED_READ_AHEAD = 1;

/** Reads of the result a listing makes when the accounts in scope change while it is read. */
const RESULT_READS = 2;

/** `paged`: for a paged iterator (a budget a page, a short read-ahead), else for the array form. */
function pagesOf(
  client: ArmClient,
  scope: TenantScope,
  start: ScopeStart,
  listing: Listing,
  paged: boolean,
  digest: string | undefined,
  gate?: ResourceGraphQuotaGate,
): AsyncGenerator<ReadPage<BatchAccount>> {
  if (start.source === "arm") {
    return armFanOutPages(client, scope, listing, {
      ...(start.from === undefined ? {} : { from: start.from.subscriptionId }),
      pageBudget: paged,
      token: (subscriptionId) =>
        digest === undefined || subscriptionId === undefined ? undefined : fanOutToken(digest, { subscriptionId }),
    });
  }
  return resourceGraphPages(client, scope, listing, {
    ...(start.from === undefined ? {} : { from: start.from }),
    ...(start.top === undefined ? {} : { top: start.top }),
    pageBudget: paged,
    ...(gate === undefined ? {} : { gate }),
    ...(paged ? { readAhead: PAGED_READ_AHEAD } : {}),
    token: (position) => (digest === undefined || position === undefined ? undefined : graphToken(digest, position)),
  });
}

/**
 * The pages of a listing, each page under a lookup's time budget of its own and with the token
 * that resumes after it. A result that changed while it was read fails the iteration at that page.
 */
export async function* scopePages(
  client: ArmClient,
  scope: TenantScope,
  start: ScopeStart,
  digest: string,
): AsyncGenerator<ReadPage<BatchAccount>> {
  const listing = client.startListing();
  try {
    yield* pagesOf(client, scope, start, listing, true, digest);
  } catch (err) {
    if (!(err instanceof ResultChanged)) throw err;
    throw new BatchLookupError({
      code: "InvalidResponse",
      message: `Listing ${graphWhat(scope)} failed: the accounts in scope changed while they were read (${err.message}); the pages read so far stand, list again from the start for a consistent view.`,
    });
  } finally {
    listing.end();
  }
}

/** Every account of the scope, under one deadline and the list caps, sorted by id. */
export async function listScopeAccounts(client: ArmClient, scope: TenantScope, start: ScopeStart): Promise<BatchAccount[]> {
  const listing = client.startListing();
  const gate = new ResourceGraphQuotaGate();
  try {
    return await readWhole(client, scope, start, listing, gate);
  } finally {
    listing.end();
  }
}

async function readWhole(
  client: ArmClient,
  scope: TenantScope,
  start: ScopeStart,
  listing: Listing,
  gate: ResourceGraphQuotaGate,
): Promise<BatchAccount[]> {
  for (let read = 1; ; read++) {
    try {
      const accounts: BatchAccount[] = [];
      for await (const page of pagesOf(client, scope, start, listing, false, undefined, gate))
        for (const account of page.items) accounts.push(account);
      return sortedUnique(accounts, scope);
    } catch (err) {
      if (!(err instanceof ResultChanged)) throw err;
      if (read >= RESULT_READS) {
        throw new BatchLookupError({
          code: "InvalidResponse",
          message: `Listing ${graphWhat(scope)} failed: the accounts in scope changed while they were read, ${RESULT_READS} times in a row (Azure Resource Graph matched ${err.before} rows, then ${err.after}); list them again; no partial list is returned.`,
        });
      }
      // The next read replaces this one, in the caps too.
      listing.caps.restart();
    }
  }
}

function sortedUnique(accounts: BatchAccount[], scope: TenantScope): BatchAccount[] {
  // Each id lower-cased once: ARM compares ids case-insensitively; ties keep a stable, exact order.
  const keyed = accounts.map((account) => ({ key: account.id.toLowerCase(), account }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : compareIds(a.account.id, b.account.id)));
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
