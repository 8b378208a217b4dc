// The one Azure Resource Graph query the library sends, and the request bodies that carry it.
// (The emulator parses the KQL it receives rather than importing this text, so it can catch a
// wrong query.)

import type { TenantScope } from "./scope";

/** Path of ARG's query operation (Resources), under the ARM endpoint. */
export const RESOURCE_GRAPH_PATH = "/providers/Microsoft.ResourceGraph/resources";

/** The stable api-version the library sends (the newest; also what @azure/arm-resourcegraph 5.x sends). */
export const RESOURCE_GRAPH_API_VERSION = "2024-04-01";

/** ARG's stable api-versions of the Resources operation. */
export const RESOURCE_GRAPH_API_VERSIONS: readonly string[] = Object.freeze(["2021-03-01", "2022-10-01", "2024-04-01"]);

/** ARG returns at most this many rows per page (`$top` 1..1000). */
export const MAX_ROWS_PER_PAGE = 1000;

/** Subscriptions per request, as Azure CLI and PowerShell batch them. */
export const MAX_SUBSCRIPTIONS_PER_REQUEST = 1000;

/** Management groups per request (the same batching as subscriptions). */
export const MAX_MANAGEMENT_GROUPS_PER_REQUEST = 1000;

/**
 * The columns each row carries: what the BatchAccount model needs (the ARM envelope and the
 * `properties` bag), plus `subscriptionId` and `resourceGroup`, which ARG adds to every row.
 */
export const BATCH_ACCOUNT_COLUMNS: readonly string[] = Object.freeze([
  "id",
  "name",
  "type",
  "location",
  "tags",
  "identity",
  "properties",
  "subscriptionId",
  "resourceGroup",
]);

/**
 * Every Batch account in scope. `order by id` keeps pages stable across `$skipToken` requests;
 * there is no `limit`/`take`, which would stop ARG from paging (resultTruncated "true", no token).
 */
export const BATCH_ACCOUNTS_QUERY = [
  "resources",
  "| where type =~ 'microsoft.batch/batchaccounts'",
  `| project ${BATCH_ACCOUNT_COLUMNS.join(", ")}`,
  "| order by id asc",
].join("\n");

/** `options` of ARG's QueryRequest, as sent on the wire. */
export interface ResourceGraphQueryOptions {
  $top?: number;
  $skip?: number;
  $skipToken?: string;
  resultFormat?: "objectArray" | "table";
  allowPartialScopes?: boolean;
  authorizationScopeFilter?: "AtScopeAndBelow" | "AtScopeAndAbove" | "AtScopeExact" | "AtScopeAboveAndBelow";
}

/** ARG's QueryRequest body. */
export interface ResourceGraphQueryRequest {
  subscriptions?: string[];
  managementGroups?: string[];
  query: string;
  options: ResourceGraphQueryOptions;
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The first-page request bodies for a scope: one per batch of at most 1,000 subscriptions (or
 * management groups), or one for the tenant. Each asks for full pages of objects; follow-up pages
 * come from {@link rangeRequest} (by `$skip`, as the library reads them, side by side) or
 * {@link nextPageRequest} (by `$skipToken`, one after another).
 */
export function buildQueryRequests(scope: TenantScope, pageSize: number = MAX_ROWS_PER_PAGE): ResourceGraphQueryRequest[] {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_ROWS_PER_PAGE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_ROWS_PER_PAGE} (got ${pageSize})`);
  }
  const options = (): ResourceGraphQueryOptions => ({ $top: pageSize, resultFormat: "objectArray" });
  switch (scope.kind) {
    case "subscriptions":
      return batches(scope.subscriptionIds, MAX_SUBSCRIPTIONS_PER_REQUEST).map((subscriptions) => ({
        subscriptions,
        query: BATCH_ACCOUNTS_QUERY,
        options: options(),
      }));
    case "managementGroups":
      return batches(scope.managementGroupIds, MAX_MANAGEMENT_GROUPS_PER_REQUEST).map((managementGroups) => ({
        managementGroups,
        query: BATCH_ACCOUNTS_QUERY,
        options: options(),
      }));
    case "tenant":
      return [{ query: BATCH_ACCOUNTS_QUERY, options: options() }];
  }
}

/** The request for the page after the one that returned `skipToken`: same query and scope, as ARG requires. */
export function nextPageRequest(request: ResourceGraphQueryRequest, skipToken: string): ResourceGraphQueryRequest {
  return { ...request, options: { ...request.options, $skipToken: skipToken } };
}

/**
 * The request for `top` rows from row `skip` on: same query and scope, paged by `$skip` (ARG's
 * documented way to start inside a result ordered by a column) rather than by `$skipToken`, so
 * the pages of one result can be read side by side.
 */
export function rangeRequest(request: ResourceGraphQueryRequest, skip: number, top: number): ResourceGraphQueryRequest {
  return { ...request, options: { ...request.options, $skip: skip, $top: top } };
}

/** The request URL under an ARM endpoint (no trailing slash expected on `endpoint`). */
export function resourceGraphUrl(endpoint: string, apiVersion: string = RESOURCE_GRAPH_API_VERSION): string {
  return `${endpoint.replace(/\/+$/, "")}${RESOURCE_GRAPH_PATH}?api-version=${encodeURIComponent(apiVersion)}`;
}
