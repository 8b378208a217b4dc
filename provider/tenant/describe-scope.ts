// How error messages name a tenant-scale scope.

import type { TenantScope } from "./scope";

function named(kind: string, ids: readonly string[]): string {
  const shown = ids.slice(0, 3).join(", ");
  return ids.length > 3 ? `${ids.length} ${kind}s (${shown}, …)` : `${kind}${ids.length > 1 ? "s" : ""} ${shown}`;
}

export function describeScope(scope: TenantScope): string {
  switch (scope.kind) {
    case "subscriptions":
      return named("subscription", scope.subscriptionIds);
    case "managementGroups":
      return named("management group", scope.managementGroupIds);
    case "tenant":
      return "every subscription the credential can read";
  }
}
