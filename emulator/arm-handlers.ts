/**
 * The ARM side of a request: validation in ARM's order, then Get / List / List By Resource Group
 * from the store. Pure with respect to the network: returns an {@link ArmResponse} for the server
 * (or a fault) to deliver.
 *
 * Check order: route (404) → method (405) → api-version present and well-formed (400) →
 * authentication (401) → subscription id is a GUID (400) → subscription exists (404) →
 * authorization (403) → enforced rate limit (429) → api-version supported (400) →
 * resource group exists (404) → account exists (404) / `$skiptoken` valid (400) → 200.
 */

import { isGuid } from "../provider/model/names";
import {
  type ArmResponse,
  authorizationFailed,
  invalidApiVersion,
  invalidSkipToken,
  invalidSubscriptionId,
  jsonResponse,
  methodNotAllowed,
  missingApiVersion,
  noRegisteredProviderFound,
  REMAINING_READS_HEADER,
  resourceGroupNotFound,
  resourceNotFound,
  subscriptionNotFound,
  subscriptionRequestsThrottled,
  unknownRoute,
} from "./arm-errors";
import { canRead, type TokenRegistry } from "./auth";
import { buildNextLink, decodeSkipToken, type PageCursor, type PagingSettings } from "./paging";
import type { ReadQuota } from "./rate-limit";
import { type MatchedRoute, queryParam, routeScope } from "./routes";
import type { AccountStore } from "./store";

export interface ArmRequest {
  method: string;
  /** Path as received (percent-encoded). */
  rawPathname: string;
  /** Path and query as received. */
  rawUrl: string;
  query: URLSearchParams;
  authorization?: string;
  route: MatchedRoute;
  /** Origin for nextLinks (the emulator's, as the client addressed it). */
  origin: string;
}

export interface ArmContext {
  store: AccountStore;
  tokens: TokenRegistry;
  paging: PagingSettings;
  apiVersions: readonly string[];
  quota: ReadQuota;
  now?: Date;
}

const API_VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i;

/** Sets the reads left after this request consumed one (answers that consumed none get the server's count). */
function withQuota(response: ArmResponse, remaining: number): ArmResponse {
  if (!(REMAINING_READS_HEADER in response.headers)) response.headers[REMAINING_READS_HEADER] = String(remaining);
  return response;
}

export function handleArmRequest(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { route } = req;
  const now = ctx.now ?? new Date();
  // Resource Graph and Subscriptions - List have their own handlers; the server never routes them here.
  if (
    route.name === "unknown" ||
    route.name === "resourceGraph" ||
    route.name === "subscriptions" ||
    route.name === "pools" ||
    route.name === "diagnosticSettings" ||
    route.name === "privateDnsZoneGroups"
  ) {
    return unknownRoute(req.rawPathname);
  }
  const sub = route.subscriptionId;

  if (req.method !== "GET") return methodNotAllowed(req.method);
  const apiVersion = queryParam(req.query, "api-version");
  if (apiVersion === null || apiVersion === "") return missingApiVersion();
  if (!API_VERSION_FORMAT.test(apiVersion)) return invalidApiVersion(apiVersion, ctx.apiVersions);

  const auth = ctx.tokens.authenticate(req.authorization, now);
  if (!auth.ok) return auth.response;
  if (!isGuid(sub)) return invalidSubscriptionId(sub);
  if (!ctx.store.hasLiveSubscription(sub)) return subscriptionNotFound(sub);
  if (!canRead(auth.principal, sub)) return authorizationFailed(auth.principal.principalId, routeScope(route));

  const consumed = ctx.quota.consume(sub, now.getTime());
  if (consumed.retryAfterSeconds !== undefined) {
    return subscriptionRequestsThrottled(sub, auth.principal.principalId, consumed.retryAfterSeconds);
  }
  const ok = (r: ArmResponse) => withQuota(r, consumed.remaining);

  const rg = route.name === "list" ? undefined : ctx.store.resourceGroup(sub, route.resourceGroupName);
  if (!ctx.apiVersions.some((v) => v.toLowerCase() === apiVersion.toLowerCase())) {
    return ok(noRegisteredProviderFound(apiVersion, rg?.location ?? "global", ctx.apiVersions));
  }
  if (route.name !== "list" && !rg) return ok(resourceGroupNotFound(route.resourceGroupName));

  if (route.name === "get") {
    const account = ctx.store.peek(sub, route.resourceGroupName, route.accountName);
    if (!account) return ok(resourceNotFound(route.accountName, route.resourceGroupName));
    return ok(jsonResponse(200, account));
  }

  // List / List By Resource Group.
  const token = queryParam(req.query, "$skiptoken");
  let cursor: PageCursor = { empties: 0 };
  if (token !== null) {
    const decoded = decodeSkipToken(token);
    if (!decoded) return ok(invalidSkipToken());
    cursor = decoded;
  }
  const { paging } = ctx;
  const origin = paging.nextLinkOrigin ?? req.origin;
  const scope = { subscriptionId: sub, resourceGroupName: route.name === "listByResourceGroup" ? route.resourceGroupName : undefined };
  let value: unknown[];
  let next: PageCursor | undefined;
  if (cursor.empties < paging.emptyPages) {
    value = [];
    next = { after: cursor.after, empties: cursor.empties + 1 };
  } else {
    const page = ctx.store.page(scope, cursor.after, paging.pageSize);
    value = page.accounts;
    next = page.more ? { after: page.lastKey, empties: 0 } : undefined;
  }
  let nextLink = next ? buildNextLink(origin, req.rawPathname, apiVersion, next) : undefined;
  if (paging.repeatNextLink) nextLink = `${origin}${req.rawUrl}`;
  return ok(jsonResponse(200, nextLink === undefined ? { value } : { value, nextLink }));
}
