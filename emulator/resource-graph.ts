/**
 * Azure Resource Graph's query operation (`POST /providers/Microsoft.ResourceGraph/resources`)
 * for the one query shape the library sends (BATCH_ACCOUNTS_QUERY): every Batch account of the
 * subscriptions in scope, ordered by id, in pages of at most 1,000 rows with `$skipToken`. Any
 * other query gets ARG's answer to an invalid query (400 BadRequest, details InvalidQuery).
 *
 * Semantics kept from ARG: `resultFormat` objectArray (default) or table; `type`, `resourceGroup`
 * and `subscriptionId` lower-case, `id` in ARM's casing; subscriptions the caller cannot read (or
 * that do not exist) are skipped silently; management groups cover the subscriptions below them;
 * tenant and management group scopes are cut past `tenantSubscriptionLimit` subscriptions with
 * `x-ms-tenant-subscription-limit-hit: true`; every answer after authentication carries the
 * per-user quota headers, and a used-up quota answers 429 RateLimiting.
 *
 * Check order: method (405) → api-version present (400) → authentication (401) → quota (429) →
 * api-version supported (400) → body (400) → query (400 InvalidQuery) → options and scope (400) → 200.
 */
import { createHash } from "node:crypto";
import {
  isBatchAccountsQuery,
  MAX_ROWS_PER_PAGE,
  MAX_SUBSCRIPTIONS_PER_REQUEST,
  RESOURCE_GRAPH_API_VERSIONS,
} from "../provider/tenant/arg-query";
import { type ArmResponse, armError, jsonResponse, missingApiVersion, type RetryAfterFormat } from "./arm-errors";
import { canRead, type TokenRegistry } from "./auth";
import { type ArmBatchAccount, GUID_PATTERN, parseAccountId } from "./data-file";
import { quotaHeaders, type ResourceGraphQuota } from "./resource-graph-quota";
import { queryParam } from "./routes";
import { type AccountStore, accountKey } from "./store";

export interface ResourceGraphSettings {
  /** Rows per page when the request sets no `$top` (default 100, ARG's default). */
  defaultPageSize: number;
  /** Subscriptions a tenant or management group query covers at most (default 10000, ARG's limit). */
  tenantSubscriptionLimit: number;
  /** Rows per page at most, whatever `$top` asks (default 1000): ARG also returns fewer rows when a page would be too large. */
  maxRowsPerPage: number;
  /** Answer as ARG does to a query it cannot page: the first page only, resultTruncated "true", no $skipToken (default false). */
  truncateResults: boolean;
  /**
   * Bytes of row JSON per page at most (at least one row a page; default: no limit): pages of
   * rows of different sizes then hold different numbers of rows, as ARG's size-limited pages do.
   */
  maxPageBytes?: number;
}

export const DEFAULT_RESOURCE_GRAPH_SETTINGS: ResourceGraphSettings = Object.freeze({
  defaultPageSize: 100,
  tenantSubscriptionLimit: 10_000,
  maxRowsPerPage: MAX_ROWS_PER_PAGE,
  truncateResults: false,
});

export function validateResourceGraphSettings(s: Partial<ResourceGraphSettings>): Partial<ResourceGraphSettings> {
  if (
    s.defaultPageSize !== undefined &&
    (!Number.isInteger(s.defaultPageSize) || s.defaultPageSize < 1 || s.defaultPageSize > MAX_ROWS_PER_PAGE)
  ) {
    throw new Error(
      `resourceGraph.defaultPageSize must be an integer from 1 to ${MAX_ROWS_PER_PAGE} (got ${JSON.stringify(s.defaultPageSize)})`,
    );
  }
  if (s.tenantSubscriptionLimit !== undefined && (!Number.isInteger(s.tenantSubscriptionLimit) || s.tenantSubscriptionLimit < 1)) {
    throw new Error(`resourceGraph.tenantSubscriptionLimit must be an integer >= 1 (got ${JSON.stringify(s.tenantSubscriptionLimit)})`);
  }
  if (
    s.maxRowsPerPage !== undefined &&
    (!Number.isInteger(s.maxRowsPerPage) || s.maxRowsPerPage < 1 || s.maxRowsPerPage > MAX_ROWS_PER_PAGE)
  ) {
    throw new Error(
      `resourceGraph.maxRowsPerPage must be an integer from 1 to ${MAX_ROWS_PER_PAGE} (got ${JSON.stringify(s.maxRowsPerPage)})`,
    );
  }
  if (s.truncateResults !== undefined && typeof s.truncateResults !== "boolean") {
    throw new Error(`resourceGraph.truncateResults must be a boolean (got ${JSON.stringify(s.truncateResults)})`);
  }
  if (s.maxPageBytes !== undefined && (!Number.isInteger(s.maxPageBytes) || s.maxPageBytes < 1)) {
    throw new Error(`resourceGraph.maxPageBytes must be an integer >= 1 (got ${JSON.stringify(s.maxPageBytes)})`);
  }
  return s;
}

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

/** ARG's error envelope: code BadRequest (or RateLimiting), a support message, the cause in `details`. */
function graphError(
  status: number,
  code: string,
  correlationId: string,
  detailCode: string,
  detailMessage: string,
  headers: Record<string, string> = {},
): ArmResponse {
  return jsonResponse(
    status,
    {
      error: {
        code,
        message: `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${correlationId}.`,
        details: [{ code: detailCode, message: detailMessage }],
      },
    },
    headers,
  );
}

/**
 * ARG's 429: RateLimiting, no queries left, the window resetting after `resetsAfterMs`, and a
 * Retry-After in seconds (or an HTTP date, or none).
 */
export function resourceGraphThrottled(
  correlationId: string,
  resetsAfterMs: number,
  retryAfter: RetryAfterFormat = "seconds",
): ArmResponse {
  const headers = quotaHeaders({ remaining: 0, resetsAfterMs, throttled: true });
  const seconds = Math.max(1, Math.ceil(resetsAfterMs / 1000));
  if (retryAfter === "seconds") headers["Retry-After"] = String(seconds);
  if (retryAfter === "http-date") headers["Retry-After"] = new Date(Date.now() + seconds * 1000).toUTCString();
  return graphError(
    429,
    "RateLimiting",
    correlationId,
    "RateLimiting",
    "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. " +
      "Please see https://aka.ms/resourcegraph-throttling for help.",
    headers,
  );
}

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

function keyOf(a: ArmBatchAccount): string {
  const p = parseAccountId(a.id)!;
  return accountKey(p.subscriptionId, p.resourceGroupName, p.accountName);
}

/** One row as ARG projects it. */
function row(a: ArmBatchAccount): Record<string, unknown> {
  const p = parseAccountId(a.id)!;
  return {
    id: a.id,
    name: a.name,
    type: a.type.toLowerCase(),
    location: a.location,
    tags: a.tags ?? null,
    identity: a.identity ?? null,
    properties: a.properties ?? null,
    subscriptionId: p.subscriptionId.toLowerCase(),
    resourceGroup: p.resourceGroupName.toLowerCase(),
  };
}

const TABLE_COLUMNS = [
  { name: "id", type: "string" },
  { name: "name", type: "string" },
  { name: "type", type: "string" },
  { name: "location", type: "string" },
  { name: "tags", type: "object" },
  { name: "identity", type: "object" },
  { name: "properties", type: "object" },
  { name: "subscriptionId", type: "string" },
  { name: "resourceGroup", type: "string" },
];

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
  if (!isBatchAccountsQuery(body.query)) {
    return badRequest(
      req,
      "InvalidQuery",
      "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying. " +
        "(The emulator answers only the Batch account query of azure-batch-lookup.)",
      headers,
    );
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

  // Scope → the subscriptions (lower-case) whose accounts are rows.
  const { subscriptions, managementGroups } = body;
  if (subscriptions !== undefined && managementGroups !== undefined) {
    return badRequest(req, "InvalidScope", "Give either 'subscriptions' or 'managementGroups', not both.", headers);
  }
  const readable = (s: string) => ctx.store.hasLiveSubscription(s) && canRead(auth.principal, s);
  let scopeSubs: string[];
  let limitHit = false;
  if (subscriptions !== undefined) {
    if (!Array.isArray(subscriptions) || subscriptions.some((s) => typeof s !== "string" || !GUID_PATTERN.test(s))) {
      return badRequest(req, "InvalidSubscriptionId", "'subscriptions' must be an array of subscription ids (GUIDs).", headers);
    }
    if (subscriptions.length === 0) return badRequest(req, "InvalidScope", "'subscriptions' must not be empty.", headers);
    if (subscriptions.length > MAX_SUBSCRIPTIONS_PER_REQUEST) {
      return badRequest(
        req,
        "InvalidScope",
        `At most ${MAX_SUBSCRIPTIONS_PER_REQUEST} subscriptions per request; split them into batches.`,
        headers,
      );
    }
    scopeSubs = (subscriptions as string[]).map((s) => s.toLowerCase()).filter(readable);
  } else {
    let candidates: string[];
    if (managementGroups !== undefined) {
      if (!Array.isArray(managementGroups) || managementGroups.length === 0 || managementGroups.some((m) => typeof m !== "string")) {
        return badRequest(req, "InvalidScope", "'managementGroups' must be a non-empty array of management group ids.", headers);
      }
      const all = new Set<string>();
      for (const mg of managementGroups as string[]) {
        const under = ctx.store.managementGroups.subscriptionsUnder(mg);
        if (under === undefined) return badRequest(req, "ManagementGroupNotFound", `Management group '${mg}' could not be found.`, headers);
        for (const s of under) all.add(s);
      }
      candidates = [...all];
    } else {
      candidates = ctx.store.subscriptions().map((s) => s.subscriptionId.toLowerCase());
    }
    scopeSubs = candidates.filter(readable).sort();
    if (scopeSubs.length > ctx.settings.tenantSubscriptionLimit) {
      scopeSubs = scopeSubs.slice(0, ctx.settings.tenantSubscriptionLimit);
      limitHit = true;
    }
  }
  if (limitHit) headers["x-ms-tenant-subscription-limit-hit"] = "true";

  const accounts = ctx.store.accountsOfSubscriptions(scopeSubs);
  const scopeHash = createHash("sha256")
    .update(JSON.stringify({ q: "batch-accounts", f: resultFormat, s: [...new Set(scopeSubs)].sort() }))
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
    // First row whose key sorts after the cursor (binary search: rows are in key order).
    let lo = 0;
    let hi = accounts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyOf(accounts[mid]) <= cursor.after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  } else if (typeof skip === "number") {
    start = Math.min(skip, accounts.length);
  }
  const pageSize = Math.min(typeof top === "number" ? top : ctx.settings.defaultPageSize, ctx.settings.maxRowsPerPage);
  let page = accounts.slice(start, start + pageSize);
  let rows = page.map(row);
  const { maxPageBytes } = ctx.settings;
  if (maxPageBytes !== undefined) {
    let fits = 0;
    for (let bytes = 0; fits < rows.length; fits++) {
      bytes += JSON.stringify(rows[fits]).length;
      if (bytes > maxPageBytes && fits > 0) break;
    }
    page = page.slice(0, fits);
    rows = rows.slice(0, fits);
  }
  const more = start + page.length < accounts.length;
  const truncated = more && ctx.settings.truncateResults;
  const data = resultFormat === "table" ? { columns: TABLE_COLUMNS, rows: rows.map((r) => TABLE_COLUMNS.map((c) => r[c.name])) } : rows;
  const response: Record<string, unknown> = {
    totalRecords: accounts.length,
    count: rows.length,
    data,
    facets: [],
    resultTruncated: truncated ? "true" : "false",
  };
  if (more && !truncated) response.$skipToken = encodeCursor({ scope: scopeHash, after: keyOf(page[page.length - 1]) });
  return jsonResponse(200, response, headers);
}
