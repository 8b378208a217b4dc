// ARM's Subscriptions - List (GET {arm}/subscriptions), for the per-subscription ARM fan-out:
// which subscriptions the credential can read, page by page (nextLink).

import { checked, type ListPage, object, optStr, readListPage, ShapeError, str } from "../model/json-check";
import { GUID_PATTERN } from "../model/names";
import { nextLinkList } from "./arm-paging";
import type { ListOperation } from "./operation";

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

export type SubscriptionPage = ListPage<ListedSubscription>;

function readSubscription(item: unknown, path: string): ListedSubscription {
  const s = object(item, path);
  const subscriptionId = str(s.subscriptionId, path, "subscriptionId");
  if (!GUID_PATTERN.test(subscriptionId)) throw new ShapeError(`${path}.subscriptionId`, "a GUID", subscriptionId);
  const out: ListedSubscription = { subscriptionId };
  const displayName = optStr(s.displayName, path, "displayName");
  if (displayName !== undefined) out.displayName = displayName;
  const state = optStr(s.state, path, "state");
  if (state !== undefined) out.state = state;
  const tenantId = optStr(s.tenantId, path, "tenantId");
  if (tenantId !== undefined) out.tenantId = tenantId;
  return out;
}

/** Parses one page of Subscriptions - List; `offset` numbers entries across pages in errors. */
export function parseSubscriptionPage(body: unknown, offset = 0): SubscriptionPage {
  return checked(
    () => readListPage(body, offset, readSubscription),
    "Azure Resource Manager returned a subscription list",
    "its schema requires",
  );
}

const WHAT = "the subscriptions the credential can read (Subscriptions - List)";

function advise(status: number): string {
  return status === 401 || status === 403 ? "Check that the credential can sign in to the tenant and read its subscriptions." : "";
}

export function subscriptionsList(endpoint: string): ListOperation<ListedSubscription> {
  const first = { url: subscriptionsUrl(endpoint), what: WHAT, advise };
  return nextLinkList(endpoint, first, parseSubscriptionPage, (subscription) => subscription.subscriptionId);
}
