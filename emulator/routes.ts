/**
 * The three ARM operations the emulator serves, matched case-insensitively like ARM does.
 */

export type RouteName = "get" | "list" | "listByResourceGroup";

export type MatchedRoute =
  | { name: "get"; subscriptionId: string; resourceGroupName: string; accountName: string }
  | { name: "list"; subscriptionId: string }
  | { name: "listByResourceGroup"; subscriptionId: string; resourceGroupName: string }
  | { name: "unknown" };

const GET = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)\/?$/i;
const LIST_BY_RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/?$/i;
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
