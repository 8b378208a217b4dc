/**
 * The subscriptions a Resource Graph query covers: those it names, those below the management
 * groups it names, or every subscription of the tenant; only those the caller can read.
 *
 * As ARG: subscriptions the caller cannot read (unknown, Deleted, or not granted) are skipped
 * silently, but a request that names subscriptions (or management groups) of which none is
 * readable is a 400 whose details carry NoValidSubscriptionsInQueryRequest; tenant and management
 * group scopes are cut past the tenant subscription limit.
 */

import { isGuid } from "../provider/model/names";
import { MAX_SUBSCRIPTIONS_PER_REQUEST } from "../provider/tenant/resource-graph-request";
import { canRead, type Principal } from "./auth";
import type { AccountStore } from "./store";

export interface GraphScope {
  /** Readable subscriptions in scope, lower-case. */
  subscriptions: string[];
  /** True when a tenant or management group scope was cut at the subscription limit. */
  limitHit: boolean;
}

/** Why a scope cannot be queried: the detail code and message of ARG's 400. */
export interface GraphScopeError {
  detailCode: string;
  message: string;
}

export const NO_VALID_SUBSCRIPTIONS: GraphScopeError = Object.freeze({
  detailCode: "NoValidSubscriptionsInQueryRequest",
  message: "There are no valid subscriptions in the query request.",
});

/** The scope of a QueryRequest body's `subscriptions` / `managementGroups` (both undefined: the tenant). */
export function resolveScope(
  body: { subscriptions?: unknown; managementGroups?: unknown },
  store: AccountStore,
  principal: Principal,
  tenantSubscriptionLimit: number,
): GraphScope | GraphScopeError {
  const { subscriptions, managementGroups } = body;
  if (subscriptions !== undefined && managementGroups !== undefined) {
    return { detailCode: "InvalidScope", message: "Give either 'subscriptions' or 'managementGroups', not both." };
  }
  const readable = (s: string) => store.hasLiveSubscription(s) && canRead(principal, s);
  if (subscriptions !== undefined) {
    if (!Array.isArray(subscriptions) || subscriptions.some((s) => typeof s !== "string" || !isGuid(s))) {
      return { detailCode: "InvalidSubscriptionId", message: "'subscriptions' must be an array of subscription ids (GUIDs)." };
    }
    if (subscriptions.length === 0) return { detailCode: "InvalidScope", message: "'subscriptions' must not be empty." };
    if (subscriptions.length > MAX_SUBSCRIPTIONS_PER_REQUEST) {
      return {
        detailCode: "InvalidScope",
        message: `At most ${MAX_SUBSCRIPTIONS_PER_REQUEST} subscriptions per request; split them into batches.`,
      };
    }
    const subs = (subscriptions as string[]).map((s) => s.toLowerCase()).filter(readable);
    return subs.length === 0 ? NO_VALID_SUBSCRIPTIONS : { subscriptions: subs, limitHit: false };
  }
  let candidates: string[];
  if (managementGroups !== undefined) {
    if (!Array.isArray(managementGroups) || managementGroups.length === 0 || managementGroups.some((m) => typeof m !== "string")) {
      return { detailCode: "InvalidScope", message: "'managementGroups' must be a non-empty array of management group ids." };
    }
    const all = new Set<string>();
    for (const mg of managementGroups as string[]) {
      const under = store.managementGroups.subscriptionsUnder(mg);
      if (under === undefined) return { detailCode: "ManagementGroupNotFound", message: `Management group '${mg}' could not be found.` };
      for (const s of under) all.add(s);
    }
    candidates = [...all];
  } else {
    candidates = store.subscriptions().map((s) => s.subscriptionId.toLowerCase());
  }
  const subs = candidates.filter(readable).sort();
  if (managementGroups !== undefined && subs.length === 0) return NO_VALID_SUBSCRIPTIONS;
  if (subs.length > tenantSubscriptionLimit) return { subscriptions: subs.slice(0, tenantSubscriptionLimit), limitHit: true };
  return { subscriptions: subs, limitHit: false };
}
