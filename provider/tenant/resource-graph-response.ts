// Azure Resource Graph answers to the Batch account query: a page is checked against ARG's
// QueryResponse schema, each row becomes the ARM account body that parseBatchAccount accepts, and
// an answer that could hide accounts (resultTruncated "true" without a $skipToken, a tenant or
// management group scope cut at ARG's subscription limit) is an error, never a partial list.

import { BatchLookupError } from "../errors";
import { BATCH_ACCOUNT_RESOURCE_TYPE, type BatchAccount } from "../model/batch-account";
import { checked, isObject, type Json, ShapeError } from "../model/json-check";
import { readBatchAccount } from "../model/parse-batch-account";
import { type HeaderSource, header } from "./headers";

/** The `type` ARG reports (lower-case); the model keeps ARM's casing. */
const ARG_TYPE = BATCH_ACCOUNT_RESOURCE_TYPE.toLowerCase();

const SOURCE = "Azure Resource Graph returned a page";
const RULE = "its QueryResponse schema requires";

/**
 * One ARG row as the ARM account body `parseBatchAccount` takes: ARM's `type` casing, `null`
 * columns (Kusto's empty values) left out. The `subscriptionId` and `resourceGroup` columns, when
 * present, must name the same subscription and resource group as `id` (ARG lower-cases them).
 */
export function rowToArmAccount(row: unknown, path = "row"): Json {
  return checked(() => rowToArmBody(row, path), SOURCE, RULE);
}

function rowToArmBody(row: unknown, path: string): Json {
  if (!isObject(row)) throw new ShapeError(path, "an object (resultFormat objectArray)", row);
  const type = row.type;
  if (typeof type !== "string" || type.toLowerCase() !== ARG_TYPE) throw new ShapeError(`${path}.type`, `"${ARG_TYPE}"`, type);
  const id = row.id;
  if (typeof id !== "string") throw new ShapeError(`${path}.id`, "a string", id);
  const segments = id.split("/");
  for (const [column, index] of [
    ["subscriptionId", 2],
    ["resourceGroup", 4],
  ] as const) {
    const value = row[column];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || value.toLowerCase() !== (segments[index] ?? "").toLowerCase()) {
      throw new ShapeError(
        `${path}.${column}`,
        `the ${column === "resourceGroup" ? "resource group" : "subscription"} of ${path}.id`,
        value,
      );
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
  return checked(() => readPage(body, offset), SOURCE, RULE);
}

function readPage(body: unknown, offset: number): ResourceGraphPage {
  if (!isObject(body)) throw new ShapeError("page", "an object", body);
  const { data, count, totalRecords, resultTruncated } = body;
  const skipToken = body.$skipToken;
  if (!Array.isArray(data)) {
    throw new ShapeError("page.data", "an array of rows (the library asks for resultFormat objectArray)", data);
  }
  if (typeof count !== "number" || !Number.isInteger(count) || count !== data.length) {
    throw new ShapeError("page.count", `the number of rows in page.data (${data.length})`, count);
  }
  if (typeof totalRecords !== "number" || !Number.isInteger(totalRecords) || totalRecords < 0) {
    throw new ShapeError("page.totalRecords", "an integer >= 0", totalRecords);
  }
  if (resultTruncated !== "true" && resultTruncated !== "false")
    throw new ShapeError("page.resultTruncated", '"true" or "false"', resultTruncated);
  if (skipToken !== undefined && skipToken !== null && (typeof skipToken !== "string" || skipToken === "")) {
    throw new ShapeError("page.$skipToken", "a non-empty string", skipToken);
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
    accounts[i] = readBatchAccount(rowToArmBody(data[i], path), path);
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
