/**
 * The operations the emulator serves, matched case-insensitively like ARM does: the three Batch
 * account reads, Azure Resource Graph's query and Subscriptions - List.
 */

export type RouteName =
  | "get"
  | "list"
  | "listByResourceGroup"
  | "resourceGraph"
  | "subscriptions"
  | "pools"
  | "diagnosticSettings"
  | "privateDnsZoneGroups";

export const ROUTE_NAMES: readonly RouteName[] = Object.freeze([
  "get",
  "list",
  "listByResourceGroup",
  "resourceGraph",
  "subscriptions",
  "pools",
  "diagnosticSettings",
  "privateDnsZoneGroups",
]);

export type MatchedRoute =
  | { name: "get"; subscriptionId: string; resourceGroupName: string; accountName: string }
  | { name: "list"; subscriptionId: string }
  | { name: "listByResourceGroup"; subscriptionId: string; resourceGroupName: string }
  | { name: "pools"; subscriptionId: string; resourceGroupName: string; accountName: string }
  | { name: "diagnosticSettings"; subscriptionId: string; resourceGroupName: string; accountName: string }
  | { name: "privateDnsZoneGroups"; subscriptionId: string; resourceGroupName: string; privateEndpointName: string }
  | { name: "resourceGraph" }
  | { name: "subscriptions" }
  | { name: "unknown" };

const GET = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)\/?$/i;
const LIST_BY_RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/?$/i;
const POOLS = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)\/pools\/?$/i;
const DIAGNOSTIC_SETTINGS =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)\/providers\/Microsoft\.Insights\/diagnosticSettings\/?$/i;
const ZONE_GROUPS =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateEndpoints\/([^/]+)\/privateDnsZoneGroups\/?$/i;
const RESOURCE_GRAPH = /^\/providers\/Microsoft\.ResourceGraph\/resources\/?$/i;
const SUBSCRIPTIONS = /^\/subscriptions\/?$/i;
const LIST = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/?$/i;

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Matches a URL path (still percent-encoded) to one of the operations. */
export function matchRoute(pathname: string): MatchedRoute {
  if (RESOURCE_GRAPH.test(pathname)) return { name: "resourceGraph" };
  if (SUBSCRIPTIONS.test(pathname)) return { name: "subscriptions" };
  for (const [name, pattern] of [
    ["pools", POOLS],
    ["diagnosticSettings", DIAGNOSTIC_SETTINGS],
  ] as const) {
    const e = pattern.exec(pathname);
    if (!e) continue;
    const [s, g, a] = [decode(e[1]), decode(e[2]), decode(e[3])];
    if (s !== undefined && g !== undefined && a !== undefined) return { name, subscriptionId: s, resourceGroupName: g, accountName: a };
  }
  const z = ZONE_GROUPS.exec(pathname);
  if (z) {
    const [s, g, e] = [decode(z[1]), decode(z[2]), decode(z[3])];
    if (s !== undefined && g !== undefined && e !== undefined)
      return { name: "privateDnsZoneGroups", subscriptionId: s, resourceGroupName: g, privateEndpointName: e };
  }
  let m = GET.exec(pathname);
  if (m) {
    const [s, g, a] = [decode(m[1]), decode(m[2]), decode(m[3])];
    if (s !== undefined && g !== undefined && a !== undefined) {
      return { name: "get", subscriptionId: s, resourceGroupName: g, accountName: a };
    }
  }
  m = LIST_BY_RG.exec(pathname);
  if (m) {
    const [s, g] = [decode(m[1]), decode(m[2])];
    if (s !== undefined && g !== undefined) return { name: "listByResourceGroup", subscriptionId: s, resourceGroupName: g };
  }
  m = LIST.exec(pathname);
  if (m) {
    const s = decode(m[1]);
    if (s !== undefined) return { name: "list", subscriptionId: s };
  }
  return { name: "unknown" };
}

/** A query parameter by its lower-case name, whatever its case on the wire (ARM ignores case). */
export function queryParam(query: URLSearchParams, name: string): string | null {
  const exact = query.get(name);
  if (exact !== null) return exact;
  for (const [k, v] of query) if (k.toLowerCase() === name) return v;
  return null;
}

/** The ARM scope a request addresses (named in AuthorizationFailed messages). */
export function routeScope(route: MatchedRoute): string {
  switch (route.name) {
    case "get":
      return `/subscriptions/${route.subscriptionId}/resourceGroups/${route.resourceGroupName}/providers/Microsoft.Batch/batchAccounts/${route.accountName}`;
    case "pools":
    case "diagnosticSettings":
      return `/subscriptions/${route.subscriptionId}/resourceGroups/${route.resourceGroupName}/providers/Microsoft.Batch/batchAccounts/${route.accountName}`;
    case "privateDnsZoneGroups":
      return `/subscriptions/${route.subscriptionId}/resourceGroups/${route.resourceGroupName}/providers/Microsoft.Network/privateEndpoints/${route.privateEndpointName}`;
    case "listByResourceGroup":
      return `/subscriptions/${route.subscriptionId}/resourceGroups/${route.resourceGroupName}`;
    case "list":
      return `/subscriptions/${route.subscriptionId}`;
    case "resourceGraph":
      return "/providers/Microsoft.ResourceGraph";
    default:
      return "/";
  }
}

/** The subscription a request addresses, if its path names one. */
export function routeSubscriptionId(route: MatchedRoute): string | undefined {
  return "subscriptionId" in route ? route.subscriptionId : undefined;
}
