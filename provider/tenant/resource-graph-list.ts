// The Batch accounts of a tenant-scale scope through Azure Resource Graph: one query per batch of
// at most 1,000 subscriptions (or management groups; subscriptions batched in id order, so the
// batches' rows follow one another in id order too). The first page of a batch gives the rows the
// query matches (totalRecords) and the server's page size; the other pages of the batch are then
// read by `$skip`, at most `maxConcurrentRequests` at a time ahead of the page the caller takes,
// instead of one after another along the `$skipToken` chain. A page is the rows of one such range,
// in the query's order (`order by id`). All of it is one listing on the client's pipeline (one
// correlation id, the list caps, an id order check). Queries wait for the user's quota window
// when the answers say it is used up; a 429 waits in the retry policy. A truncated answer or a
// scope cut at ARG's subscription limit fails the listing; so does a result that changes size
// while it is read (ResultChanged: the array form reads it again, once).

import type { ArmClient, Listing } from "../client/arm-client";
import { BatchLookupError } from "../errors";
import type { BatchAccount } from "../model/batch-account";
import { isNoValidSubscriptions, parseResourceGraphAnswer, resourceGraphQuery } from "../operations/resource-graph-query";
import type { ReadPage } from "../paging/paged-iterator";
import { describeScope } from "./describe-scope";
import { ResourceGraphQuotaGate } from "./quota";
import { readAhead, withBudget } from "./read-ahead";
import { buildQueryRequests, MAX_ROWS_PER_PAGE, type ResourceGraphQueryRequest, rangeRequest } from "./resource-graph-request";
import type { ResourceGraphPage } from "./resource-graph-response";
import type { TenantScope } from "./scope";
import { type GraphPosition, sortedIds } from "./scope-token";

/** A page reported another totalRecords than its batch's first page: the result changed mid-read. */
export class ResultChanged extends Error {
  constructor(
    readonly before: number,
    readonly after: number,
  ) {
    super(`Azure Resource Graph matched ${before} rows, then ${after}`);
  }
}

/** The query bodies of a scope's batches, subscriptions in id order. */
export function graphBatches(scope: TenantScope, pageSize: number = MAX_ROWS_PER_PAGE): ResourceGraphQueryRequest[] {
  return buildQueryRequests(
    scope.kind === "subscriptions" ? { kind: "subscriptions", subscriptionIds: sortedIds(scope.subscriptionIds) } : scope,
    pageSize,
  );
}

export interface GraphRead {
  from?: GraphPosition;
  /** `$top` of each query (1 to 1,000). */
  top?: number;
  /** Each page gets a lookup's time budget of its own, instead of the listing's one deadline. */
  pageBudget: boolean;
  token(position: GraphPosition | undefined): string | undefined;
  /** The quota gate, when the listing reads the result again (the quota window outlives a read). */
  gate?: ResourceGraphQuotaGate;
  /** Pages read at the same time ahead of the one the caller takes (default `maxConcurrentRequests`). */
  readAhead?: number;
}

export function graphWhat(scope: TenantScope): string {
  return `Batch accounts of ${describeScope(scope)} through Azure Resource Graph`;
}

/** The scope's accounts, page by page, in the query's order. */
export async function* resourceGraphPages(
  client: ArmClient,
  scope: TenantScope,
  listing: Listing,
  read: GraphRead,
): AsyncGenerator<ReadPage<BatchAccount>> {
  const what = graphWhat(scope);
  const width = Math.min(read.readAhead ?? Number.POSITIVE_INFINITY, client.options.maxConcurrentRequests);
  const gate = read.gate ?? new ResourceGraphQuotaGate();
  const stop = new AbortController();
  const fail = (code: string, detail: string): BatchLookupError =>
    new BatchLookupError({ code, message: `Listing ${what} failed: ${detail}; no partial list is returned.` });
  /** One query: one page of one batch, its rows numbered from `offset` in errors. */
  const query = (body: ResourceGraphQueryRequest, offset: number): Promise<ResourceGraphPage> =>
    withBudget(
      read.pageBudget,
      listing.budget,
      () => client.startBudget(),
      stop,
      (budget) => queryWithin({ ...listing, budget }, body, offset),
    );

  const queryWithin = async (shared: Listing, body: ResourceGraphQueryRequest, offset: number): Promise<ResourceGraphPage> => {
    await gate.start(shared.budget, what);
    let page: ResourceGraphPage | undefined;
    let answered = false;
    const op = resourceGraphQuery(client.endpoint, body, what);
    try {
      await client.collect(
        {
          first: op,
          nextOf: () => undefined,
          parseItems: (result) => {
            answered = true;
            gate.finished(result.headers);
            page = parseResourceGraphAnswer(body, result, offset);
            return page.accounts;
          },
          identify: (account) => account.id,
        },
        shared,
      );
    } finally {
      if (!answered) gate.finished();
    }
    return page!;
  };

  /** Rows `start` up to `start + count` of a batch whose result has `total` rows. */
  const range = async (batch: ResourceGraphQueryRequest, start: number, count: number, total: number): Promise<BatchAccount[]> => {
    const rows: BatchAccount[] = [];
    // A page may hold fewer rows than asked (ARG shortens pages that would be too large).
    while (rows.length < count) {
      const skip = start + rows.length;
      const page = await query(rangeRequest(batch, skip, count - rows.length), skip);
      if (page.totalRecords !== total) throw new ResultChanged(total, page.totalRecords);
      if (page.accounts.length === 0 || page.accounts.length > count - rows.length) {
        throw fail(
          "ResultTruncated",
          `Azure Resource Graph answered ${page.accounts.length} rows for rows ${skip} to ${start + count - 1} of ${total} ($skip ${skip}, $top ${count - rows.length})`,
        );
      }
      for (const account of page.accounts) rows.push(account);
    }
    return rows;
  };

  const batches = graphBatches(scope, read.top);
  // Each batch's rows come in the query's order (`order by id`), so an account listed twice (a
  // page read again, rows shifted by a change) shows as an id at or before the one before it:
  // checked against the previous id alone, so the check holds no memory however large the tenant.
  // Either order is accepted, ordinal or case-insensitive, as ids compare in ARM.
  let previous: string | undefined;
  const page = (accounts: BatchAccount[], next: GraphPosition | undefined): ReadPage<BatchAccount> => {
    for (const account of accounts) {
      const id = account.id;
      if (previous !== undefined) {
        const lower = id.toLowerCase();
        const before = previous.toLowerCase();
        if (lower === before) throw fail("InvalidResponse", `${JSON.stringify(id)} was listed twice`);
        if (lower < before && id < previous) {
          throw fail(
            "InvalidResponse",
            `${JSON.stringify(id)} came after ${JSON.stringify(previous)}, out of the query's order by id (a page was read twice, or rows moved)`,
          );
        }
      }
      previous = id;
    }
    const token = read.token(next);
    return token === undefined ? { items: accounts } : { items: accounts, continuationToken: token };
  };
  const after = (batch: number, skip: number, total: number): GraphPosition | undefined =>
    skip < total ? { batch, skip } : batch + 1 < batches.length ? { batch: batch + 1, skip: 0 } : undefined;

  // A resumed listing read a batch before: an unreadable scope was already reported.
  let readable = read.from !== undefined;
  try {
    for (let b = read.from?.batch ?? 0; b < batches.length; b++) {
      const batch = batches[b]!;
      previous = undefined;
      const skip0 = b === read.from?.batch ? read.from.skip : 0;
      let first: ResourceGraphPage;
      try {
        first = await query(skip0 === 0 ? batch : rangeRequest(batch, skip0, batch.options.$top ?? MAX_ROWS_PER_PAGE), skip0);
      } catch (err) {
        // A batch none of whose subscriptions the credential can read contributes nothing (Resource
        // Graph refuses such a query, where it skips unreadable subscriptions beside readable ones).
        if (isNoValidSubscriptions(err)) continue;
        throw err;
      }
      readable = true;
      const total = first.totalRecords;
      const { maxListAccounts } = client.options.limits;
      const before = listing.caps.items - first.accounts.length;
      if (before + total - skip0 > maxListAccounts) {
        throw fail(
          "ListTooLarge",
          `Azure Resource Graph matched ${total} accounts, more than ${maxListAccounts} (limits.maxListAccounts)${before > 0 ? ` with the ${before} listed before` : ""}`,
        );
      }
      // The rest of the batch in ranges of the first page's size (the server's page size).
      const pageSize = first.accounts.length;
      const end = skip0 + pageSize;
      if (end > total || (end < total && ((skip0 === 0 && first.skipToken === undefined) || pageSize === 0))) {
        throw fail(
          "ResultTruncated",
          `Azure Resource Graph reported ${total} rows (totalRecords) but answered ${pageSize} from row ${skip0} without a way to page on`,
        );
      }
      if (pageSize > 0 || b + 1 === batches.length) yield page(first.accounts, after(b, end, total));
      const starts: number[] = [];
      for (let start = end; start < total; start += pageSize) starts.push(start);
      const ranges = readAhead(starts.length, width, stop, (i) => range(batch, starts[i]!, Math.min(pageSize, total - starts[i]!), total));
      let i = 0;
      for await (const rows of ranges) {
        const start = starts[i++]!;
        yield page(rows, after(b, start + rows.length, total));
      }
    }
    if (!readable) throw noReadableSubscription(scope, what);
  } finally {
    stop.abort();
  }
}

function noReadableSubscription(scope: TenantScope, what: string): BatchLookupError {
  const detail =
    scope.kind === "subscriptions"
      ? scope.subscriptionIds.length === 1
        ? "the credential cannot read that subscription (it does not exist, was deleted, or grants the credential no access)"
        : `the credential can read none of those ${scope.subscriptionIds.length} subscriptions (they do not exist, were deleted, or grant the credential no access)`
      : scope.kind === "managementGroups"
        ? "those management groups hold no subscription the credential can read"
        : "the credential can read no subscription of the tenant";
  return new BatchLookupError({
    code: "NoReadableSubscriptions",
    statusCode: 400,
    message: `Listing ${what} failed: ${detail}. Azure Resource Graph answered NoValidSubscriptionsInQueryRequest.`,
  });
}
