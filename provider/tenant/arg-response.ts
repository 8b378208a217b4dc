// Azure Resource Graph answers to the Batch account query: a page is checked against ARG's
// QueryResponse schema, each row becomes the ARM account body that parseBatchAccount accepts, and
// an answer that could hide accounts (resultTruncated "true" without a $skipToken, a tenant or
// management group scope cut at ARG's subscription limit) is an error, never a partial list.

import { BatchLookupError } from "../errors";
import { BATCH_ACCOUNT_RESOURCE_TYPE, type BatchAccount } from "../model";
import { isObject, parseBatchAccount } from "../parse";
import { type HeaderSource, header } from "./headers";

/** The `type` ARG reports (lower-case); the model keeps ARM's casing. */
const ARG_TYPE = BATCH_ACCOUNT_RESOURCE_TYPE.toLowerCase();

type Json = Record<string, unknown>;

function describe(v: unknown): string {
  return v === null
    ? "null"
    : Array.isArray(v)
      ? "an array"
      : typeof v === "string"
        ? JSON.stringify(v.length > 64 ? `${v.slice(0, 64)}…` : v)
        : typeof v;
}

function invalid(target: string, expected: string, value: unknown): BatchLookupError {
  return new BatchLookupError({
    code: "InvalidResponse",
    target,
    message: `Azure Resource Graph returned a page whose ${target} is ${describe(value)}, but its QueryResponse schema requires ${expected}.`,
  });
}

/**
 * One ARG row as the ARM account body `parseBatchAccount` takes: ARM's `type` casing, `null`
 * columns (Kusto's empty values) left out. The `subscriptionId` and `resourceGroup` columns, when
 * present, must name the same subscription and resource group as `id` (ARG lower-cases them).
 */
export function rowToArmAccount(row: unknown, path = "row"): Json {
  if (!isObject(row)) throw invalid(path, "an object (resultFormat objectArray)", row);
  const type = row.type;
  if (typeof type !== "string" || type.toLowerCase() !== ARG_TYPE) throw invalid(`${path}.type`, `"${ARG_TYPE}"`, type);
  const id = row.id;
  if (typeof id !== "string") throw invalid(`${path}.id`, "a string", id);
  const segments = id.split("/");
  for (const [column, index] of [
    ["subscriptionId", 2],
    ["resourceGroup", 4],
  ] as const) {
    const value = row[column];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || value.toLowerCase() !== (segments[index] ?? "").toLowerCase()) {
      throw invalid(`${path}.${column}`, `the ${column === "resourceGroup" ? "resource group" : "subscription"} of ${path}.id`, value);
    }
  }
  const body: Json = { id, type: BATCH_ACCOUNT_RESOURCE_TYPE };
  for (const key of ["name", "location", "tags", "identity", "properties"]) {
    const value = row[key];
    if (value !== undefined && value !== null) body[key] = value;
  }
  return body;
}

/** One page of the Batch account query. */
export interface ResourceGraphPage {
  accounts: BatchAccount[];
  /** Token of the next page; absent on the last page. */
  skipToken?: string;
  /** Rows the whole query matches (ARG's `totalRecords`). */
  totalRecords: number;
}

/**
 * Checks one QueryResponse and parses its rows (`offset` numbers rows across pages in errors:
 * `data[1234].properties.poolQuota`).
 */
export function parseResourceGraphPage(body: unknown, offset = 0): ResourceGraphPage {
  if (!isObject(body)) throw invalid("page", "an object", body);
  const { data, count, totalRecords, resultTruncated } = body;
  const skipToken = body.$skipToken;
  if (!Array.isArray(data)) {
    throw invalid("page.data", "an array of rows (the library asks for resultFormat objectArray)", data);
  }
  if (typeof count !== "number" || !Number.isInteger(count) || count !== data.length) {
    throw invalid("page.count", `the number of rows in page.data (${data.length})`, count);
  }
  if (typeof totalRecords !== "number" || !Number.isInteger(totalRecords) || totalRecords < 0) {
    throw invalid("page.totalRecords", "an integer >= 0", totalRecords);
  }
  if (resultTruncated !== "true" && resultTruncated !== "false")
    throw invalid("page.resultTruncated", '"true" or "false"', resultTruncated);
  if (skipToken !== undefined && skipToken !== null && (typeof skipToken !== "string" || skipToken === "")) {
    throw invalid("page.$skipToken", "a non-empty string", skipToken);
  }
  const token = typeof skipToken === "string" ? skipToken : undefined;
  if (resultTruncated === "true" && token === undefined) {
    throw new BatchLookupError({
      code: "ResultTruncated",
      target: "page.resultTruncated",
      message:
        `Azure Resource Graph truncated the result (resultTruncated "true", ${data.length} of ${totalRecords} rows) without a $skipToken to page on; ` +
        "refusing a partial list of Batch accounts.",
    });
  }
  const accounts = new Array<BatchAccount>(data.length);
  for (let i = 0; i < data.length; i++) {
    const path = `data[${offset + i}]`;
    accounts[i] = parseBatchAccount(rowToArmAccount(data[i], path), path);
  }
  const page: ResourceGraphPage = { accounts, totalRecords };
  if (token !== undefined) page.skipToken = token;
  return page;
}

/**
 * Throws when ARG cut a tenant or management group scope at its subscription limit
 * (`x-ms-tenant-subscription-limit-hit: true`): the answer would miss the accounts of the rest.
 */
export function assertScopeComplete(headers: HeaderSource): void {
  if (header(headers, "x-ms-tenant-subscription-limit-hit")?.trim().toLowerCase() === "true") {
    throw new BatchLookupError({
      code: "SubscriptionLimitExceeded",
      message:
        "Azure Resource Graph covered only the first 10,000 subscriptions of the scope (x-ms-tenant-subscription-limit-hit: true); " +
        "refusing a partial list of Batch accounts. List the subscriptions with subscriptionIds (batched 1,000 per request) instead.",
    });
  }
}
