// The continuation tokens of a tenant-scale listing. Through the ARM fan-out a page is one
// subscription's accounts, and the token names the next subscription (in the order the listing
// reads them: by id); through Azure Resource Graph the token names the batch of the query (1,000
// subscriptions or management groups each) and the row to resume at (`$skip`). Either belongs to
// one ARM origin, source and scope.

import { decodeToken, encodeToken, listingDigest } from "../paging/continuation-token";
import { MAX_MANAGEMENT_GROUPS_PER_REQUEST, MAX_SUBSCRIPTIONS_PER_REQUEST } from "./resource-graph-request";
import type { ListSource, TenantScope } from "./scope";

/** Where a Resource Graph listing resumes: row `skip` of batch `batch`. */
export interface GraphPosition {
  batch: number;
  skip: number;
}

/** Where an ARM fan-out resumes: the first subscription whose id sorts at or after `subscriptionId`. */
export interface FanOutPosition {
  subscriptionId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Subscription ids as a listing reads them: lower-cased, sorted (so pages come in id order). */
export function sortedIds(ids: readonly string[]): string[] {
  return ids.map((id) => id.toLowerCase()).sort();
}

/** The digest a token of this listing carries. */
export function scopeDigest(endpoint: string, source: ListSource, scope: TenantScope): string {
  const ids =
    scope.kind === "subscriptions" ? sortedIds(scope.subscriptionIds) : scope.kind === "managementGroups" ? scope.managementGroupIds : [];
  return listingDigest({ op: "Microsoft.Batch/batchAccounts", origin: endpoint.toLowerCase(), source, kind: scope.kind, ids });
}

export function graphToken(digest: string, position: GraphPosition): string {
  return encodeToken(digest, { b: position.batch, s: position.skip });
}

export function fanOutToken(digest: string, position: FanOutPosition): string {
  return encodeToken(digest, { s: position.subscriptionId.toLowerCase() });
}

export function decodeGraphToken(token: unknown, digest: string, batches: number): GraphPosition {
  return decodeToken(token, digest, ({ b, s }) =>
    Number.isSafeInteger(b) && Number.isSafeInteger(s) && (b as number) >= 0 && (b as number) < batches && (s as number) >= 0
      ? { batch: b as number, skip: s as number }
      : undefined,
  );
}

export function decodeFanOutToken(token: unknown, digest: string): FanOutPosition {
  return decodeToken(token, digest, ({ s }) => (typeof s === "string" && GUID.test(s) ? { subscriptionId: s } : undefined));
}

/** Queries a Resource Graph listing of `scope` makes its pages from (one per 1,000 subscriptions or management groups). */
export function graphBatchCount(scope: TenantScope): number {
  if (scope.kind === "subscriptions") return Math.ceil(scope.subscriptionIds.length / MAX_SUBSCRIPTIONS_PER_REQUEST);
  if (scope.kind === "managementGroups") return Math.ceil(scope.managementGroupIds.length / MAX_MANAGEMENT_GROUPS_PER_REQUEST);
  return 1;
}
