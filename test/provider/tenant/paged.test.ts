/**
 * listBatchAccountsPaged across subscriptions against the emulator over HTTPS: Resource Graph and
 * the ARM fan-out, every scope; pages in id order, resuming from each page's token, tokens of
 * another listing or altered ones refused, maxPageSize, a failure at a page, a result that changes
 * while it is read, and a `break` that stops the requests.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMULATOR_TOKEN, type RunningEmulator, startEmulator, tenantSubscriptionIds } from "../../../emulator";
import {
  BatchLookupClient,
  type ClientOptions,
  type ListBatchAccountsArgs,
  listBatchAccounts,
  listBatchAccountsPaged,
  StaticTokenCredential,
} from "../../../provider";
import { rejection } from "../../support/errors";
import { whenServed } from "../../support/server-events";

const SUBSCRIPTIONS = 12;
const subscriptionIds = tenantSubscriptionIds(SUBSCRIPTIONS);
const SOURCES = ["resourceGraph", "arm"] as const;

let emu: RunningEmulator;
const clients: BatchLookupClient[] = [];

function clientOf(options: ClientOptions = {}): BatchLookupClient {
  const client = new BatchLookupClient({
    endpoint: emu.url,
    ca: emu.caCertPem!,
    credential: new StaticTokenCredential(EMULATOR_TOKEN),
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  // 7 rows a Resource Graph page, 4 accounts an ARM page.
  emu = await startEmulator({
    generateTenant: { subscriptions: SUBSCRIPTIONS, accountsPerSubscription: 9, managementGroups: 3 },
    pageSize: 4,
    resourceGraph: { maxRowsPerPage: 7 },
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await emu?.stop();
});
beforeEach(async () => {
  emu.faults.clear();
  // A failed iteration's aborted requests may still be answered: not this test's.
  await settled(0);
  emu.clearStats();
});

type Page = { ids: string[]; token: string | undefined };

async function pagesOf(args: ListBatchAccountsArgs, settings?: { continuationToken?: string; maxPageSize?: number }, client = clientOf()) {
  const out: Page[] = [];
  for await (const page of listBatchAccountsPaged(args, { client }).byPage(settings)) {
    out.push({ ids: page.map((a) => a.id), token: page.continuationToken });
  }
  return out;
}

const byId = (ids: string[]) =>
  [...ids].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));

/** Waits until every request after the `after`th has its answer. */
function settled(after: number): Promise<void> {
  const pending = () => emu.stats().requests.some((r) => r.seq > after && r.durationMs === undefined);
  return whenServed(() => !pending(), `the requests after #${after} to finish`);
}

describe.each(SOURCES)("listBatchAccountsPaged across subscriptions, source %s", (source) => {
  it.each([
    ["scope tenant", { scope: "tenant" }],
    ["subscriptionIds, out of order", { subscriptionIds: [subscriptionIds[5]!, subscriptionIds[0]!, subscriptionIds[9]!] }],
  ] as const)("%s: the array form's accounts, in id order, page by page; every token resumes with the rest", async (_, scope) => {
    const args: ListBatchAccountsArgs = { ...scope, source } as ListBatchAccountsArgs;
    const pages = await pagesOf(args);
    const ids = pages.flatMap((p) => p.ids);
    const array = (await listBatchAccounts(args, { client: clientOf() })).value.map((a) => a.id);
    expect(ids).toStrictEqual(array);
    expect(ids).toStrictEqual(byId(ids));
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.at(-1)!.token).toBeUndefined();
    for (const page of pages) expect(page.ids.length).toBeGreaterThan(0);
    for (let i = 0; i < pages.length - 1; i++) {
      const rest = await pagesOf(args, { continuationToken: pages[i]!.token! });
      expect(rest.flatMap((p) => p.ids)).toStrictEqual(pages.slice(i + 1).flatMap((p) => p.ids));
    }
    // The same subscriptions in another order are the same listing.
    if ("subscriptionIds" in scope) {
      const reordered = await pagesOf(
        { ...args, subscriptionIds: [...scope.subscriptionIds].reverse() },
        { continuationToken: pages[0]!.token! },
      );
      expect(reordered).toStrictEqual(pages.slice(1));
    }
  });

  it("refuses, before any request, a token of another scope, source or endpoint, an altered one, and one that is no token", async () => {
    const [first] = await pagesOf({ scope: "tenant", source });
    const token = first!.token!;
    emu.clearStats();
    const other = source === "arm" ? "resourceGraph" : "arm";
    const refused: [ListBatchAccountsArgs, string, string][] = [
      [{ subscriptionIds: [subscriptionIds[0]!], source }, token, "belongs to another listing"],
      [{ scope: "tenant", source: other }, token, "belongs to another listing"],
      [{ scope: "tenant", source }, "not-a-token!", "base64url"],
      [{ scope: "tenant", source }, Buffer.from("{}").toString("base64url"), "unknown format"],
      [{ scope: "tenant", source }, `${emu.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, "base64url"],
    ];
    const doc = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const altered = { ...doc, at: source === "arm" ? { s: "not-a-guid" } : { b: 5, s: -1 } };
    refused.push([{ scope: "tenant", source }, Buffer.from(JSON.stringify(altered)).toString("base64url"), "no valid position"]);
    for (const [args, continuationToken, says] of refused) {
      const err = await rejection(
        Promise.resolve().then(() => listBatchAccountsPaged(args, { client: clientOf() }).byPage({ continuationToken })),
      );
      expect(err).toMatchObject({ code: "InvalidArgument", target: "continuationToken" });
      expect(err.message).toContain(says);
    }
    const elsewhere = clientOf({ endpoint: emu.url.replace("127.0.0.1", "localhost") });
    const err = await rejection(
      Promise.resolve().then(() =>
        listBatchAccountsPaged({ scope: "tenant", source }, { client: elsewhere }).byPage({ continuationToken: token }),
      ),
    );
    expect(err.message).toContain("belongs to another listing");
    expect(emu.stats().total).toBe(0);
  });

  it("a failure fails the iteration at its page, after the pages before it", async () => {
    const route = source === "arm" ? "list" : "resourceGraph";
    emu.injectFault({ kind: "forbidden", route, skip: 4, times: 1 });
    const got: string[][] = [];
    const err = await rejection(
      (async () => {
        for await (const page of listBatchAccountsPaged({ scope: "tenant", source }, { client: clientOf() }).byPage())
          got.push(page.map((a) => a.id));
      })(),
    );
    expect(err.statusCode).toBe(403);
    expect(got.length).toBeGreaterThan(0);
  });

  it("a break stops the requests: those running are aborted, none starts after", async () => {
    const client = clientOf({ maxConcurrentRequests: 2 });
    for await (const _ of listBatchAccountsPaged({ scope: "tenant", source }, { client })) break;
    await settled(0);
    const requests = emu.stats().total;
    // Resource Graph: the first page only. ARM: the first subscription read whole, the two read ahead
    // of it started (3 pages of 4 accounts each at most), of the tenant's 12 generated ones.
    if (source === "resourceGraph") expect(requests).toBe(1);
    else expect(emu.stats().byRoute.list).toBeLessThanOrEqual(3 * 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emu.stats().total).toBe(requests);
  });
});

describe("listBatchAccountsPaged through Resource Graph", () => {
  it("maxPageSize sets the rows of a page; resuming with another size goes on from the same row", async () => {
    const pages = await pagesOf({ scope: "tenant" }, { maxPageSize: 5 });
    expect(pages.slice(0, -1).every((p) => p.ids.length === 5)).toBe(true);
    const rest = await pagesOf({ scope: "tenant" }, { continuationToken: pages[1]!.token!, maxPageSize: 3 });
    expect(rest.flatMap((p) => p.ids)).toStrictEqual(pages.slice(2).flatMap((p) => p.ids));
    expect(rest[0]!.ids).toHaveLength(3);
    for (const maxPageSize of [0, 1001, 2.5]) {
      const err = await rejection(
        Promise.resolve().then(() => listBatchAccountsPaged({ scope: "tenant" }, { client: clientOf() }).byPage({ maxPageSize })),
      );
      expect(err).toMatchObject({ code: "InvalidArgument", target: "maxPageSize" });
    }
    const arm = await rejection(
      Promise.resolve().then(() =>
        listBatchAccountsPaged({ scope: "tenant", source: "arm" }, { client: clientOf() }).byPage({ maxPageSize: 5 }),
      ),
    );
    expect(arm).toMatchObject({ code: "InvalidArgument", target: "maxPageSize" });
  });

  it("management groups: the subscriptions under them, in id order", async () => {
    const ids = [];
    for await (const a of listBatchAccountsPaged({ managementGroupIds: ["mg-generated-2"] }, { client: clientOf() })) ids.push(a.id);
    const array = (await listBatchAccounts({ managementGroupIds: ["mg-generated-2"] }, { client: clientOf() })).value.map((a) => a.id);
    expect(ids).toStrictEqual(array);
    expect(ids.length).toBeGreaterThan(7);
  });

  it("a result that changes while it is read fails the iteration at that page, saying so", async () => {
    const client = clientOf();
    const pages = listBatchAccountsPaged({ scope: "tenant" }, { client }).byPage();
    await pages.next();
    const [account] = emu.listAccounts({ subscriptionId: subscriptionIds[0] });
    emu.upsertAccount({ ...account!, id: account!.id.replace(/[^/]+$/, "addedwhilepaging"), name: "addedwhilepaging" });
    const err = await rejection(
      (async () => {
        for (;;) if ((await pages.next()).done) return;
      })(),
    );
    expect(err.code).toBe("InvalidResponse");
    expect(err.message).toContain("changed while they were read");
    emu.reset();
  });
});
