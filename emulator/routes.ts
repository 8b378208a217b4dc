/**
 * The operations the emulator serves, matched case-insensitively like ARM does: the three Batch
 * account reads, Azure Resource Graph's query and Subscriptions - List.
 */

export type RouteName = "get" | "list" | "listByResourceGroup" | "resourceGraph" | "subscriptions";

export const ROUTE_NAMES: readonly RouteName[] = Object.freeze(["get", "list", "listByResourceGroup", "resourceGraph", "subscriptions"]);

export type MatchedRoute =
  | { name: "get"; subscriptionId: string; resourceGroupName: string; accountName: string }
  | { name: "list"; subscriptionId: string }
  | { name: "listByResourceGroup"; subscriptionId: string; resourceGroupName: string }
  | { name: "resourceGraph" }
  | { name: "subscriptions" }
  | { name: "unknown" };

const GET = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)\/?$/i;
const LIST_BY_RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/?$/i;
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
