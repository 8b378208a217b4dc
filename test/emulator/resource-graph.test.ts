/**
 * The emulator's Resource Graph endpoint and Subscriptions - List on the wire: ARG's errors,
 * paging limits, casing, scope rules (unreadable subscriptions skipped, the tenant subscription
 * limit), the per-user quota headers and 429, and fault injection through the admin endpoint.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  EMULATOR_EXPIRED_TOKEN,
  EMULATOR_LIMITED_TOKEN,
  EMULATOR_TOKEN,
  EXAMPLES_SUBSCRIPTION_ID,
  type RunningEmulator,
  startEmulator,
  tenantSubscriptionIds,
} from "../../emulator";
import { BATCH_ACCOUNTS_QUERY, RESOURCE_GRAPH_API_VERSIONS } from "../../provider/tenant/resource-graph-request";
import { AUTH, trustCa } from "./helpers";

const SUBS = 8;
const PER_SUB = 30;
let emu: RunningEmulator;

function graphUrl(apiVersion = "2024-04-01"): string {
  return `${emu.url}/providers/Microsoft.ResourceGraph/resources?api-version=${apiVersion}`;
}

function post(body: unknown, headers: Record<string, string> = AUTH, url = graphUrl()): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function errorOf(res: Response): Promise<{ code: string; details?: Array<{ code: string }> }> {
  return ((await res.json()) as { error: { code: string; details?: Array<{ code: string }> } }).error;
}

beforeAll(async () => {
  emu = await startEmulator({
    generateTenant: { subscriptions: SUBS, accountsPerSubscription: PER_SUB, managementGroups: 2 },
    pageSize: 3,
  });
  trustCa(emu.caCertPem);
});
afterAll(() => emu?.stop());
beforeEach(() => emu.reset());

describe("Resource Graph query endpoint", () => {
  it("serves the three stable api-versions and refuses others", async () => {
    for (const v of RESOURCE_GRAPH_API_VERSIONS) {
      const res = await post({ query: BATCH_ACCOUNTS_QUERY }, AUTH, graphUrl(v));
      expect(res.status, v).toBe(200);
    }
    const old = await post({ query: BATCH_ACCOUNTS_QUERY }, AUTH, graphUrl("2019-04-01"));
    expect(old.status).toBe(400);
    expect((await errorOf(old)).code).toBe("NoRegisteredProviderFound");
    const none = await post({ query: BATCH_ACCOUNTS_QUERY }, AUTH, `${emu.url}/providers/Microsoft.ResourceGraph/resources`);
    expect((await errorOf(none)).code).toBe("MissingApiVersionParameter");
  });

  it("answers each query from the data as it is now: a change between two pages shows in the next", async () => {
    const rows = async (query = BATCH_ACCOUNTS_QUERY) =>
      ((await (await post({ query, options: { $top: 1000 } })).json()) as { data: Array<{ id: string; properties: any }> }).data;
    const first = await rows();
    const victim = first[0]!;
    const ref = victim.id;
    const patched = emu.patchAccount(ref, { properties: { poolQuota: 1234 } });
    expect((await rows()).find((r) => r.id === victim.id)?.properties.poolQuota).toBe(1234);
    expect(patched.properties?.poolQuota).toBe(1234);
    emu.deleteAccount(ref);
    expect((await rows()).map((r) => r.id)).toEqual(first.slice(1).map((r) => r.id));
    const descending = await rows(`${BATCH_ACCOUNTS_QUERY.replace(/\| order by id asc/, "| order by id desc")}`);
    expect(descending.map((r) => r.id)).toEqual(
      first
        .slice(1)
        .map((r) => r.id)
        .reverse(),
    );
    expect((await rows()).map((r) => r.id)).toEqual(first.slice(1).map((r) => r.id));
  });

  it("needs POST and a valid token", async () => {
    const get = await fetch(graphUrl(), { headers: AUTH });
    expect(get.status).toBe(405);
    const anonymous = await post({ query: BATCH_ACCOUNTS_QUERY }, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const expired = await post({ query: BATCH_ACCOUNTS_QUERY }, { authorization: `Bearer ${EMULATOR_EXPIRED_TOKEN}` });
    expect((await errorOf(expired)).code).toBe("ExpiredAuthenticationToken");
  });

  it("any other query: 400 BadRequest whose details carry InvalidQuery", async () => {
    for (const query of [
      "resources | take 5",
      `${BATCH_ACCOUNTS_QUERY} | limit 10`,
      "",
      "resources | where type =~ 'microsoft.compute/virtualmachines'",
    ]) {
      const res = await post({ query });
      expect(res.status, query).toBe(400);
      const e = await errorOf(res);
      expect(e.code).toBe("BadRequest");
      expect(e.details?.map((d) => d.code)).toContain("InvalidQuery");
    }
    // Layout does not matter.
    expect((await post({ query: BATCH_ACCOUNTS_QUERY.replace(/\n/g, "\n   ") })).status).toBe(200);
    const notJson = await post("{not json");
    expect((await errorOf(notJson)).code).toBe("InvalidRequestContent");
  });

  it("options and scope are checked: $top 1..1000, one scope kind, GUIDs, at most 1,000 subscriptions, known groups", async () => {
    const cases: Array<[unknown, string]> = [
      [{ query: BATCH_ACCOUNTS_QUERY, options: { $top: 0 } }, "InvalidParameter"],
      [{ query: BATCH_ACCOUNTS_QUERY, options: { $top: 1001 } }, "InvalidParameter"],
      [{ query: BATCH_ACCOUNTS_QUERY, options: { resultFormat: "csv" } }, "InvalidParameter"],
      [{ query: BATCH_ACCOUNTS_QUERY, options: { authorizationScopeFilter: "Everywhere" } }, "InvalidParameter"],
      [{ query: BATCH_ACCOUNTS_QUERY, subscriptions: [EXAMPLES_SUBSCRIPTION_ID], managementGroups: ["mg-generated-1"] }, "InvalidScope"],
      [{ query: BATCH_ACCOUNTS_QUERY, subscriptions: ["subid"] }, "InvalidSubscriptionId"],
      [{ query: BATCH_ACCOUNTS_QUERY, subscriptions: tenantSubscriptionIds(1001, 99) }, "InvalidScope"],
      [{ query: BATCH_ACCOUNTS_QUERY, managementGroups: ["no-such-group"] }, "ManagementGroupNotFound"],
      [{ query: BATCH_ACCOUNTS_QUERY, options: { $skipToken: "garbage" } }, "InvalidSkipToken"],
    ];
    for (const [body, detail] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect((await errorOf(res)).details?.map((d) => d.code)).toContain(detail);
    }
    // 1,000 is allowed (one readable among them, else the request names no valid subscription).
    const thousand = [EXAMPLES_SUBSCRIPTION_ID, ...tenantSubscriptionIds(999, 99)];
    expect((await post({ query: BATCH_ACCOUNTS_QUERY, subscriptions: thousand })).status).toBe(200);
  });

  it("pages: 100 rows without $top, at most $top with it, a $skipToken valid only for the same scope", async () => {
    const first = (await (await post({ query: BATCH_ACCOUNTS_QUERY })).json()) as any;
    expect(first.count).toBe(100);
    expect(first.data).toHaveLength(100);
    expect(first.totalRecords).toBe(emu.listAccounts().length);
    expect(first.resultTruncated).toBe("false");
    expect(first.facets).toEqual([]);
    expect(typeof first.$skipToken).toBe("string");
    // The token belongs to the tenant scope: with a subscription scope it is refused.
    const other = await post({
      query: BATCH_ACCOUNTS_QUERY,
      subscriptions: [tenantSubscriptionIds(SUBS)[0]],
      options: { $skipToken: first.$skipToken },
    });
    expect((await errorOf(other)).details?.map((d) => d.code)).toContain("InvalidSkipToken");
    const second = (await (await post({ query: BATCH_ACCOUNTS_QUERY, options: { $skipToken: first.$skipToken, $top: 7 } })).json()) as any;
    expect(second.data).toHaveLength(7);
    expect(second.data[0].id.toLowerCase() > first.data[99].id.toLowerCase()).toBe(true);
    const skipped = (await (await post({ query: BATCH_ACCOUNTS_QUERY, options: { $skip: 100, $top: 7 } })).json()) as any;
    expect(skipped.data).toStrictEqual(second.data);
  });

  it("rows: id in ARM's casing, type, resourceGroup and subscriptionId lower-case", async () => {
    const sub = tenantSubscriptionIds(SUBS)[0];
    emu.upsertAccount({
      id: `/subscriptions/${sub.toUpperCase()}/resourceGroups/RG-Mixed/providers/Microsoft.Batch/batchAccounts/MixedCase`,
      name: "MixedCase",
      type: "Microsoft.Batch/batchAccounts",
      location: "westeurope",
    });
    const body = (await (await post({ query: BATCH_ACCOUNTS_QUERY, subscriptions: [sub], options: { $top: 1000 } })).json()) as any;
    const row = body.data.find((r: any) => r.name === "MixedCase");
    expect(row).toStrictEqual({
      id: `/subscriptions/${sub.toUpperCase()}/resourceGroups/RG-Mixed/providers/Microsoft.Batch/batchAccounts/MixedCase`,
      name: "MixedCase",
      type: "microsoft.batch/batchaccounts",
      location: "westeurope",
      tags: null,
      identity: null,
      properties: null,
      subscriptionId: sub,
      resourceGroup: "rg-mixed",
    });
  });

  it("subscriptions the token cannot read, or that do not exist, are skipped silently", async () => {
    const generated = tenantSubscriptionIds(SUBS)[0];
    const res = await post(
      {
        query: BATCH_ACCOUNTS_QUERY,
        subscriptions: [EXAMPLES_SUBSCRIPTION_ID, generated, "00000000-0000-4000-8000-000000000001"],
        options: { $top: 1000 },
      },
      { authorization: `Bearer ${EMULATOR_LIMITED_TOKEN}` },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.data.map((r: any) => r.id)).toStrictEqual(emu.listAccounts({ subscriptionId: EXAMPLES_SUBSCRIPTION_ID }).map((a) => a.id));
  });

  it("tenant and management group scopes past the subscription limit are cut, with x-ms-tenant-subscription-limit-hit", async () => {
    const limited = await startEmulator({
      data: { subscriptions: [], accounts: [] },
      generateTenant: { subscriptions: 6, accountsPerSubscription: 2, managementGroups: 1 },
      resourceGraph: { tenantSubscriptionLimit: 4 },
    });
    try {
      trustCa(limited.caCertPem);
      const url = `${limited.url}/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01`;
      for (const scope of [{}, { managementGroups: ["mg-generated-root"] }]) {
        const res = await post({ query: BATCH_ACCOUNTS_QUERY, ...scope }, AUTH, url);
        expect(res.headers.get("x-ms-tenant-subscription-limit-hit")).toBe("true");
        const body = (await res.json()) as any;
        expect(body.totalRecords).toBe(8);
        const first4 = tenantSubscriptionIds(6).sort().slice(0, 4);
        expect(new Set(body.data.map((r: any) => r.subscriptionId))).toEqual(new Set(first4));
      }
      const explicit = await post({ query: BATCH_ACCOUNTS_QUERY, subscriptions: tenantSubscriptionIds(6) }, AUTH, url);
      expect(explicit.headers.get("x-ms-tenant-subscription-limit-hit")).toBeNull();
      expect(((await explicit.json()) as any).totalRecords).toBe(12);
    } finally {
      await limited.stop();
    }
  });

  it("maxRowsPerPage caps a page whatever $top asks; truncateResults answers as to a query ARG cannot page", async () => {
    const small = await startEmulator({
      data: { subscriptions: [], accounts: [] },
      generateTenant: { subscriptions: 2, accountsPerSubscription: 5 },
      resourceGraph: { maxRowsPerPage: 4 },
    });
    const cut = await startEmulator({
      data: { subscriptions: [], accounts: [] },
      generateTenant: { subscriptions: 2, accountsPerSubscription: 5 },
      resourceGraph: { maxRowsPerPage: 4, truncateResults: true },
    });
    try {
      trustCa(small.caCertPem);
      trustCa(cut.caCertPem);
      const request = { query: BATCH_ACCOUNTS_QUERY, options: { $top: 1000 } };
      const paged = (await (
        await post(request, AUTH, `${small.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`)
      ).json()) as any;
      expect(paged).toMatchObject({ count: 4, totalRecords: 10, resultTruncated: "false" });
      expect(typeof paged.$skipToken).toBe("string");
      const truncated = (await (
        await post(request, AUTH, `${cut.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`)
      ).json()) as any;
      expect(truncated).toMatchObject({ count: 4, totalRecords: 10, resultTruncated: "true" });
      expect(truncated.$skipToken).toBeUndefined();
    } finally {
      await small.stop();
      await cut.stop();
    }
    await expect(startEmulator({ resourceGraph: { maxRowsPerPage: 1001 } })).rejects.toThrow(/maxRowsPerPage/);
    await expect(startEmulator({ resourceGraph: { truncateResults: "yes" as never } })).rejects.toThrow(/truncateResults/);
  });

  it("maxPageBytes shortens a page to the rows that fit (at least one), and pages on from there", async () => {
    const sized = await startEmulator({
      data: { subscriptions: [], accounts: [] },
      generateTenant: { subscriptions: 2, accountsPerSubscription: 5 },
      resourceGraph: { maxPageBytes: 1 },
    });
    try {
      trustCa(sized.caCertPem);
      const url = `${sized.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`;
      const first = (await (await post({ query: BATCH_ACCOUNTS_QUERY, options: { $top: 1000 } }, AUTH, url)).json()) as any;
      expect(first).toMatchObject({ count: 1, totalRecords: 10, resultTruncated: "false" });
      const skipped = (await (await post({ query: BATCH_ACCOUNTS_QUERY, options: { $top: 5, $skip: 9 } }, AUTH, url)).json()) as any;
      expect(skipped).toMatchObject({ count: 1, totalRecords: 10 });
      expect(skipped.$skipToken).toBeUndefined();
    } finally {
      await sized.stop();
    }
    await expect(startEmulator({ resourceGraph: { maxPageBytes: 0 } })).rejects.toThrow(/maxPageBytes/);
  });

  it("the per-user quota: headers on every answer, 429 RateLimiting once used up, per token", async () => {
    const throttled = await startEmulator({
      data: { subscriptions: [], accounts: [] },
      resourceGraph: { quota: { queries: 3, windowMs: 60_000 } },
    });
    try {
      trustCa(throttled.caCertPem);
      const url = `${throttled.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`;
      const remaining: Array<string | null> = [];
      for (let i = 0; i < 3; i++) {
        const res = await post({ query: BATCH_ACCOUNTS_QUERY }, AUTH, url);
        expect(res.status).toBe(200);
        remaining.push(res.headers.get("x-ms-user-quota-remaining"));
        expect(res.headers.get("x-ms-user-quota-resets-after")).toMatch(/^00:0[01]:\d\d$/);
      }
      expect(remaining).toEqual(["2", "1", "0"]);
      const res = await post({ query: "resources | take 1" }, AUTH, url);
      expect(res.status).toBe(429);
      expect(res.headers.get("x-ms-user-quota-remaining")).toBe("0");
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      const e = await errorOf(res);
      expect(e.code).toBe("RateLimiting");
      // Another principal has its own quota.
      const other = await post({ query: BATCH_ACCOUNTS_QUERY }, { authorization: `Bearer ${EMULATOR_LIMITED_TOKEN}` }, url);
      expect(other.status).toBe(200);
      // reset() restores the quota.
      throttled.reset();
      expect((await post({ query: BATCH_ACCOUNTS_QUERY }, AUTH, url)).status).toBe(200);
    } finally {
      await throttled.stop();
    }
  });

  it("faults armed through the admin endpoint hit Resource Graph requests", async () => {
    const armed = await fetch(`${emu.adminUrl}/faults`, {
      method: "POST",
      body: JSON.stringify({ kind: "status", status: 503, route: "resourceGraph", times: 1 }),
    });
    expect(armed.status).toBe(201);
    // A Batch list is not hit by a resourceGraph fault.
    const sub = tenantSubscriptionIds(SUBS)[0];
    expect(
      (await fetch(`${emu.url}/subscriptions/${sub}/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01`, { headers: AUTH }))
        .status,
    ).toBe(200);
    expect((await post({ query: BATCH_ACCOUNTS_QUERY })).status).toBe(503);
    expect((await post({ query: BATCH_ACCOUNTS_QUERY })).status).toBe(200);
    emu.faults.add({ kind: "throttle", route: "resourceGraph", retryAfterSeconds: 2, times: 1 });
    const throttled = await post({ query: BATCH_ACCOUNTS_QUERY });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("2");
    // As ARG throttles: RateLimiting, no quota left, resetting after the Retry-After.
    expect(throttled.headers.get("x-ms-user-quota-remaining")).toBe("0");
    expect(throttled.headers.get("x-ms-user-quota-resets-after")).toBe("00:00:02");
    expect((await errorOf(throttled)).code).toBe("RateLimiting");
    expect(emu.stats().byRoute.resourceGraph).toBe(3);
  });
});

describe("Subscriptions - List", () => {
  async function allSubscriptions(token = EMULATOR_TOKEN): Promise<{ ids: string[]; pages: number; first: any }> {
    let url: string | undefined = `${emu.url}/subscriptions?api-version=2022-12-01`;
    const ids: string[] = [];
    let pages = 0;
    let first: any;
    while (url) {
      const res: Response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      first ??= body;
      ids.push(...body.value.map((s: any) => s.subscriptionId));
      url = body.nextLink;
      if (++pages > 100) throw new Error("too many pages");
    }
    return { ids, pages, first };
  }

  it("every readable subscription once, across nextLink pages, in ARM's shape", async () => {
    const all = await allSubscriptions();
    const want = emu.subscriptions().map((s) => s.subscriptionId);
    expect([...all.ids].sort()).toEqual([...want].sort());
    expect(all.pages).toBe(Math.ceil(want.length / 3));
    const s = all.first.value[0];
    expect(s).toMatchObject({ id: `/subscriptions/${s.subscriptionId}`, state: "Enabled", authorizationSource: "RoleBased" });
    expect(typeof s.displayName).toBe("string");
    expect(typeof s.tenantId).toBe("string");
    expect(all.first.nextLink).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\?api-version=2022-12-01&\$skiptoken=/);
  });

  it("only what the token can read; errors like ARM's", async () => {
    const limited = await allSubscriptions(EMULATOR_LIMITED_TOKEN);
    const grant = emu.listTokens().find((t) => t.token === EMULATOR_LIMITED_TOKEN)!;
    expect([...limited.ids].sort()).toEqual([...(grant.subscriptions as string[])].sort());
    expect((await fetch(`${emu.url}/subscriptions?api-version=2022-12-01`)).status).toBe(401);
    const bad = await fetch(`${emu.url}/subscriptions?api-version=1999-01-01`, { headers: AUTH });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe("InvalidApiVersionParameter");
    const token = await fetch(`${emu.url}/subscriptions?api-version=2022-12-01&$skiptoken=nope`, { headers: AUTH });
    expect((await errorOf(token)).code).toBe("InvalidSkipToken");
  });
});
