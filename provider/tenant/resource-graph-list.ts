// The Batch accounts of a tenant-scale scope through Azure Resource Graph: one query per batch of
// at most 1,000 subscriptions (or management groups), each followed by $skipToken, all as one list
// on the client's pipeline (one deadline, correlation id, caps and duplicate check). A page that
// used the last query of the user's quota makes the next one wait for the reset; a 429 waits in
// the retry policy; a truncated answer or a scope cut at ARG's subscription limit fails the list.

import type { BatchLookupClient, Listing, OperationRequest, OperationResult, Page } from "../client";
import { BatchLookupError } from "../errors";
import type { BatchAccount } from "../model";
import { buildQueryRequests, nextPageRequest, type ResourceGraphQueryRequest, resourceGraphUrl } from "./arg-query";
import { assertScopeComplete, parseResourceGraphPage } from "./arg-response";
import { describeScope } from "./describe-scope";
import { resourceGraphWaitMs } from "./quota";
import type { TenantScope } from "./scope";

function advise(status: number, code: string): string {
  if (status === 401 || status === 403) {
    return " Check that the credential can read the subscriptions in scope (Reader, or Microsoft.Resources/subscriptions/resources/read) and query Azure Resource Graph.";
  }
  if (status === 429 || code === "RateLimiting") {
    return " Azure Resource Graph's per-user query quota was used up; try again after it resets, or raise retry.totalTimeoutMs.";
  }
  if (code === "BadRequest" || code === "InvalidQuery") return " The query is the library's own; report this with the request id.";
  return "";
}

export async function listViaResourceGraph(client: BatchLookupClient, scope: TenantScope, listing: Listing): Promise<BatchAccount[]> {
  const url = resourceGraphUrl(client.endpoint);
  const what = `Batch accounts of ${describeScope(scope)} through Azure Resource Graph`;
  const batches = buildQueryRequests(scope);
  const request = (body: ResourceGraphQueryRequest): OperationRequest => ({ method: "POST", url, body, what, advise });
  let batch = 0;
  let current = batches[0]!;
  let inBatch = 0;
  let tokens = new Set<string>();
  const parsePage = (body: unknown, offset: number, result: OperationResult): Page<BatchAccount> => {
    assertScopeComplete(result.headers);
    const page = parseResourceGraphPage(body, offset);
    inBatch += page.accounts.length;
    const delayMs = resourceGraphWaitMs(200, result.headers) ?? 0;
    if (page.skipToken !== undefined) {
      if (tokens.has(page.skipToken)) {
        throw new BatchLookupError({
          code: "InvalidResponse",
          message: `Listing ${what} failed: Azure Resource Graph returned a $skipToken it had returned before, so the list would never end; no partial list is returned.`,
        });
      }
      tokens.add(page.skipToken);
      return { value: page.accounts, next: request(nextPageRequest(current, page.skipToken)), delayMs };
    }
    if (inBatch !== page.totalRecords) {
      throw new BatchLookupError({
        code: "ResultTruncated",
        message: `Listing ${what} failed: Azure Resource Graph reported ${page.totalRecords} rows (totalRecords) but its pages held ${inBatch}; no partial list is returned.`,
      });
    }
    batch++;
    if (batch >= batches.length) return { value: page.accounts };
    current = batches[batch]!;
    inBatch = 0;
    tokens = new Set();
    return { value: page.accounts, next: request(current), delayMs };
  };
  return client.collect(request(current), parsePage, (account) => account.id, listing);
}
