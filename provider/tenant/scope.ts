// Which subscriptions a tenant-scale listing covers: explicit subscriptions, management groups,
// or every subscription the credential can read. Checked before any request, with messages that
// name the field and the rule.

import { invalidArgument } from "../errors";
import { validateSubscriptionId } from "../model/names";

export type TenantScope =
  | { kind: "subscriptions"; subscriptionIds: string[] }
  | { kind: "managementGroups"; managementGroupIds: string[] }
  | { kind: "tenant" };

/** The scope arguments of `listBatchAccounts` beyond one subscription. */
export interface TenantScopeArgs {
  subscriptionIds?: string[];
  managementGroupIds?: string[];
  scope?: "tenant";
}

// Management group ids: 1-90 letters, digits, '-', '_', '.', '(' and ')', not ending in '.'.
const MANAGEMENT_GROUP_ID = /^[\p{L}\p{Nd}\-_.()]{1,90}$/u;

export function validateManagementGroupId(value: unknown, field = "managementGroupId"): string {
  if (typeof value !== "string") throw invalidArgument(field, "must be a string", value);
  if (!MANAGEMENT_GROUP_ID.test(value) || value.endsWith(".")) {
    throw invalidArgument(
      field,
      "a management group id must be 1 to 90 characters of letters, digits, '-', '_', '.', '(' and ')', and must not end with '.'",
      value,
    );
  }
  return value;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** Non-empty array of valid, de-duplicated (case-insensitively) ids, in first-seen order. */
function idList(field: string, value: unknown, validate: (v: unknown, field: string) => string): string[] {
  if (!Array.isArray(value)) throw invalidArgument(field, "must be an array of strings", value);
  if (value.length === 0) throw invalidArgument(field, "must list at least one id (omit the field to use another scope)", value);
  const seen = new Set<string>();
  const out: string[] = [];
  value.forEach((v, i) => {
    const id = validate(v, `${field}[${i}]`);
    const key = id.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(id);
    }
  });
  return out;
}

/**
 * The tenant-scale scope named by `args`, or undefined when none of `subscriptionIds`,
 * `managementGroupIds` and `scope` is given (a one-subscription lookup). The three are mutually
 * exclusive, and none combines with `subscriptionId` or `resourceGroupName`.
 */
export function resolveTenantScope(
  args: TenantScopeArgs & { subscriptionId?: unknown; resourceGroupName?: unknown },
): TenantScope | undefined {
  const given = (["subscriptionIds", "managementGroupIds", "scope"] as const).filter((k) => present(args[k]));
  if (given.length === 0) return undefined;
  if (given.length > 1) {
    throw invalidArgument(
      given.join(" and "),
      "subscriptionIds, managementGroupIds and scope are mutually exclusive; give one",
      args[given[1]],
    );
  }
  for (const single of ["subscriptionId", "resourceGroupName"] as const) {
    if (present(args[single])) {
      throw invalidArgument(single, `does not combine with ${given[0]}; a tenant-scale listing covers whole subscriptions`, args[single]);
    }
  }
  if (present(args.subscriptionIds)) {
    return { kind: "subscriptions", subscriptionIds: idList("subscriptionIds", args.subscriptionIds, validateSubscriptionId) };
  }
  if (present(args.managementGroupIds)) {
    return {
      kind: "managementGroups",
      managementGroupIds: idList("managementGroupIds", args.managementGroupIds, validateManagementGroupId),
    };
  }
  if (args.scope !== "tenant") throw invalidArgument("scope", 'must be "tenant" (every subscription the credential can read)', args.scope);
  return { kind: "tenant" };
}

/** Where a tenant-scale listing reads: Azure Resource Graph (default) or ARM's per-subscription lists. */
export type ListSource = "resourceGraph" | "arm";

export function validateListSource(value: unknown): ListSource | undefined {
  if (value === undefined || value === null) return undefined;
  if (value !== "resourceGraph" && value !== "arm") {
    throw invalidArgument(
      "source",
      'must be "resourceGraph" (Azure Resource Graph, the default) or "arm" (ARM\'s per-subscription lists)',
      value,
    );
  }
  return value;
}
