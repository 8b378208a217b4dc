/**
 * Tenant-scale listBatchAccounts against the emulator over HTTPS: every scope and source, paging,
 * Resource Graph's quota and 429s, truncation and the subscription limit, faults, caps, and the
 * token staying on the ARM origin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EMULATOR_LIMITED_TOKEN,
  EMULATOR_TOKEN,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
  tenantSubscriptionIds,
} from "../../../emulator";
import {
  BatchLookupClient,
  type ClientOptions,
  listBatchAccounts,
  listBatchAccountsOutput,
  StaticTokenCredential,
} from "../../../provider";
import { parseBatchAccount } from "../../../provider/model/parse-batch-account";
import { rejection } from "../../support/errors";
import { whenServed } from "../../support/server-events";

const SUBSCRIPTIONS = 12;
const PER_SUBSCRIPTION = 9;
const TENANT = { subscriptions: SUBSCRIPTIONS, accountsPerSubscription: PER_SUBSCRIPTION, managementGroups: 3 };
const subscriptionIds = tenantSubscriptionIds(SUBSCRIPTIONS);

const started: RunningEmulator[] = [];
const clients: BatchLookupClient[] = [];

async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // The default data set (whose subscriptions the limited token reads) and a generated tenant.
  const emu = await startEmulator({ generateTenant: TENANT, ...options });
  started.push(emu);
  return emu;
}

function clientOf(emu: RunningEmulator, options: ClientOptions = {}, token = EMULATOR_TOKEN): BatchLookupClient {
  const client = new BatchLookupClient({
    endpoint: emu.url,
    ca: emu.caCertPem!,
    credential: new StaticTokenCredential(token),
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
  clients.push(client);
  return client;
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(started.map((e) => e.stop()));
});

/** The emulator's accounts of `subscriptions` (default: all), as the model, sorted by id. */
function expected(emu: RunningEmulator, subscriptions?: readonly string[]) {
  return (
    subscriptions === undefined ? emu.listAccounts() : subscriptions.flatMap((subscriptionId) => emu.listAccounts({ subscriptionId }))
  )
    .map((a) => parseBatchAccount(a))
    .sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1));
}

/** Waits until the emulator finished every request after the `after`th (a failed listing's leftovers). */
function settled(emu: RunningEmulator, after: number): Promise<void> {
  const pending = () => emu.stats().requests.some((r) => r.seq > after && r.durationMs === undefined);
  return whenServed(() => !pending(), `the requests after #${after} to finish`);
}

describe("tenant-scale listBatchAccounts", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    // 7 rows a Resource Graph page, 4 accounts an ARM page: every list spans several pages.
    emu = await emulator({ pageSize: 4, resourceGraph: { maxRowsPerPage: 7 } });
  });

  it.each(["resourceGraph", "arm"] as const)("scope tenant, source %s: every account, sorted by id, over many pages", async (source) => {
    const client = clientOf(emu);
    emu.clearStats();
    const { value } = await listBatchAccounts({ scope: "tenant", source }, { client });
    expect(value).toStrictEqual(expected(emu));
    expect(value.length).toBeGreaterThan(SUBSCRIPTIONS * PER_SUBSCRIPTION);
    const byRoute = emu.stats().byRoute;
    if (source === "resourceGraph") {
      expect(byRoute.resourceGraph).toBe(Math.ceil(value.length / 7));
      expect(byRoute.list ?? 0).toBe(0);
    } else {
      expect(byRoute.subscriptions).toBeGreaterThanOrEqual(1);
      expect(byRoute.list).toBeGreaterThanOrEqual(SUBSCRIPTIONS * Math.ceil(PER_SUBSCRIPTION / 4));
      expect(byRoute.resourceGraph ?? 0).toBe(0);
    }
  });

  it.each(["resourceGraph", "arm"] as const)("subscriptionIds, source %s: only those subscriptions", async (source) => {
    const chosen = [subscriptionIds[3]!, subscriptionIds[0]!, subscriptionIds[7]!];
    const { value } = await listBatchAccounts({ subscriptionIds: chosen, source }, { client: clientOf(emu) });
    expect(value).toStrictEqual(expected(emu, chosen));
  });

  it("managementGroupIds through Resource Graph: the subscriptions under the groups", async () => {
    // Subscription i sits in group (i mod 3) + 1.
    const { value } = await listBatchAccounts({ managementGroupIds: ["mg-generated-2"] }, { client: clientOf(emu) });
    expect(value).toStrictEqual(
      expected(
        emu,
        subscriptionIds.filter((_, i) => i % 3 === 1),
      ),
    );
    const root = await listBatchAccounts({ managementGroupIds: ["mg-generated-root"] }, { client: clientOf(emu) });
    expect(root.value).toStrictEqual(expected(emu, subscriptionIds));
  });

  it('managementGroupIds with source "arm" fails before any request, naming the field and the rule', async () => {
    emu.clearStats();
    const err = await rejection(listBatchAccounts({ managementGroupIds: ["mg-generated-1"], source: "arm" }, { client: clientOf(emu) }));
    expect(err.code).toBe("InvalidArgument");
    expect(err.target).toBe("source");
    expect(err.message).toContain('source "arm" supports subscriptionIds and scope "tenant"');
    expect(emu.stats().total).toBe(0);
  });

  it("a token that reads two subscriptions gets the same accounts from both sources", async () => {
    const graph = await listBatchAccounts({ scope: "tenant" }, { client: clientOf(emu, {}, EMULATOR_LIMITED_TOKEN) });
    const arm = await listBatchAccounts({ scope: "tenant", source: "arm" }, { client: clientOf(emu, {}, EMULATOR_LIMITED_TOKEN) });
    expect(graph.value.length).toBeGreaterThan(0);
    expect(graph).toStrictEqual(arm);
  });

  it("the Output form takes the same arguments", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const out = listBatchAccountsOutput({ subscriptionIds: pulumi.output([subscriptionIds[1]!]) }, { client: clientOf(emu) });
    const value = await new Promise((resolve) => out.apply(resolve));
    expect(value).toStrictEqual({ value: expected(emu, [subscriptionIds[1]!]) });
  });

  it.each([
    [{ scope: "tenant", subscriptionIds: [subscriptionIds[0]] }, "subscriptionIds and scope"],
    [{ scope: "tenant", subscriptionId: subscriptionIds[0] }, "subscriptionId"],
    [{ subscriptionIds: [] }, "subscriptionIds"],
    [{ subscriptionIds: ["not-a-guid"] }, "subscriptionIds[0]"],
    [{ scope: "everything" }, "scope"],
    [{ scope: "tenant", source: "graph" }, "source"],
    [{ subscriptionId: subscriptionIds[0], source: "resourceGraph" }, "source"],
  ])("bad arguments %j: InvalidArgument naming %s", async (args, target) => {
    const err = await rejection(listBatchAccounts(args as never, { client: clientOf(emu) }));
    expect(err.code).toBe("InvalidArgument");
    expect(err.target).toBe(target);
  });

  it.each(["resourceGraph", "arm"] as const)("source %s: limits.maxListAccounts counts the whole listing", async (source) => {
    const all = expected(emu).length;
    const client = clientOf(emu, { limits: { maxListAccounts: all - 1 } });
    const err = await rejection(listBatchAccounts({ scope: "tenant", source }, { client }));
    expect(err.code).toBe("ListTooLarge");
    const enough = clientOf(emu, { limits: { maxListAccounts: all } });
    expect((await listBatchAccounts({ scope: "tenant", source }, { client: enough })).value).toHaveLength(all);
  });

  it.each(["resourceGraph", "arm"] as const)("source %s: limits.maxListBytes counts the whole listing", async (source) => {
    const client = clientOf(emu, { limits: { maxListBytes: 20_000 } });
    const err = await rejection(listBatchAccounts({ scope: "tenant", source }, { client }));
    expect(err.code).toBe("ListTooLarge");
    expect(err.message).toContain("limits.maxListBytes");
  });

  it.each(["resourceGraph", "arm"] as const)("source %s: transient faults are retried, the list is whole", async (source) => {
    const route = source === "arm" ? "list" : "resourceGraph";
    emu.injectFault({ kind: "status", status: 503, route, times: 2, skip: 1 });
    emu.injectFault({ kind: "reset", route, times: 1, skip: 3 });
    const { value } = await listBatchAccounts({ scope: "tenant", source }, { client: clientOf(emu) });
    expect(value).toStrictEqual(expected(emu));
    emu.faults.clear();
  });

  it.each(["resourceGraph", "arm"] as const)("source %s: a fault that outlasts the retries fails the whole listing", async (source) => {
    const route = source === "arm" ? "list" : "resourceGraph";
    const before = emu.stats().requests.at(-1)?.seq ?? 0;
    emu.injectFault({ kind: "forbidden", route, skip: 1, times: 1 });
    const err = await rejection(listBatchAccounts({ scope: "tenant", source }, { client: clientOf(emu) }));
    expect(err.statusCode).toBe(403);
    await settled(emu, before);
    emu.faults.clear();
    emu.injectFault({ kind: "empty-body", route, skip: 2, times: 1 });
    const bad = await rejection(listBatchAccounts({ scope: "tenant", source }, { client: clientOf(emu) }));
    expect(bad.code).toBe("InvalidResponse");
    emu.faults.clear();
  });

  it("the tenant's subscription list is paged and its faults fail the listing", async () => {
    emu.injectFault({ kind: "status", status: 500, route: "subscriptions", times: 1 });
    const ok = await listBatchAccounts({ scope: "tenant", source: "arm" }, { client: clientOf(emu) });
    expect(ok.value).toStrictEqual(expected(emu));
    emu.faults.clear();
    emu.injectFault({ kind: "forbidden", route: "subscriptions", times: 1 });
    const err = await rejection(listBatchAccounts({ scope: "tenant", source: "arm" }, { client: clientOf(emu) }));
    expect(err.statusCode).toBe(403);
    expect(err.message).toContain("subscriptions the credential can read");
    emu.faults.clear();
  });
});

describe("the list byte cap over lists read side by side", () => {
  it("two lists that each fit but together pass limits.maxListBytes fail the listing", async () => {
    const emu = await emulator({ pageSize: 50 });
    const two = subscriptionIds.slice(0, 2);
    const pageBytes = two.map((subscriptionId) => JSON.stringify({ value: emu.listAccounts({ subscriptionId }) }).length);
    // Each one-page list is under the cap; both are read at once, and together they pass it.
    const cap = Math.max(...pageBytes) + 1_000;
    expect(pageBytes[0]! + pageBytes[1]!).toBeGreaterThan(cap + 5_000);
    const client = clientOf(emu, { limits: { maxListBytes: cap } });
    const err = await rejection(listBatchAccounts({ subscriptionIds: two, source: "arm" }, { client }));
    expect(err.code).toBe("ListTooLarge");
    expect(err.message).toContain(`passed ${cap} bytes (limits.maxListBytes`);
    const roomy = clientOf(emu, { limits: { maxListBytes: 2 * cap + 10_000 } });
    expect((await listBatchAccounts({ subscriptionIds: two, source: "arm" }, { client: roomy })).value).toStrictEqual(expected(emu, two));
  });
});

describe("subscription states", () => {
  it("a Disabled subscription is listed (reads still work); a Deleted one is not, and the fan-out never asks it", async () => {
    const emu = await emulator();
    const disabled = subscriptionIds[2]!;
    const deleted = subscriptionIds[5]!;
    emu.addSubscription({ subscriptionId: disabled, state: "Disabled" });
    emu.addSubscription({ subscriptionId: deleted, state: "Deleted" });
    const live = expected(emu).filter((a) => a.subscriptionId !== deleted);
    expect(live.some((a) => a.subscriptionId === disabled)).toBe(true);
    for (const source of ["resourceGraph", "arm"] as const) {
      emu.clearStats();
      const { value } = await listBatchAccounts({ scope: "tenant", source }, { client: clientOf(emu) });
      expect(value, source).toStrictEqual(live);
      expect(emu.stats().requests.some((r) => r.url.includes(deleted))).toBe(false);
    }
    // Named explicitly, ARM answers as for a subscription that is gone.
    const err = await rejection(listBatchAccounts({ subscriptionIds: [deleted], source: "arm" }, { client: clientOf(emu) }));
    expect(err.code).toBe("SubscriptionNotFound");
    expect(() => emu.addSubscription({ subscriptionId: deleted, state: "Gone" as never })).toThrow(
      /"state" must be one of Enabled, .*Deleted/,
    );
  });
});

describe("Resource Graph's pages, read side by side", () => {
  /** The most Resource Graph requests the emulator was answering at once. */
  function peakConcurrency(emu: RunningEmulator): number {
    const spans = emu
      .stats()
      .requests.filter((r) => r.route === "resourceGraph" && r.durationMs !== undefined)
      .map((r) => ({ from: Date.parse(r.time), to: Date.parse(r.time) + r.durationMs! }));
    return Math.max(0, ...spans.map((s) => spans.filter((o) => o.from <= s.from && s.from < o.to).length));
  }

  it("after the first page, the others are requested at once by $skip, up to maxConcurrentRequests", async () => {
    const emu = await emulator({ resourceGraph: { maxRowsPerPage: 10 } });
    emu.clearStats();
    // Every page after the first takes 300 ms: one after another they would never overlap.
    emu.injectFault({ kind: "slow-headers", route: "resourceGraph", delayMs: 300, skip: 1 });
    const { value } = await listBatchAccounts({ scope: "tenant" }, { client: clientOf(emu, { maxConcurrentRequests: 4 }) });
    expect(value).toStrictEqual(expected(emu));
    expect(emu.stats().byRoute.resourceGraph).toBe(Math.ceil(value.length / 10));
    expect(peakConcurrency(emu)).toBe(4);
  });

  it("more matches than limits.maxListAccounts fail after the first page, before the others are read", async () => {
    const emu = await emulator({ resourceGraph: { maxRowsPerPage: 10 } });
    const all = expected(emu).length;
    emu.clearStats();
    const err = await rejection(
      listBatchAccounts({ scope: "tenant" }, { client: clientOf(emu, { limits: { maxListAccounts: all - 1 } }) }),
    );
    expect(err.code).toBe("ListTooLarge");
    expect(err.message).toContain(`matched ${all} accounts, more than ${all - 1} (limits.maxListAccounts)`);
    expect(emu.stats().byRoute.resourceGraph).toBe(1);
  });

  it("more than 1,000 subscriptions: one query per batch, each batch's pages side by side", async () => {
    const many = tenantSubscriptionIds(1005);
    const emu = await emulator({
      data: { subscriptions: [], accounts: [] },
      generateTenant: { subscriptions: 1005, accountsPerSubscription: 1 },
      resourceGraph: { maxRowsPerPage: 300 },
    });
    emu.clearStats();
    const { value } = await listBatchAccounts({ subscriptionIds: many }, { client: clientOf(emu) });
    expect(value).toStrictEqual(expected(emu, many));
    expect(value).toHaveLength(1005);
    // Batch 1 (1,000 subscriptions): 4 pages of at most 300; batch 2 (5): 1 page.
    expect(emu.stats().byRoute.resourceGraph).toBe(5);
  });

  it("a batch of which Resource Graph can read no subscription contributes nothing; none readable at all fails, saying so", async () => {
    const known = tenantSubscriptionIds(3);
    const unknown = tenantSubscriptionIds(1003)
      .slice(3)
      .map((id) => `ffffffff${id.slice(8)}`);
    const emu = await emulator({
      data: { subscriptions: [], accounts: [] },
      generateTenant: { subscriptions: 3, accountsPerSubscription: 2 },
    });
    // The first batch (1,000 ids) holds no readable subscription; the second (3) holds the three.
    emu.clearStats();
    const { value } = await listBatchAccounts({ subscriptionIds: [...unknown, ...known] }, { client: clientOf(emu) });
    expect(value).toStrictEqual(expected(emu, known));
    expect(emu.stats().byRoute.resourceGraph).toBe(2);
    const err = await rejection(listBatchAccounts({ subscriptionIds: unknown }, { client: clientOf(emu) }));
    expect(err.code).toBe("NoReadableSubscriptions");
    expect(err.message).toContain("the credential can read none of those 1000 subscriptions");
  });

  it("pages shorter than asked (ARG shortens pages that would be too large) are completed by further requests", async () => {
    // Pages of at most 30,000 bytes of rows: the official examples and the generated accounts differ in
    // size, so most pages after the first (11 rows) hold 10 and need a second request for the 11th.
    const emu = await emulator({ resourceGraph: { maxPageBytes: 30000 } });
    emu.clearStats();
    const { value } = await listBatchAccounts({ scope: "tenant" }, { client: clientOf(emu) });
    expect(value).toStrictEqual(expected(emu));
  });

  /** Waits until the emulator has answered `n` Resource Graph requests with 200. */
  function answered(emu: RunningEmulator, n: number): Promise<void> {
    const count = () => emu.stats().requests.filter((r) => r.route === "resourceGraph" && r.status === 200).length;
    return whenServed(() => count() >= n, `${n} Resource Graph answers`);
  }

  /** Adds a copy of an account of the first generated subscription under a new name. */
  function addAccount(emu: RunningEmulator, name: string): void {
    const [account] = emu.listAccounts({ subscriptionId: subscriptionIds[0] });
    emu.upsertAccount({ ...account!, id: account!.id.replace(/[^/]+$/, name), name });
  }

  // One query a window: the pages after a first page wait for the reset, and the data changes meanwhile.
  const oneQueryAWindow = { resourceGraph: { maxRowsPerPage: 70, quota: { queries: 1, windowMs: 1000 } } };

  it("a result that changes size while it is read is read again, whole", async () => {
    const emu = await emulator(oneQueryAWindow);
    emu.clearStats();
    const listing = listBatchAccounts({ scope: "tenant" }, { client: clientOf(emu) });
    await answered(emu, 1);
    addAccount(emu, "addedwhilelisting");
    const { value } = await listing;
    expect(value).toStrictEqual(expected(emu));
    expect(value.map((a) => a.name)).toContain("addedwhilelisting");
    // Two pages, then both again.
    expect(emu.stats().byRoute.resourceGraph).toBe(4);
  });

  it("a result that changes again while it is read again fails the listing", async () => {
    const emu = await emulator(oneQueryAWindow);
    emu.clearStats();
    const listing = rejection(listBatchAccounts({ scope: "tenant" }, { client: clientOf(emu) }));
    await answered(emu, 1);
    addAccount(emu, "addedwhilelisting");
    await answered(emu, 3);
    addAccount(emu, "addedwhilelistingagain");
    const err = await listing;
    expect(err.code).toBe("InvalidResponse");
    expect(err.message).toMatch(/changed while they were read, 2 times in a row \(Azure Resource Graph matched \d+ rows, then \d+\)/);
  });
});

describe("Resource Graph's answers that would hide accounts", () => {
  it('resultTruncated "true" without a $skipToken fails the list', async () => {
    const emu = await emulator({ resourceGraph: { maxRowsPerPage: 10, truncateResults: true } });
    const err = await rejection(listBatchAccounts({ scope: "tenant" }, { client: clientOf(emu) }));
    expect(err.code).toBe("ResultTruncated");
  });

  it("a scope cut at the tenant subscription limit fails the list; explicit subscriptionIds are not cut", async () => {
    const emu = await emulator({ resourceGraph: { tenantSubscriptionLimit: 5 } });
    const err = await rejection(listBatchAccounts({ scope: "tenant" }, { client: clientOf(emu) }));
    expect(err.code).toBe("SubscriptionLimitExceeded");
    const mg = await rejection(listBatchAccounts({ managementGroupIds: ["mg-generated-root"] }, { client: clientOf(emu) }));
    expect(mg.code).toBe("SubscriptionLimitExceeded");
    const { value } = await listBatchAccounts({ subscriptionIds }, { client: clientOf(emu) });
    expect(value).toStrictEqual(expected(emu, subscriptionIds));
  });
});

describe("Resource Graph's per-user quota", () => {
  it("waits for the window to reset when a page used the last query, within the deadline", async () => {
    // 3 queries per second; 12 pages: the list needs four windows.
    const emu = await emulator({ resourceGraph: { maxRowsPerPage: 9, quota: { queries: 3, windowMs: 1000 } } });
    emu.clearStats();
    const { value } = await listBatchAccounts({ scope: "tenant" }, { client: clientOf(emu) });
    expect(value).toStrictEqual(expected(emu));
    const stats = emu.stats();
    expect(stats.byRoute.resourceGraph).toBe(Math.ceil(value.length / 9));
    // Waiting on the quota headers, the client never met a 429.
    expect(stats.byStatus["429"] ?? 0).toBe(0);
  });

  it("a 429 waits for x-ms-user-quota-resets-after and tries again", async () => {
    // One query a second, one page a listing: two listings at once, one of them meets a 429
    // (without Retry-After: the quota header says when to try again).
    const emu = await emulator({ resourceGraph: { maxRowsPerPage: 50, quota: { queries: 1, windowMs: 1000 } } });
    emu.clearStats();
    const two = subscriptionIds.slice(0, 2);
    const [a, b] = await Promise.all([
      listBatchAccounts({ subscriptionIds: two }, { client: clientOf(emu) }),
      listBatchAccounts({ subscriptionIds: two }, { client: clientOf(emu) }),
    ]);
    expect(a.value).toStrictEqual(expected(emu, two));
    expect(b).toStrictEqual(a);
    expect(emu.stats().byStatus["429"]).toBe(1);
    expect(emu.stats().byStatus["200"]).toBe(2);
  });

  it("a quota wait that would pass the total timeout fails at once with RequestTimeout", async () => {
    const emu = await emulator({ resourceGraph: { maxRowsPerPage: 9, quota: { queries: 1, windowMs: 60_000 } } });
    const client = clientOf(emu, { retry: { totalTimeoutMs: 5_000, maxRetries: 2, baseDelayMs: 10, maxDelayMs: 50 } });
    const err = await rejection(listBatchAccounts({ scope: "tenant" }, { client }));
    expect(err.code).toBe("RequestTimeout");
    expect(err.message).toContain("total timeout of 5000 ms");
  });
});

describe("the token goes only to the ARM origin", () => {
  it("a Subscriptions - List nextLink to another origin fails the listing without sending the token there", async () => {
    const seen: string[] = [];
    const { createServer } = await import("node:http");
    const other = createServer((req, res) => {
      seen.push(req.headers.authorization ?? "");
      res.end("{}");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const port = (other.address() as { port: number }).port;
      const emu = await emulator({ pageSize: 4, nextLinkOrigin: `http://127.0.0.1:${port}` });
      const err = await rejection(listBatchAccounts({ scope: "tenant", source: "arm" }, { client: clientOf(emu) }));
      expect(err.code).toBe("UnsafeNextLink");
      expect(seen).toEqual([]);
    } finally {
      other.close();
    }
  });
});
