// Azure Resource Graph's Resources query (POST {arm}/providers/Microsoft.ResourceGraph/resources)
// for the Batch accounts of a tenant-scale scope: the request of one page, its parser, what it
// reads, what to check next, and its throttling signal — after a 429, the later of Retry-After
// and the per-user quota's reset (`x-ms-user-quota-resets-after`).

import type { PipelineResponse } from "@azure/core-rest-pipeline";
import { BatchLookupError } from "../errors";
import type { BatchAccount } from "../model/batch-account";
import { serverRetryAfterMs } from "../pipeline/retry-plan";
import { parseQuotaHeaders } from "../tenant/quota";
import { type ResourceGraphQueryRequest, resourceGraphUrl } from "../tenant/resource-graph-request";
import { assertScopeComplete, parseResourceGraphPage, type ResourceGraphPage } from "../tenant/resource-graph-response";
import type { OperationRequest, OperationResult } from "./operation";

function advise(status: number, code: string): string {
  if (status === 401 || status === 403) {
    return "Check that the credential can read the subscriptions in scope (Reader, or Microsoft.Resources/subscriptions/resources/read) and query Azure Resource Graph.";
  }
  if (status === 429 || code === "RateLimiting") {
    return "Azure Resource Graph's per-user query quota was used up; try again after it resets, or raise retry.totalTimeoutMs.";
  }
  if (code === "BadRequest" || code === "InvalidQuery") return "The query is the library's own; report this with the request id.";
  return "";
}

/** The wait after a throttled query: the later of Retry-After and the quota window's reset. */
export function resourceGraphRetryAfter(response: PipelineResponse): number | undefined {
  const asked = serverRetryAfterMs(response);
  const reset = response.status === 429 ? parseQuotaHeaders(response.headers).resetsAfterMs : undefined;
  if (asked === undefined) return reset;
  return reset === undefined ? asked : Math.max(asked, reset);
}

/** One page of the query `body`. */
export function resourceGraphQuery(endpoint: string, body: ResourceGraphQueryRequest, what: string): OperationRequest {
  return { method: "POST", url: resourceGraphUrl(endpoint), body, what, advise, retryAfter: resourceGraphRetryAfter };
}

/**
 * A page of the answer, checked: a scope cut at ARG's subscription limit fails, and with
 * explicit subscriptions every row must belong to one of them (`offset` numbers rows in errors).
 */
export function parseResourceGraphAnswer(body: ResourceGraphQueryRequest, result: OperationResult, offset: number): ResourceGraphPage {
  assertScopeComplete(result.headers);
  const page = parseResourceGraphPage(result.body, offset);
  if (body.subscriptions !== undefined) {
    const asked = new Set(body.subscriptions.map((s) => s.toLowerCase()));
    page.accounts.forEach((account: BatchAccount, i) => {
      if (!asked.has(account.subscriptionId.toLowerCase())) {
        throw new BatchLookupError({
          code: "InvalidResponse",
          target: `data[${offset + i}].id`,
          message: `Azure Resource Graph returned ${JSON.stringify(account.id)}, which is in none of the subscriptions queried; no partial list is returned.`,
        });
      }
    });
  }
  return page;
}

/**
 * Resource Graph's answer to a query none of whose subscriptions the caller can read (unknown,
 * deleted, or not granted): 400 BadRequest with the detail NoValidSubscriptionsInQueryRequest.
 */
export function isNoValidSubscriptions(err: unknown): err is BatchLookupError {
  if (!(err instanceof BatchLookupError) || err.statusCode !== 400) return false;
  return err.code === NO_VALID_SUBSCRIPTIONS || (err.details ?? []).some((d) => d.code === NO_VALID_SUBSCRIPTIONS);
}

export const NO_VALID_SUBSCRIPTIONS = "NoValidSubscriptionsInQueryRequest";
