/**
 * The official Azure SDK (@azure/arm-batch) reads the emulator: Get, List and List By Resource
 * Group across several pages, and must see exactly the data set's accounts.
 */
import { BatchManagementClient } from "@azure/arm-batch";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ArmBatchAccount,
  CONTOSO_SUBSCRIPTION_ID,
  EMULATOR_API_VERSION,
  EMULATOR_TOKEN,
  parseAccountId,
  type RunningEmulator,
  SUBID_SUBSCRIPTION_ID,
  startEmulator,
} from "../../emulator";
import { trustCa } from "./helpers";

const PAGE_SIZE = 2;
let emu: RunningEmulator;

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3600_000 };
  },
};

function client(subscriptionId: string): BatchManagementClient {
  return new BatchManagementClient(credential, subscriptionId, {
    endpoint: emu.url,
    apiVersion: EMULATOR_API_VERSION,
    credentialScopes: [`${emu.url}/.default`],
  });
}

/**
 * What the SDK should deserialize an ARM account into: the `properties` bag flattened onto the
 * account (and each private endpoint connection), dates as Date, and the schema's documented
 * defaults (publicNetworkAccess "Enabled", autoStorage.authenticationMode "StorageKeys").
 */
function expectedModel(raw: ArmBatchAccount): Record<string, unknown> {
  const { properties = {}, ...envelope } = structuredClone(raw);
  const m: Record<string, any> = { ...envelope, ...properties };
  // The SDK applies the schema's documented defaults to omitted fields.
  m.publicNetworkAccess ??= "Enabled";
  if (m.autoStorage) m.autoStorage.authenticationMode ??= "StorageKeys";
  if (m.autoStorage?.lastKeySync) m.autoStorage.lastKeySync = new Date(m.autoStorage.lastKeySync);
  if (Array.isArray(m.privateEndpointConnections)) {
    m.privateEndpointConnections = m.privateEndpointConnections.map(({ properties: p = {}, ...rest }: any) => ({ ...rest, ...p }));
  }
  return m;
}

/** Drops undefined members so toStrictEqual compares what is there. */
function defined(v: unknown): unknown {
  if (v instanceof Date) return v;
  if (Array.isArray(v)) return v.map(defined);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, defined(x)]),
    );
  }
  return v;
}

function expectSameAccount(sdkModel: unknown, raw: ArmBatchAccount): void {
  expect(defined(sdkModel), raw.id).toStrictEqual(defined(expectedModel(raw)));
}

beforeAll(async () => {
  emu = await startEmulator({ pageSize: PAGE_SIZE });
  trustCa(emu.caCertPem);
});
afterAll(() => emu?.stop());
beforeEach(() => emu.clearStats());

describe("@azure/arm-batch against the emulator", () => {
  it("get: every account of the data set, field by field", async () => {
    for (const raw of emu.listAccounts()) {
      const p = parseAccountId(raw.id)!;
      const got = await client(p.subscriptionId).batchAccountOperations.get(p.resourceGroupName, p.accountName);
      expectSameAccount(got, raw);
    }
    const stats = emu.stats();
    expect(stats.byRoute.get).toBe(emu.listAccounts().length);
    expect(stats.authorizationHeaders).toEqual([`Bearer ${EMULATOR_TOKEN}`]);
  });

  it("list: follows nextLink over several pages and sees exactly the subscription's accounts", async () => {
    for (const sub of emu.subscriptions()) {
      emu.clearStats();
      const expected = emu.listAccounts({ subscriptionId: sub.subscriptionId });
      const got = [];
      for await (const a of client(sub.subscriptionId).batchAccountOperations.list()) got.push(a);
      expect(got.map((a) => a.id)).toEqual(expected.map((a) => a.id));
      got.forEach((a, i) => expectSameAccount(a, expected[i]));
      const pages = Math.max(1, Math.ceil(expected.length / PAGE_SIZE));
      expect(emu.stats().byRoute.list, sub.subscriptionId).toBe(pages);
    }
    // The two example subscriptions and Contoso have several pages each.
    expect(emu.listAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }).length).toBeGreaterThan(2 * PAGE_SIZE);
  });

  it("listByResourceGroup: several pages, case-insensitive group name, stored casing returned", async () => {
    const expected = emu.listAccounts({ subscriptionId: SUBID_SUBSCRIPTION_ID, resourceGroupName: "default-azurebatch-japaneast" });
    expect(expected.length).toBe(5);
    const got = [];
    for await (const a of client(SUBID_SUBSCRIPTION_ID).batchAccountOperations.listByResourceGroup("DEFAULT-AzureBatch-JapanEast")) {
      got.push(a);
    }
    expect(got.map((a) => a.id)).toEqual(expected.map((a) => a.id));
    got.forEach((a, i) => expectSameAccount(a, expected[i]));
    expect(emu.stats().byRoute.listByResourceGroup).toBe(3);

    const hpc = [];
    for await (const a of client(CONTOSO_SUBSCRIPTION_ID).batchAccountOperations.listByResourceGroup("rg-batch-hpc-eastus")) hpc.push(a);
    expect(hpc.map((a) => a.id)).toEqual(
      emu.listAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID, resourceGroupName: "RG-Batch-HPC-EastUS" }).map((a) => a.id),
    );
    expect(hpc[0].id).toContain("/resourceGroups/RG-Batch-HPC-EastUS/");
  });

  it("byPage: the SDK's own paging helper sees the page boundaries", async () => {
    const pages = [];
    for await (const page of client(CONTOSO_SUBSCRIPTION_ID).batchAccountOperations.list().byPage()) pages.push(page.length);
    expect(pages).toEqual([2, 2, 2]);
  });

  it("errors surface as RestError with ARM's code", async () => {
    const c = client(CONTOSO_SUBSCRIPTION_ID);
    await expect(c.batchAccountOperations.get("rg-empty", "missing")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    await expect(c.batchAccountOperations.get("rg-nope", "missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "ResourceGroupNotFound",
    });
  });
});
