/**
 * Changing data while the emulator runs (TypeScript API and admin endpoint), reset, request
 * stats, paging (nextLink, page size, empty pages, cursors under mutation), tokens, loopback only.
 */
import * as http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type ArmBatchAccount,
  accountId,
  CONTOSO_SUBSCRIPTION_ID,
  EMPTY_SUBSCRIPTION_ID,
  EMULATOR_TOKEN,
  type RunningEmulator,
  startEmulator,
} from "../../emulator";
import { validateResourceGroupName } from "../../provider/model/names";
import { AUTH, allPages, armGet, armUrl, getPath, listByRgPath, listPath, trustCa } from "./helpers";

const SUB = CONTOSO_SUBSCRIPTION_ID;
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator();
  trustCa(emu.caCertPem);
});
afterAll(() => emu?.stop());
beforeEach(() => emu.reset());

function newAccount(sub: string, rg: string, name: string, extra: Partial<ArmBatchAccount> = {}): ArmBatchAccount {
  return {
    id: accountId(sub, rg, name),
    name,
    type: "Microsoft.Batch/batchAccounts",
    location: "northeurope",
    properties: {
      accountEndpoint: `${name}.northeurope.batch.azure.com`,
      provisioningState: "Succeeded",
      poolAllocationMode: "BatchService",
    },
    ...extra,
  };
}

const admin = (path: string, init?: RequestInit) => fetch(`${emu.adminUrl}${path}`, init);
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("changing accounts through the TypeScript API", () => {
  it("upsert, patch, delete, reset", async () => {
    const acct = newAccount(SUB, "rg-empty", "addedacct", { tags: { a: "1" } });
    expect(emu.upsertAccount(acct).created).toBe(true);
    const got = await armGet(armUrl(emu, getPath(SUB, "RG-EMPTY", "ADDEDACCT")));
    expect(got.status).toBe(200);
    expect((await got.json()) as any).toEqual(acct);

    const patched = emu.patchAccount(acct.id, { properties: { publicNetworkAccess: "Disabled" }, tags: { a: null, b: "2" } });
    expect(patched.properties).toMatchObject({ publicNetworkAccess: "Disabled", poolAllocationMode: "BatchService" });
    expect(patched.tags).toEqual({ b: "2" });
    expect(((await (await armGet(armUrl(emu, getPath(SUB, "rg-empty", "addedacct")))).json()) as any).properties.publicNetworkAccess).toBe(
      "Disabled",
    );
    expect(() => emu.patchAccount(acct.id, { name: "other" })).toThrow(/cannot change "name"/);

    expect(emu.deleteAccount({ subscriptionId: SUB, resourceGroupName: "rg-empty", accountName: "AddedAcct" })).toBe(true);
    expect((await armGet(armUrl(emu, getPath(SUB, "rg-empty", "addedacct")))).status).toBe(404);

    const prodId = accountId(SUB, "rg-batch-prod-westeurope", "contosoprodweu");
    const original = emu.getAccount(prodId)!;
    emu.patchAccount(prodId, { properties: { encryption: { keySource: "Microsoft.Batch", keyVaultProperties: null } } });
    emu.resetData();
    expect(emu.getAccount(prodId)).toEqual(original);
    emu.deleteAccount(prodId);
    expect((await armGet(armUrl(emu, getPath(SUB, "rg-batch-prod-westeurope", "contosoprodweu")))).status).toBe(404);
    emu.resetData();
    expect((await armGet(armUrl(emu, getPath(SUB, "rg-batch-prod-westeurope", "contosoprodweu")))).status).toBe(200);
  });

  it("upsert declares a missing subscription and group; groups can be added and removed", async () => {
    const sub = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    expect((await armGet(armUrl(emu, listPath(sub)))).status).toBe(404);
    emu.upsertAccount(newAccount(sub, "rg-new", "freshacct"));
    expect(((await (await armGet(armUrl(emu, listPath(sub)))).json()) as any).value).toHaveLength(1);
    emu.addResourceGroup(EMPTY_SUBSCRIPTION_ID, { name: "rg-later", location: "westus" });
    expect((await armGet(armUrl(emu, listByRgPath(EMPTY_SUBSCRIPTION_ID, "rg-later")))).status).toBe(200);
    emu.removeResourceGroup(SUB, "rg-batch-prod-westeurope");
    expect((await armGet(armUrl(emu, getPath(SUB, "rg-batch-prod-westeurope", "contosoprodweu")))).status).toBe(404);
    expect(() => emu.upsertAccount({ ...newAccount(sub, "rg-new", "x1"), name: "other" })).toThrow(/"name" must equal/);
    expect(() => emu.upsertAccount({ ...newAccount(sub, "rg-new", "x1"), id: "/subscriptions/nope" })).toThrow(/not a Batch account id/);
  });

  it("resource group names follow the library's rule: Unicode letters are seeded and served, what it refuses is refused", async () => {
    const rg = "Équipe-バッチ_(prod)";
    expect(validateResourceGroupName(rg)).toBe(rg);
    emu.upsertAccount(newAccount(SUB, rg, "unicodeacct"));
    const res = await armGet(armUrl(emu, getPath(SUB, encodeURIComponent(rg), "unicodeacct")));
    expect(res.status).toBe(200);
    expect(((await res.json()) as ArmBatchAccount).id).toBe(accountId(SUB, rg, "unicodeacct"));
    for (const bad of ["ends-with-dot.", "has space", "x".repeat(91)]) {
      expect(() => validateResourceGroupName(bad)).toThrow();
      expect(() => emu.upsertAccount(newAccount(SUB, bad, "badrgacct"))).toThrow(/resource group name/);
    }
  });
});

describe("changing accounts through the admin endpoint", () => {
  it("PUT, GET, PATCH, DELETE an account by its ARM id; bulk PUT; reset", async () => {
    const acct = newAccount(SUB, "rg-empty", "adminacct");
    const put = await admin(`/accounts${acct.id}`, json("PUT", acct));
    expect(put.status).toBe(201);
    expect((await (await admin(`/accounts${acct.id}`)).json()) as any).toEqual(acct);
    const patch = await admin(`/accounts${acct.id}`, json("PATCH", { properties: { poolAllocationMode: "UserSubscription" } }));
    expect(((await patch.json()) as any).properties.poolAllocationMode).toBe("UserSubscription");
    expect(((await (await armGet(armUrl(emu, getPath(SUB, "rg-empty", "adminacct")))).json()) as any).properties.poolAllocationMode).toBe(
      "UserSubscription",
    );
    expect((await admin(`/accounts${acct.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await admin(`/accounts${acct.id}`, { method: "DELETE" })).status).toBe(404);

    const bulk = await admin(
      "/accounts",
      json("PUT", { value: [newAccount(SUB, "rg-empty", "bulka"), newAccount(SUB, "rg-empty", "bulkb")] }),
    );
    expect((await bulk.json()) as any).toMatchObject({ created: 2 });
    const listed = (await (await admin(`/accounts?subscriptionId=${SUB}&resourceGroupName=RG-EMPTY`)).json()) as any;
    expect(listed.value.map((a: ArmBatchAccount) => a.name)).toEqual(["bulka", "bulkb"]);

    const bad = await admin(`/accounts${acct.id}`, json("PUT", { ...acct, id: accountId(SUB, "rg-empty", "other") }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe("AdminBadRequest");

    expect((await admin("/reset?scope=data", { method: "POST" })).status).toBe(200);
    expect(((await (await armGet(armUrl(emu, listByRgPath(SUB, "rg-empty")))).json()) as any).value).toEqual([]);
  });

  it("subscriptions and resource groups", async () => {
    const sub = "12121212-3434-4565-8787-909090909090";
    expect((await admin(`/subscriptions/${sub}`, json("PUT", { displayName: "New" }))).status).toBe(200);
    expect((await admin(`/subscriptions/${sub}/resourceGroups/rg-x`, json("PUT", { location: "eastus" }))).status).toBe(200);
    expect((await (await armGet(armUrl(emu, listByRgPath(sub, "rg-x")))).json()) as any).toEqual({ value: [] });
    expect((await admin(`/subscriptions/${sub}/resourceGroups/rg-x`, { method: "DELETE" })).status).toBe(200);
    expect((await armGet(armUrl(emu, listByRgPath(sub, "rg-x")))).status).toBe(404);
    expect((await admin(`/subscriptions/${sub}`, { method: "DELETE" })).status).toBe(200);
    expect((await armGet(armUrl(emu, listPath(sub)))).status).toBe(404);
    const subs = (await (await admin("/subscriptions")).json()) as any;
    expect(subs.value.length).toBe(5);
  });

  it("info, CA, paging, tokens, unknown routes; no bearer token needed", async () => {
    const info = (await (await admin("")).json()) as any;
    expect(info).toMatchObject({ url: emu.url, token: EMULATOR_TOKEN, apiVersion: "2024-07-01", caCertPath: emu.caCertPath });
    const ca = await admin("/ca.pem");
    expect(await ca.text()).toBe(emu.caCertPem);
    expect((await (await admin("/paging", json("PUT", { pageSize: 4 }))).json()) as any).toMatchObject({ pageSize: 4 });
    expect(emu.paging.pageSize).toBe(4);
    const tokens = (await (await admin("/tokens", json("POST", { token: "extra", subscriptions: [SUB] }))).json()) as any;
    expect(tokens.value.map((t: any) => t.token)).toContain("extra");
    expect((await armGet(armUrl(emu, listPath(SUB)), { authorization: "Bearer extra" })).status).toBe(200);
    expect((await armGet(armUrl(emu, listPath(EMPTY_SUBSCRIPTION_ID)), { authorization: "Bearer extra" })).status).toBe(403);
    expect((await admin("/tokens/extra", { method: "DELETE" })).status).toBe(200);
    expect((await armGet(armUrl(emu, listPath(SUB)), { authorization: "Bearer extra" })).status).toBe(401);
    const nope = await admin("/nope");
    expect(nope.status).toBe(404);
    expect(((await nope.json()) as any).error.code).toBe("AdminNotFound");
    expect(emu.stats().total).toBe(3); // admin requests are not counted
  });
});

describe("request stats", () => {
  it("counts per route, statuses, Authorization values seen, and clears", async () => {
    await armGet(armUrl(emu, listPath(SUB)));
    await armGet(armUrl(emu, listByRgPath(SUB, "rg-empty")));
    await armGet(armUrl(emu, getPath(SUB, "rg-empty", "nope")), { authorization: "Bearer other" });
    await armGet(armUrl(emu, getPath(SUB, "rg-empty", "nope")), {});
    await vi.waitFor(() => expect(emu.stats().inFlight).toBe(0));
    const s = emu.stats();
    expect(s.byRoute).toEqual({
      get: 2,
      list: 1,
      listByResourceGroup: 1,
      resourceGraph: 0,
      subscriptions: 0,
      pools: 0,
      diagnosticSettings: 0,
      privateDnsZoneGroups: 0,
      unknown: 0,
    });
    expect(s.byStatus).toEqual({ "200": 2, "401": 2 });
    expect(s.authorizationHeaders).toEqual([AUTH.authorization, "Bearer other"]);
    expect(s.withoutAuthorization).toBe(1);
    expect(s.requests.map((r) => r.status)).toEqual([200, 200, 401, 401]);
    expect(s.requests[0]).toMatchObject({ method: "GET", route: "list", authorization: AUTH.authorization });
    emu.clearStats();
    expect(emu.stats()).toMatchObject({ total: 0, authorizationHeaders: [], requests: [] });
    const viaAdmin = (await (await admin("/stats")).json()) as any;
    expect(viaAdmin.total).toBe(0);
  });

  it("maximum concurrent requests in flight", async () => {
    emu.faults.add({ kind: "slow-headers", delayMs: 100 });
    await Promise.all(Array.from({ length: 7 }, () => armGet(armUrl(emu, listPath(SUB))).then((r) => r.arrayBuffer())));
    expect(emu.stats().maxInFlight).toBe(7);
    // The server sees the end of a response just after the client does.
    await vi.waitFor(() => expect(emu.stats().inFlight).toBe(0));
    await (await armGet(armUrl(emu, listPath(SUB)))).arrayBuffer();
    await vi.waitFor(() => expect(emu.stats().inFlight).toBe(0));
    await (await admin("/stats", { method: "DELETE" })).arrayBuffer();
    expect(emu.stats().maxInFlight).toBe(0);
  });
});

describe("paging", () => {
  it("nextLink: absolute, same origin, api-version and $skiptoken; page size respected", async () => {
    emu.setPaging({ pageSize: 4 });
    const pages = await allPages(armUrl(emu, listPath(SUB)));
    expect(pages.map((p) => p.value.length)).toEqual([4, 2]);
    const link = new URL(pages[0].nextLink);
    expect(link.origin).toBe(emu.url);
    expect(link.pathname).toBe(listPath(SUB));
    expect(link.searchParams.get("api-version")).toBe("2024-07-01");
    expect(link.searchParams.get("$skiptoken")).toBeTruthy();
    expect(pages[0].nextLink).toContain("&$skiptoken=");
    expect(pages[1]).not.toHaveProperty("nextLink");
  });

  it("empty pages with a nextLink before every page", async () => {
    emu.setPaging({ pageSize: 4, emptyPages: 1 });
    const pages = await allPages(armUrl(emu, listPath(SUB)));
    expect(pages.map((p) => p.value.length)).toEqual([0, 4, 0, 2]);
    expect(pages.slice(0, 3).every((p) => typeof p.nextLink === "string")).toBe(true);
    const none = await allPages(armUrl(emu, listPath(EMPTY_SUBSCRIPTION_ID)));
    expect(none.map((p) => p.value.length)).toEqual([0, 0]);
  });

  it("pages stay consistent when accounts change between requests", async () => {
    emu.setPaging({ pageSize: 2 });
    const first = (await (await armGet(armUrl(emu, listPath(SUB)))).json()) as any;
    const seenFirst = first.value.map((a: ArmBatchAccount) => a.name);
    emu.deleteAccount(first.value[1].id); // already served
    emu.upsertAccount(newAccount(SUB, "rg-empty", "zzlateacct")); // sorts last
    const rest = await allPages(first.nextLink);
    const names = [...seenFirst, ...rest.flatMap((p) => p.value.map((a: ArmBatchAccount) => a.name))];
    expect(names).toHaveLength(7);
    expect(new Set(names).size).toBe(7);
    expect(names.at(-1)).toBe("zzlateacct");
  });

  it("nextLink follows the host the client used (localhost) unless nextLinkOrigin is set", async () => {
    emu.setPaging({ pageSize: 2 });
    const viaLocalhost = await armGet(`https://localhost:${emu.port}${listPath(SUB)}?api-version=2024-07-01`);
    expect(new URL(((await viaLocalhost.json()) as any).nextLink).origin).toBe(`https://localhost:${emu.port}`);
    emu.setPaging({ nextLinkOrigin: "https://elsewhere.example" });
    const elsewhere = (await (await armGet(armUrl(emu, listPath(SUB)))).json()) as any;
    expect(elsewhere.nextLink.startsWith(`https://elsewhere.example${listPath(SUB)}?api-version=`)).toBe(true);
  });

  it("repeatNextLink: a page that links to itself; a bad $skiptoken is a 400", async () => {
    emu.setPaging({ repeatNextLink: true });
    const url = armUrl(emu, listPath(SUB));
    expect(((await (await armGet(url)).json()) as any).nextLink).toBe(url);
    emu.setPaging({ repeatNextLink: false });
    const bad = await armGet(`${url}&$skiptoken=bm90LW91cnM`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe("InvalidSkipToken");
  });
});

describe("tokens and options", () => {
  it("a token that expires later, and acceptAnyToken", async () => {
    // The emulator reads the clock when a request comes: only Date is faked, so the sockets run as usual.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      emu.addToken({ token: "short-lived", expiresOn: Date.now() + 150 });
      expect((await armGet(armUrl(emu, listPath(SUB)), { authorization: "Bearer short-lived" })).status).toBe(200);
      vi.setSystemTime(Date.now() + 149);
      expect((await armGet(armUrl(emu, listPath(SUB)), { authorization: "Bearer short-lived" })).status).toBe(200);
      vi.setSystemTime(Date.now() + 1);
      const res = await armGet(armUrl(emu, listPath(SUB)), { authorization: "Bearer short-lived" });
      expect(((await res.json()) as any).error.code).toBe("ExpiredAuthenticationToken");
    } finally {
      vi.useRealTimers();
    }
    const any = await startEmulator({ https: false, acceptAnyToken: true });
    try {
      expect((await armGet(armUrl(any, listPath(SUB)), { authorization: "Bearer whatever" })).status).toBe(200);
      expect((await armGet(armUrl(any, listPath(SUB)), {})).status).toBe(401);
    } finally {
      await any.stop();
    }
  });

  it("listens on loopback only", async () => {
    await expect(startEmulator({ host: "0.0.0.0" })).rejects.toThrow(/only on loopback; refusing host "0\.0\.0\.0"/);
    await expect(startEmulator({ host: "example.com" })).rejects.toThrow(/loopback/);
    const v6 = await startEmulator({ host: "::1", https: false });
    try {
      expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      const status = await new Promise<number>((resolve, reject) =>
        http
          .get(`${v6.url}${listPath(SUB)}?api-version=2024-07-01`, { headers: AUTH }, (r) => {
            r.resume();
            resolve(r.statusCode!);
          })
          .on("error", reject),
      );
      expect(status).toBe(200);
    } finally {
      await v6.stop();
    }
  });

  it("plain HTTP has no CA; HTTPS exposes the CA PEM and its file", async () => {
    expect(emu.https).toBe(true);
    expect(emu.caCertPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(emu.env).toMatchObject({ ARM_RESOURCE_MANAGER_ENDPOINT: emu.url, NODE_EXTRA_CA_CERTS: emu.caBundlePath });
    const { readFileSync, existsSync } = await import("node:fs");
    expect(readFileSync(emu.caCertPath!, "utf8")).toBe(emu.caCertPem);
    const plain = await startEmulator({ https: false });
    expect(plain.caCertPem).toBeUndefined();
    expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await plain.stop();
    const other = await startEmulator();
    const file = other.caCertPath!;
    await other.stop();
    expect(existsSync(file)).toBe(false);
  });
});
