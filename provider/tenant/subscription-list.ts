// ARM's Subscriptions - List (GET {arm}/subscriptions), for the per-subscription ARM fan-out:
// which subscriptions the credential can read, page by page (nextLink).

import { BatchLookupError } from "../errors";

/** The api-version the library sends. */
export const SUBSCRIPTIONS_API_VERSION = "2022-12-01";

export function subscriptionsUrl(endpoint: string, apiVersion: string = SUBSCRIPTIONS_API_VERSION): string {
  return `${endpoint.replace(/\/+$/, "")}/subscriptions?api-version=${encodeURIComponent(apiVersion)}`;
}

export interface ListedSubscription {
  subscriptionId: string;
  displayName?: string;
  /** Enabled, Warned, PastDue, Disabled or Deleted. */
  state?: string;
  tenantId?: string;
}

export interface SubscriptionPage {
  value: ListedSubscription[];
  nextLink?: string;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function invalid(target: string, expected: string, value: unknown): BatchLookupError {
  const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  return new BatchLookupError({
    code: "InvalidResponse",
    target,
    message: `Azure Resource Manager returned a subscription list whose ${target} is ${got}, but its schema requires ${expected}.`,
  });
}

function optString(o: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalid(`${path}.${key}`, "a string", v);
  return v;
}

/** Parses one page of Subscriptions - List; `offset` numbers entries across pages in errors. */
export function parseSubscriptionPage(body: unknown, offset = 0): SubscriptionPage {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw invalid("page", "an object", body);
  const o = body as Record<string, unknown>;
  const value = o.value ?? [];
  if (!Array.isArray(value)) throw invalid("page.value", "an array", value);
  const page: SubscriptionPage = {
    value: value.map((item, i) => {
      const path = `value[${offset + i}]`;
      if (typeof item !== "object" || item === null || Array.isArray(item)) throw invalid(path, "an object", item);
      const s = item as Record<string, unknown>;
      const subscriptionId = s.subscriptionId;
      if (typeof subscriptionId !== "string" || !GUID.test(subscriptionId))
        throw invalid(`${path}.subscriptionId`, "a GUID", subscriptionId);
      const out: ListedSubscription = { subscriptionId };
      const displayName = optString(s, "displayName", path);
      if (displayName !== undefined) out.displayName = displayName;
      const state = optString(s, "state", path);
      if (state !== undefined) out.state = state;
      const tenantId = optString(s, "tenantId", path);
      if (tenantId !== undefined) out.tenantId = tenantId;
      return out;
    }),
  };
  const next = optString(o, "nextLink", "page");
  if (next !== undefined && next !== "") page.nextLink = next;
  return page;
}
