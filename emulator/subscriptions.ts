/**
 * ARM's Subscriptions - List (`GET /subscriptions`): the subscriptions the caller can read, in
 * pages of the emulator's page size, linked by `nextLink` (`$skiptoken`), in ARM's shape.
 */
import { type ArmResponse, invalidApiVersion, invalidSkipToken, jsonResponse, methodNotAllowed, missingApiVersion } from "./arm-errors";
import { canRead, type TokenRegistry } from "./auth";
import { EMULATOR_TENANT_ID } from "./constants";
import type { SubscriptionDeclaration } from "./data-file";
import { buildNextLink, decodeSkipToken, type PageCursor, type PagingSettings } from "./paging";
import { queryParam } from "./routes";
import type { AccountStore } from "./store";

/** The Subscriptions api-versions served; the library sends 2022-12-01. */
export const SUBSCRIPTIONS_API_VERSIONS: readonly string[] = Object.freeze(["2016-06-01", "2020-01-01", "2021-01-01", "2022-12-01"]);

export interface SubscriptionsContext {
  store: AccountStore;
  tokens: TokenRegistry;
  paging: PagingSettings;
  now?: Date;
}

export interface SubscriptionsRequest {
  method: string;
  rawPathname: string;
  query: URLSearchParams;
  authorization?: string;
  origin: string;
}

/** One subscription as ARM lists it. */
export function subscriptionBody(s: SubscriptionDeclaration): Record<string, unknown> {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId ?? EMULATOR_TENANT_ID,
    displayName: s.displayName ?? s.subscriptionId,
    state: s.state ?? "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
  };
}

export function handleSubscriptionsRequest(req: SubscriptionsRequest, ctx: SubscriptionsContext): ArmResponse {
  const now = ctx.now ?? new Date();
  if (req.method !== "GET") return methodNotAllowed(req.method);
  const apiVersion = queryParam(req.query, "api-version");
  if (apiVersion === null || apiVersion === "") return missingApiVersion();
  const auth = ctx.tokens.authenticate(req.authorization, now);
  if (!auth.ok) return auth.response;
  if (!SUBSCRIPTIONS_API_VERSIONS.some((v) => v.toLowerCase() === apiVersion.toLowerCase())) {
    return invalidApiVersion(apiVersion, SUBSCRIPTIONS_API_VERSIONS);
  }
  let cursor: PageCursor = { empties: 0 };
  const token = queryParam(req.query, "$skiptoken");
  if (token !== null) {
    const decoded = decodeSkipToken(token);
    if (!decoded) return invalidSkipToken();
    cursor = decoded;
  }
  const readable = ctx.store
    .subscriptions()
    .filter((s) => canRead(auth.principal, s.subscriptionId))
    .sort((a, b) => (a.subscriptionId.toLowerCase() < b.subscriptionId.toLowerCase() ? -1 : 1));
  const after = cursor.after;
  const rest = after === undefined ? readable : readable.filter((s) => s.subscriptionId.toLowerCase() > after);
  const page = rest.slice(0, ctx.paging.pageSize);
  const body: Record<string, unknown> = { value: page.map(subscriptionBody) };
  if (rest.length > page.length) {
    const origin = ctx.paging.nextLinkOrigin ?? req.origin;
    body.nextLink = buildNextLink(origin, req.rawPathname, apiVersion, {
      after: page[page.length - 1].subscriptionId.toLowerCase(),
      empties: 0,
    });
  }
  return jsonResponse(200, body);
}
