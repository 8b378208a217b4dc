/**
 * Azure Resource Graph's query operation (`POST /providers/Microsoft.ResourceGraph/resources`)
 * over the emulator's Batch accounts: the query is parsed (kql.ts: `where` conditions, `project`,
 * `order by id`), the scope resolved (resource-graph-scope.ts), and the rows served in pages of
 * at most 1,000 with `$skipToken` (or `$skip`). A query outside the supported shapes gets ARG's
 * answer to an invalid query (400 BadRequest, details InvalidQuery).
 *
 * Semantics kept from ARG: `resultFormat` objectArray (default) or table; `type`, `resourceGroup`
 * and `subscriptionId` lower-case, `id` in ARM's casing; scopes as resource-graph-scope.ts says;
 * tenant and management group scopes are cut past `tenantSubscriptionLimit` subscriptions with
 * `x-ms-tenant-subscription-limit-hit: true`; every answer after authentication carries the
 * per-user quota headers, and a used-up quota answers 429 RateLimiting.
 *
 * Check order: method (405) → api-version present (400) → authentication (401) → quota (429) →
 * api-version supported (400) → body (400) → query (400 InvalidQuery) → options and scope (400) → 200.
 */
import { createHash } from "node:crypto";
import { MAX_ROWS_PER_PAGE, RESOURCE_GRAPH_API_VERSIONS } from "../provider/tenant/resource-graph-request";
import { parseAccountId } from "./account-id";
import { type ArmResponse, armError, jsonResponse, missingApiVersion } from "./arm-errors";
import type { TokenRegistry } from "./auth";
import type { ArmBatchAccount } from "./data-file";
import { BATCH_ACCOUNTS_TYPE, type Column, KqlError, meetsConditions, type ParsedQuery, parseQuery, RESOURCE_COLUMNS } from "./kql";
import { graphError, resourceGraphThrottled } from "./resource-graph-errors";
import { quotaHeaders, type ResourceGraphQuota } from "./resource-graph-quota";
import { resolveScope } from "./resource-graph-scope";
import type { ResourceGraphSettings } from "./resource-graph-settings";
import { queryParam } from "./routes";
import { type AccountStore, accountKey } from "./store";

export interface ResourceGraphContext {
  store: AccountStore;
  tokens: TokenRegistry;
  quota: ResourceGraphQuota;
  settings: ResourceGraphSettings;
  now?: Date;
}

export interface ResourceGraphRequest {
  method: string;
  query: URLSearchParams;
  authorization?: string;
  /** The request body as received. */
  body: string;
  /** Named in error messages, as ARG does. */
  correlationId: string;
}

const RESULT_FORMATS = ["objectArray", "table"];
const SCOPE_FILTERS = ["AtScopeAndBelow", "AtScopeAndAbove", "AtScopeExact", "AtScopeAboveAndBelow"];
const INVALID_QUERY =
  "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.";

function badRequest(req: ResourceGraphRequest, detailCode: string, message: string, headers: Record<string, string>): ArmResponse {
  return graphError(400, "BadRequest", req.correlationId, detailCode, message, headers);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

interface Cursor {
  /** Hash of query, scope and format: a token is valid only for the request that produced it. */
  scope: string;
  /** Key of the last row served. */
  after: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ v: 1, s: c.scope, a: c.after }), "utf8").toString("base64url");
}

function decodeCursor(token: string): Cursor | undefined {
  try {
    const raw = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { v?: unknown; s?: unknown; a?: unknown };
    if (raw.v !== 1 || typeof raw.s !== "string" || typeof raw.a !== "string") return undefined;
    return { scope: raw.s, after: raw.a };
  } catch {
    return undefined;
  }
}

/** A string column of a Batch account as ARG returns it. */
function stringColumn(a: ArmBatchAccount, column: Column): unknown {
  switch (column) {
    case "type":
      return a.type.toLowerCase();
    case "subscriptionId":
      return parseAccountId(a.id)!.subscriptionId.toLowerCase();
    case "resourceGroup":
      return parseAccountId(a.id)!.resourceGroupName.toLowerCase();
    default:
      return a[column];
  }
}

/** An account as ARG's row, with the query's columns in its order. */
function row(a: ArmBatchAccount, columns: readonly Column[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c] = RESOURCE_COLUMNS[c] === "object" ? (a[c] ?? null) : stringColumn(a, c);
  return out;
}

function keyOf(a: ArmBatchAccount): string {
  const p = parseAccountId(a.id)!;
  return accountKey(p.subscriptionId, p.resourceGroupName, p.accountName);
}

/**
 * The accounts the query selects, in its order (by key, as ids compare). Rows are built only for
 * the page served: a query over a large scope costs a filter, not a row per account.
 */
function selectAccounts(accounts: readonly ArmBatchAccount[], query: ParsedQuery): readonly ArmBatchAccount[] {
  // Every stored account has the same `type` (the data file's rule), so `type` conditions are decided once.
  if (
    !meetsConditions(
      () => BATCH_ACCOUNTS_TYPE,
      query.conditions.filter((c) => c.column === "type"),
    )
  )
    return [];
  const conditions = query.conditions.filter((c) => c.column !== "type");
  const selected = conditions.length === 0 ? accounts : accounts.filter((a) => meetsConditions((c) => stringColumn(a, c), conditions));
  return query.order === "desc" ? [...selected].reverse() : selected;
}

/** Index of the first account after the cursor's key, in the query's order (binary search). */
function firstAfter(accounts: readonly ArmBatchAccount[], after: string, order: "asc" | "desc"): number {
  const past = (key: string) => (order === "asc" ? key > after : key < after);
  let lo = 0;
  let hi = accounts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(keyOf(accounts[mid]))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function handleResourceGraphRequest(req: ResourceGraphRequest, ctx: ResourceGraphContext): ArmResponse {
  const now = ctx.now ?? new Date();
  if (req.method !== "POST") {
    return armError(405, "MethodNotAllowed", `The Resource Graph query operation takes POST, not '${req.method}'.`, { allow: "POST" });
  }
  const apiVersion = queryParam(req.query, "api-version");
  if (apiVersion === null || apiVersion === "") return missingApiVersion();
  const auth = ctx.tokens.authenticate(req.authorization, now);
  if (!auth.ok) return auth.response;

  const decision = ctx.quota.consume(auth.principal.principalId, now.getTime());
  const headers = quotaHeaders(decision);
  if (decision.throttled) return resourceGraphThrottled(req.correlationId, decision.resetsAfterMs);
  if (!RESOURCE_GRAPH_API_VERSIONS.some((v) => v.toLowerCase() === apiVersion.toLowerCase())) {
    return armError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for location 'global' and API version '${apiVersion}' for type 'resources'. ` +
        `The supported api-versions are '${RESOURCE_GRAPH_API_VERSIONS.join(", ")}'. The supported locations are ''.`,
      headers,
    );
  }

  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return armError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.", headers);
  }
  if (!isObject(body)) return armError(400, "InvalidRequestContent", "The request content must be a JSON object (QueryRequest).", headers);
  if (typeof body.query !== "string" || body.query.trim() === "") {
    return badRequest(req, "InvalidQuery", "The 'query' property is required and must be a non-empty string.", headers);
  }
  let query: ParsedQuery;
  try {
    query = parseQuery(body.query);
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    return badRequest(req, "InvalidQuery", `${INVALID_QUERY} (The emulator: ${e.message}.)`, headers);
  }
  const options = body.options === undefined || body.options === null ? {} : body.options;
  if (!isObject(options)) return badRequest(req, "InvalidRequestContent", "'options' must be an object.", headers);
  const top = options.$top;
  if (top !== undefined && (typeof top !== "number" || !Number.isInteger(top) || top < 1 || top > MAX_ROWS_PER_PAGE)) {
    return badRequest(req, "InvalidParameter", `'$top' must be an integer from 1 to ${MAX_ROWS_PER_PAGE}.`, headers);
  }
  const skip = options.$skip;
  if (skip !== undefined && (typeof skip !== "number" || !Number.isInteger(skip) || skip < 0)) {
    return badRequest(req, "InvalidParameter", "'$skip' must be an integer >= 0.", headers);
  }
  const resultFormat = options.resultFormat ?? "objectArray";
  if (typeof resultFormat !== "string" || !RESULT_FORMATS.includes(resultFormat)) {
    return badRequest(req, "InvalidParameter", `'resultFormat' must be one of ${RESULT_FORMATS.join(", ")}.`, headers);
  }
  if (options.allowPartialScopes !== undefined && typeof options.allowPartialScopes !== "boolean") {
    return badRequest(req, "InvalidParameter", "'allowPartialScopes' must be a boolean.", headers);
  }
  if (options.authorizationScopeFilter !== undefined && !SCOPE_FILTERS.includes(options.authorizationScopeFilter as string)) {
    return badRequest(req, "InvalidParameter", `'authorizationScopeFilter' must be one of ${SCOPE_FILTERS.join(", ")}.`, headers);
  }
  if (body.facets !== undefined && body.facets !== null && !(Array.isArray(body.facets) && body.facets.length === 0)) {
    return badRequest(req, "InvalidQuery", "The emulator computes no facets; send none.", headers);
  }

  const scope = resolveScope(body, ctx.store, auth.principal, ctx.settings.tenantSubscriptionLimit);
  if ("detailCode" in scope) return badRequest(req, scope.detailCode, scope.message, headers);
  if (scope.limitHit) headers["x-ms-tenant-subscription-limit-hit"] = "true";

  const accounts = selectAccounts(ctx.store.accountsOfSubscriptions(scope.subscriptions), query);
  const scopeHash = createHash("sha256")
    .update(JSON.stringify({ q: query.canonical, f: resultFormat, s: [...new Set(scope.subscriptions)].sort() }))
    .digest("base64url")
    .slice(0, 16);

  let start = 0;
  const token = options.$skipToken;
  if (token !== undefined && token !== null) {
    const cursor = typeof token === "string" ? decodeCursor(token) : undefined;
    if (!cursor || cursor.scope !== scopeHash) {
      return badRequest(
        req,
        "InvalidSkipToken",
        "The $skipToken is malformed, has expired, or belongs to another query or scope.",
        headers,
      );
    }
    start = firstAfter(accounts, cursor.after, query.order);
  } else if (typeof skip === "number") {
    start = Math.min(skip, accounts.length);
  }
  const pageSize = Math.min(typeof top === "number" ? top : ctx.settings.defaultPageSize, ctx.settings.maxRowsPerPage);
  let page = accounts.slice(start, start + pageSize);
  let data = page.map((a) => row(a, query.columns));
  const { maxPageBytes } = ctx.settings;
  if (maxPageBytes !== undefined) {
    let fits = 0;
    for (let bytes = 0; fits < data.length; fits++) {
      bytes += JSON.stringify(data[fits]).length;
      if (bytes > maxPageBytes && fits > 0) break;
    }
    page = page.slice(0, fits);
    data = data.slice(0, fits);
  }
  const more = start + page.length < accounts.length;
  const truncated = more && ctx.settings.truncateResults;
  const columns = query.columns.map((name) => ({ name, type: RESOURCE_COLUMNS[name] }));
  const response: Record<string, unknown> = {
    totalRecords: accounts.length,
    count: data.length,
    data: resultFormat === "table" ? { columns, rows: data.map((r) => query.columns.map((c) => r[c])) } : data,
    facets: [],
    resultTruncated: truncated ? "true" : "false",
  };
  if (more && !truncated) response.$skipToken = encodeCursor({ scope: scopeHash, after: keyOf(page[page.length - 1]) });
  return jsonResponse(200, response, headers);
}
