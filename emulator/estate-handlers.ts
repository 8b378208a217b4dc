/**
 * What belongs to an account beyond the account resource: Pool - List By Batch Account
 * (`Microsoft.Batch`, the Batch api-versions), Diagnostic Settings - List on an account
 * (`Microsoft.Insights`, 2021-05-01-preview) and Private DNS Zone Groups - List
 * (`Microsoft.Network`, 2026-01-01), answered from the estate store in ARM's order of checks, as
 * for the account operations (arm-handlers.ts). A 403 names the action the route needs, so a token
 * with `deniedActions` reads accounts but not, say, their diagnostic settings.
 */
import { isGuid } from "../provider/model/names";
import {
  type ArmResponse,
  armError,
  authorizationFailed,
  invalidApiVersion,
  invalidSkipToken,
  invalidSubscriptionId,
  jsonResponse,
  methodNotAllowed,
  missingApiVersion,
  REMAINING_READS_HEADER,
  resourceGroupNotFound,
  resourceNotFound,
  subscriptionNotFound,
  subscriptionRequestsThrottled,
  unknownRoute,
} from "./arm-errors";
import type { ArmContext, ArmRequest } from "./arm-handlers";
import { canPerform } from "./auth";
import type { EstateKind } from "./estate-data";
import type { EstateStore } from "./estate-store";
import { buildNextLink, decodeSkipToken } from "./paging";
import { queryParam, routeScope } from "./routes";

/** The api-versions of the two operations outside Microsoft.Batch (what the official clients send). */
export const DIAGNOSTIC_SETTINGS_API_VERSIONS: readonly string[] = Object.freeze(["2021-05-01-preview"]);
export const PRIVATE_DNS_ZONE_GROUPS_API_VERSIONS: readonly string[] = Object.freeze(["2026-01-01", "2024-07-01", "2024-05-01"]);

/** The RBAC action each route needs (named in AuthorizationFailed). */
export const ESTATE_ACTIONS: Record<EstateKind, string> = {
  pools: "Microsoft.Batch/batchAccounts/pools/read",
  diagnosticSettings: "Microsoft.Insights/diagnosticSettings/read",
  privateDnsZoneGroups: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read",
};

const API_VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i;

function notFound(type: string, name: string, resourceGroupName: string): ArmResponse {
  return armError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function handleEstateRequest(req: ArmRequest, ctx: ArmContext & { estate: EstateStore }): ArmResponse {
  const { route } = req;
  if (route.name !== "pools" && route.name !== "diagnosticSettings" && route.name !== "privateDnsZoneGroups") {
    return unknownRoute(req.rawPathname);
  }
  const now = ctx.now ?? new Date();
  const sub = route.subscriptionId;
  if (req.method !== "GET") return methodNotAllowed(req.method);
  const apiVersion = queryParam(req.query, "api-version");
  if (apiVersion === null || apiVersion === "") return missingApiVersion();
  const supported =
    route.name === "pools"
      ? ctx.apiVersions
      : route.name === "diagnosticSettings"
        ? DIAGNOSTIC_SETTINGS_API_VERSIONS
        : PRIVATE_DNS_ZONE_GROUPS_API_VERSIONS;
  if (!API_VERSION_FORMAT.test(apiVersion)) return invalidApiVersion(apiVersion, supported);

  const auth = ctx.tokens.authenticate(req.authorization, now);
  if (!auth.ok) return auth.response;
  if (!isGuid(sub)) return invalidSubscriptionId(sub);
  if (!ctx.store.hasLiveSubscription(sub)) return subscriptionNotFound(sub);
  if (!canPerform(auth.principal, sub, ESTATE_ACTIONS[route.name])) {
    return authorizationFailed(auth.principal.principalId, routeScope(route), ESTATE_ACTIONS[route.name]);
  }
  const consumed = ctx.quota.consume(sub, now.getTime());
  if (consumed.retryAfterSeconds !== undefined) {
    return subscriptionRequestsThrottled(sub, auth.principal.principalId, consumed.retryAfterSeconds);
  }
  const ok = (r: ArmResponse) => {
    if (!(REMAINING_READS_HEADER in r.headers)) r.headers[REMAINING_READS_HEADER] = String(consumed.remaining);
    return r;
  };
  if (!supported.some((v) => v.toLowerCase() === apiVersion.toLowerCase())) return ok(invalidApiVersion(apiVersion, supported));

  let parent: string;
  if (route.name === "privateDnsZoneGroups") {
    parent = routeScope(route);
    if (!ctx.estate.hasEndpoint(parent))
      return ok(notFound("Microsoft.Network/privateEndpoints", route.privateEndpointName, route.resourceGroupName));
  } else {
    if (!ctx.store.resourceGroup(sub, route.resourceGroupName)) return ok(resourceGroupNotFound(route.resourceGroupName));
    const account = ctx.store.peek(sub, route.resourceGroupName, route.accountName);
    if (!account) return ok(resourceNotFound(route.accountName, route.resourceGroupName));
    parent = account.id;
  }
  const items = ctx.estate.of(route.name, parent);
  // Diagnostic Settings - List answers in one collection; the two others page by nextLink.
  if (route.name === "diagnosticSettings") return ok(jsonResponse(200, { value: items }));
  const token = queryParam(req.query, "$skiptoken");
  let start = 0;
  if (token !== null) {
    const cursor = decodeSkipToken(token);
    if (!cursor || cursor.after === undefined) return ok(invalidSkipToken());
    const after = cursor.after;
    start = items.findIndex((r) => r.id.toLowerCase() > after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + ctx.paging.pageSize);
  const more = start + page.length < items.length;
  const origin = ctx.paging.nextLinkOrigin ?? req.origin;
  const nextLink = more
    ? buildNextLink(origin, req.rawPathname, apiVersion, { after: page[page.length - 1]!.id.toLowerCase(), empties: 0 })
    : undefined;
  return ok(jsonResponse(200, nextLink === undefined ? { value: page } : { value: page, nextLink }));
}
