// The paged forms of the one-subscription lists (Batch Account - List and List By Resource Group,
// and the estate lists) against the ARM emulator over HTTPS: items with `for await`, pages with
// `byPage()`, resuming from a page's token, tokens refused as nextLinks off the list are, a failure
// at a page, and a `break` that stops the requests. Cross-checked with @azure/arm-batch, whose
// continuation token is the same nextLink.
import { BatchManagementClient, getContinuationToken } from "@azure/arm-batch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, EMULATOR_API_VERSION, EMULATOR_TOKEN, type RunningEmulator, startEmulator } from "../../emulator";
import {
  BatchLookupClient,
  type BatchLookupError,
  listBatchAccounts,
  listBatchAccountsPaged,
  listBatchPools,
  listBatchPoolsPaged,
  listDiagnosticSettings,
  listDiagnosticSettingsPaged,
  listPrivateDnsZoneGroups,
  listPrivateDnsZoneGroupsPaged,
  StaticTokenCredential,
} from "../../provider";
import { parseBatchAccount } from "../../provider/model/parse-batch-account";
import { trustCa } from "../emulator/helpers";

let emu: RunningEmulator;
let client: BatchLookupClient;
const PROD_RG = "rg-batch-prod-westeurope";
const PROD = `/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/resourceGroups/${PROD_RG}/providers/Microsoft.Batch/batchAccounts/contosoprodweu`;
const ENDPOINT = `/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/resourceGroups/rg-network-hub/providers/Microsoft.Network/privateEndpoints/pe-contosoprodweu-account`;

beforeAll(async () => {
  // One account a page: every list of the default data spans several pages.
  emu = await startEmulator({ pageSize: 1 });
  client = new BatchLookupClient({
    endpoint: emu.url,
    ca: emu.caCertPem!,
    credential: new StaticTokenCredential(EMULATOR_TOKEN),
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
  });
});
afterAll(async () => {
  await client?.close();
  await emu?.stop();
});
beforeEach(() => {
  emu.faults.clear();
  emu.clearStats();
});

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<BatchLookupError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return e as BatchLookupError;
  }
  throw new Error("expected a failure");
}

async function pagesOf<T>(pages: AsyncIterable<T[] & { continuationToken?: string }>) {
  const out: { items: T[]; token: string | undefined }[] = [];
  for await (const page of pages) out.push({ items: [...page], token: page.continuationToken });
  return out;
}

/** Waits until `done()` holds (at most 5 s). */
async function until(done: () => boolean): Promise<void> {
  for (const started = Date.now(); !done(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() - started > 5000) throw new Error("timed out waiting");
  }
}

/** Lets requests already sent reach the emulator (it runs in this process). */
const settle = () => new Promise((r) => setTimeout(r, 50));

const expected = () => emu.listAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }).map((a) => parseBatchAccount(a));

describe("listBatchAccountsPaged, one subscription", () => {
  it("gives the accounts with for await, one request a page, as listBatchAccounts does", async () => {
    const accounts = [];
    for await (const account of listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client })) accounts.push(account);
    expect(accounts).toStrictEqual(expected());
    expect(accounts.length).toBeGreaterThan(2);
    expect(emu.stats().byRoute.list).toBe(accounts.length);
    expect((await listBatchAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client })).value).toStrictEqual(accounts);
  });

  it("gives pages with byPage(), each with the token of the next (none on the last), and resumes from any of them", async () => {
    const paged = listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client });
    const pages = await pagesOf(paged.byPage());
    expect(pages.flatMap((p) => p.items)).toStrictEqual(expected());
    expect(pages.at(-1)!.token).toBeUndefined();
    for (const p of pages.slice(0, -1))
      expect(p.token).toMatch(
        new RegExp(`^${emu.url}/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/providers/Microsoft.Batch/batchAccounts\\?`, "i"),
      );
    // Resuming after the first page gives the rest, from a new iterator as from the same one.
    const again = listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client });
    const rest = await pagesOf(again.byPage({ continuationToken: pages[0]!.token! }));
    expect(rest).toStrictEqual(pages.slice(1));
    const last = await pagesOf(paged.byPage({ continuationToken: pages.at(-2)!.token! }));
    expect(last).toStrictEqual(pages.slice(-1));
  });

  it("resource group scope: only its accounts, and a token of the subscription's list is refused", async () => {
    const paged = listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID, resourceGroupName: PROD_RG }, { client });
    const ids = [];
    for await (const a of paged) ids.push(a.id);
    expect(ids).toStrictEqual(emu.listAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID, resourceGroupName: PROD_RG }).map((a) => a.id));
    const [first] = await pagesOf(listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client }).byPage());
    const err = await rejection(() => paged.byPage({ continuationToken: first!.token! }));
    expect(err).toMatchObject({ code: "InvalidArgument", target: "continuationToken" });
    expect(err.message).toContain("another list");
  });

  it("refuses a token off the ARM origin, of another operation or api-version, or not a URL, before any request", async () => {
    const paged = listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client });
    const listUrl = `${emu.url}/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/providers/Microsoft.Batch/batchAccounts`;
    const cases: [string, string][] = [
      [
        `https://evil.example${listUrl.slice(emu.url.length)}?api-version=${EMULATOR_API_VERSION}&$skiptoken=1`,
        "not the configured ARM endpoint",
      ],
      [
        `${emu.url}/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/providers/Microsoft.Batch/batchAccounts/x/pools?api-version=${EMULATOR_API_VERSION}`,
        "another list",
      ],
      [`${listUrl}?api-version=2017-09-01&$skiptoken=1`, "another list"],
      ["not a url", "absolute nextLink URL"],
    ];
    for (const [token, says] of cases) {
      const err = await rejection(() => paged.byPage({ continuationToken: token }));
      expect(err).toMatchObject({ code: "InvalidArgument", target: "continuationToken" });
      expect(err.message).toContain(says);
    }
    const size = await rejection(() => paged.byPage({ maxPageSize: 10 }));
    expect(size).toMatchObject({ code: "InvalidArgument", target: "maxPageSize" });
    expect(emu.stats().total).toBe(0);
  });

  it("checks its arguments at the call", () => {
    expect(() => listBatchAccountsPaged({ subscriptionId: "nope" }, { client })).toThrow(/subscriptionId/);
    expect(() => listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID, source: "resourceGraph" }, { client })).toThrow(
      /source/,
    );
  });

  it("a failure fails the iteration at its page; the pages before it were given", async () => {
    emu.injectFault({ kind: "forbidden", route: "list", skip: 2, times: 1 });
    const seen: string[] = [];
    const err = await rejection(async () => {
      for await (const a of listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client })) seen.push(a.id);
    });
    expect(err).toMatchObject({ statusCode: 403 });
    expect(seen).toStrictEqual(
      expected()
        .slice(0, 2)
        .map((a) => a.id),
    );
    emu.faults.clear();
    emu.injectFault({ kind: "malformed-json", route: "list", skip: 1, times: 1 });
    const pages: unknown[] = [];
    const bad = await rejection(async () => {
      for await (const p of listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client }).byPage()) pages.push(p);
    });
    expect(bad.code).toBe("InvalidResponse");
    expect(pages).toHaveLength(1);
  });

  it("reads one page ahead: the next page's request is under way while a page is used, and a break aborts it", async () => {
    const pages = listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client }).byPage();
    const first = await pages.next();
    expect(first.value).toHaveLength(1);
    // The caller holds the first page: the second is requested meanwhile, the third is not.
    await until(() => emu.stats().byRoute.list === 2);
    await pages.return!(undefined);
    await settle();
    expect(emu.stats().byRoute.list).toBe(2);
    // The items of a list read to its end, with a break after the first: the same.
    emu.clearStats();
    for await (const _ of listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client })) break;
    await settle();
    expect(emu.stats().byRoute.list).toBeLessThanOrEqual(2);
    // Nothing is sent before the first next(), and nothing after return().
    emu.clearStats();
    const paged = listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client });
    await settle();
    expect(emu.stats().byRoute.list ?? 0).toBe(0);
    await paged.next();
    await paged.next();
    await paged.return();
    expect(await paged.next()).toStrictEqual({ done: true, value: undefined });
    await settle();
    expect(emu.stats().byRoute.list).toBeLessThanOrEqual(3);
    // The client goes on working after the aborted requests.
    expect((await listBatchAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client })).value).toStrictEqual(expected());
  });

  it("a page that fails to parse fails the iteration and aborts the request read ahead of it", async () => {
    const second = expected()[1]!;
    const ref = { subscriptionId: second.subscriptionId, resourceGroupName: second.resourceGroupName, accountName: second.name };
    emu.patchAccount(ref, { properties: { poolQuota: "many" } });
    try {
      const pages: unknown[] = [];
      const err = await rejection(async () => {
        for await (const p of listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client }).byPage()) pages.push(p);
      });
      expect(err).toMatchObject({ code: "InvalidResponse", target: "value[1].properties.poolQuota" });
      expect(pages).toHaveLength(1);
      await settle();
      // Pages 1 and 2, and the one after the page that failed, which was aborted.
      expect(emu.stats().byRoute.list).toBeLessThanOrEqual(3);
    } finally {
      emu.resetData();
    }
  });

  it("holds the per-response cap on every page", async () => {
    const small = new BatchLookupClient({
      endpoint: emu.url,
      ca: emu.caCertPem!,
      credential: new StaticTokenCredential(EMULATOR_TOKEN),
      limits: { maxResponseBytes: 1024 },
    });
    try {
      const err = await rejection(async () => {
        for await (const _ of listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client: small }));
      });
      expect(err.code).toBe("ResponseTooLarge");
    } finally {
      await small.close();
    }
  });

  it("takes @azure/arm-batch's continuation token, and gives the one @azure/arm-batch gives for the same page", async () => {
    trustCa(emu.caCertPem);
    const sdk = new BatchManagementClient(
      { getToken: async () => ({ token: EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
      CONTOSO_SUBSCRIPTION_ID,
      { endpoint: emu.url, apiVersion: EMULATOR_API_VERSION, credentialScopes: [`${emu.url}/.default`] },
    );
    const sdkTokens: (string | undefined)[] = [];
    for await (const page of sdk.batchAccountOperations.list().byPage()) sdkTokens.push(getContinuationToken(page));
    const ours = await pagesOf(listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client }).byPage());
    expect(ours.map((p) => p.token)).toStrictEqual(sdkTokens);
    const rest = await pagesOf(
      listBatchAccountsPaged({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client }).byPage({ continuationToken: sdkTokens[0]! }),
    );
    expect(rest).toStrictEqual(ours.slice(1));
  });
});

describe("the estate lists, paged", () => {
  it("listBatchPoolsPaged, listDiagnosticSettingsPaged and listPrivateDnsZoneGroupsPaged give what the array forms give, page by page", async () => {
    const poolArgs = { subscriptionId: CONTOSO_SUBSCRIPTION_ID, resourceGroupName: PROD_RG, accountName: "contosoprodweu" };
    const pools = await pagesOf(listBatchPoolsPaged(poolArgs, { client }).byPage());
    expect(pools.length).toBeGreaterThan(1);
    expect(pools.flatMap((p) => p.items)).toStrictEqual((await listBatchPools(poolArgs, { client })).value);
    const rest = await pagesOf(listBatchPoolsPaged(poolArgs, { client }).byPage({ continuationToken: pools[0]!.token! }));
    expect(rest).toStrictEqual(pools.slice(1));

    const settings = [];
    for await (const s of listDiagnosticSettingsPaged({ resourceUri: PROD }, { client })) settings.push(s);
    expect(settings).toStrictEqual((await listDiagnosticSettings({ resourceUri: PROD }, { client })).value);

    const groups = [];
    for await (const g of listPrivateDnsZoneGroupsPaged({ privateEndpointId: ENDPOINT }, { client })) groups.push(g);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups).toStrictEqual((await listPrivateDnsZoneGroups({ privateEndpointId: ENDPOINT }, { client })).value);

    // A pools token given to another account's pools is a link to another list.
    const other = listBatchPoolsPaged({ ...poolArgs, accountName: "contosodevweu" }, { client });
    const err = await rejection(() => other.byPage({ continuationToken: pools[0]!.token! }));
    expect(err).toMatchObject({ code: "InvalidArgument", target: "continuationToken" });
    expect(() => listBatchPoolsPaged({ ...poolArgs, accountName: "x" }, { client })).toThrow(/accountName/);
    expect(() => listDiagnosticSettingsPaged({ resourceUri: "nope" }, { client })).toThrow(/resourceUri/);
    expect(() => listPrivateDnsZoneGroupsPaged({ privateEndpointId: "nope" }, { client })).toThrow(/privateEndpointId/);
  });
});
