// The Batch accounts of a tenant-scale scope through Azure Resource Graph: one query per batch of
// at most 1,000 subscriptions (or management groups). The first page of each gives the rows the
// query matches (totalRecords) and the server's page size; the other pages are then read side by
// side by `$skip`, at most `maxConcurrentRequests` at a time, instead of one after another along
// the `$skipToken` chain. All of it is one listing on the client's pipeline (one deadline,
// correlation id, caps and duplicate check). Queries wait for the user's quota window when the
// answers say it is used up; a 429 waits in the retry policy. A truncated answer, a scope cut at
// ARG's subscription limit fails the listing; a result that changes size while it is read is read
// again, once.

import type { ArmClient, Listing } from "../client/arm-client";
import { BatchLookupError } from "../errors";
import type { BatchAccount } from "../model/batch-account";
import { isNoValidSubscriptions, parseResourceGraphAnswer, resourceGraphQuery } from "../operations/resource-graph-query";
import { describeScope } from "./describe-scope";
import { forEachBounded } from "./for-each-bounded";
import { ResourceGraphQuotaGate } from "./quota";
import { buildQueryRequests, type ResourceGraphQueryRequest, rangeRequest } from "./resource-graph-request";
import type { ResourceGraphPage } from "./resource-graph-response";
import type { TenantScope } from "./scope";

/** Reads of the result a listing makes when the accounts in scope change while it is read. */
const RESULT_READS = 2;

/** A page reported another totalRecords than its batch's first page: the result changed mid-read. */
class ResultChanged extends Error {
  constructor(
    readonly before: number,
    readonly after: number,
  ) {
    super(`Azure Resource Graph matched ${before} rows, then ${after}`);
  }
}

/** Rows `start` up to `start + count` of one batch's result. */
interface Range {
  batch: number;
  start: number;
  count: number;
}

export async function listViaResourceGraph(client: ArmClient, scope: TenantScope, listing: Listing): Promise<BatchAccount[]> {
  const what = `Batch accounts of ${describeScope(scope)} through Azure Resource Graph`;
  const width = client.options.maxConcurrentRequests;
  const gate = new ResourceGraphQuotaGate();
  const fail = (code: string, detail: string): BatchLookupError =>
    new BatchLookupError({ code, message: `Listing ${what} failed: ${detail}; no partial list is returned.` });

  /** One query: one page of one batch, its rows numbered from `offset` in errors. */
  const query = async (body: ResourceGraphQueryRequest, offset: number, shared: Listing): Promise<ResourceGraphPage> => {
    await gate.start(shared.budget, what);
    let page: ResourceGraphPage | undefined;
    let answered = false;
    const op = resourceGraphQuery(client.endpoint, body, what);
    try {
      await client.collect(
        {
          first: op,
          parsePage: (_raw, _offset, result) => {
            answered = true;
            gate.finished(result.headers);
            page = parseResourceGraphAnswer(body, result, offset);
            return { value: page.accounts };
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

  /**
   * The first page of a batch. A batch none of whose subscriptions the credential can read
   * contributes nothing (Resource Graph refuses such a query, where it skips unreadable
   * subscriptions beside readable ones); `undefined` marks it.
   */
  const firstPage = async (body: ResourceGraphQueryRequest, shared: Listing): Promise<ResourceGraphPage | undefined> => {
    try {
      return await query(body, 0, shared);
    } catch (err) {
      if (isNoValidSubscriptions(err)) return undefined;
      throw err;
    }
  };

  const batches = buildQueryRequests(scope);
  for (let read = 1; ; read++) {
    try {
      return await readResult();
    } catch (err) {
      if (!(err instanceof ResultChanged)) throw err;
      if (read >= RESULT_READS) {
        throw fail(
          "InvalidResponse",
          `the accounts in scope changed while they were read, ${RESULT_READS} times in a row (Azure Resource Graph matched ${err.before} rows, then ${err.after}); list them again`,
        );
      }
      // The next read replaces this one, in the caps too.
      listing.caps.restart();
    }
  }

  /** Every page of every batch: the first pages, then the rest side by side. */
  async function readResult(): Promise<BatchAccount[]> {
    const answered: (ResourceGraphPage | undefined)[] = new Array(batches.length);
    await forEachBounded(listing, batches.length, width, async (index, shared) => {
      answered[index] = await firstPage(batches[index]!, shared);
    });
    if (answered.every((page) => page === undefined)) throw noReadableSubscription(scope, what);
    const firsts = answered.map((page) => page ?? EMPTY_PAGE);

    const matched = firsts.reduce((sum, page) => sum + page.totalRecords, 0);
    const { maxListAccounts } = client.options.limits;
    if (matched > maxListAccounts) {
      throw fail("ListTooLarge", `Azure Resource Graph matched ${matched} accounts, more than ${maxListAccounts} (limits.maxListAccounts)`);
    }

    // The rest of each batch in ranges of the first page's size (the server's page size).
    const ranges: Range[] = [];
    firsts.forEach((first, batch) => {
      const pageSize = first.accounts.length;
      const total = first.totalRecords;
      if (pageSize === total) return;
      if (pageSize > total || first.skipToken === undefined || pageSize === 0) {
        throw fail(
          "ResultTruncated",
          `Azure Resource Graph reported ${total} rows (totalRecords) but answered ${pageSize} without a way to page on`,
        );
      }
      for (let start = pageSize; start < total; start += pageSize) ranges.push({ batch, start, count: Math.min(pageSize, total - start) });
    });

    const rest: BatchAccount[][] = new Array(ranges.length);
    await forEachBounded(listing, ranges.length, width, async (index, shared) => {
      const { batch, start, count } = ranges[index]!;
      const total = firsts[batch]!.totalRecords;
      const rows: BatchAccount[] = [];
      // A page may hold fewer rows than asked (ARG shortens pages that would be too large).
      while (rows.length < count) {
        const skip = start + rows.length;
        const page = await query(rangeRequest(batches[batch]!, skip, count - rows.length), skip, shared);
        if (page.totalRecords !== total) throw new ResultChanged(total, page.totalRecords);
        if (page.accounts.length === 0 || page.accounts.length > count - rows.length) {
          throw fail(
            "ResultTruncated",
            `Azure Resource Graph answered ${page.accounts.length} rows for rows ${skip} to ${start + count - 1} of ${total} ($skip ${skip}, $top ${count - rows.length})`,
          );
        }
        for (const account of page.accounts) rows.push(account);
      }
      rest[index] = rows;
    });

    return firsts.flatMap((page) => page.accounts).concat(...rest);
  }
}

const EMPTY_PAGE: ResourceGraphPage = Object.freeze({ accounts: [], totalRecords: 0 }) as ResourceGraphPage;

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
