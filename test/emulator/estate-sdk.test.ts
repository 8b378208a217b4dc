/**
 * The official clients read what the emulator serves beyond accounts: @azure/arm-batch's pool
 * operations (Pool - List By Batch Account, across pages), @azure/arm-monitor's Diagnostic
 * Settings - List and @azure/arm-network's Private DNS Zone Groups - List, each with the
 * api-version it sends; faults and per-action 403s reach them as ARM's errors.
 */
import { BatchManagementClient } from "@azure/arm-batch";
import { MonitorClient } from "@azure/arm-monitor";
import { NetworkManagementClient } from "@azure/arm-network";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONTOSO_SUBSCRIPTION_ID,
  EMULATOR_API_VERSION,
  EMULATOR_TOKEN,
  ESTATE_ACTIONS,
  FABRIKAM_SUBSCRIPTION_ID,
  type RunningEmulator,
  SUBID_SUBSCRIPTION_ID,
  startEmulator,
} from "../../emulator";
import { EXAMPLES_DIR, readJson, trustCa } from "./helpers";

let emu: RunningEmulator;
const tokenFor = (token: string): TokenCredential => ({
  async getToken(): Promise<AccessToken> {
    return { token, expiresOnTimestamp: Date.now() + 3600_000 };
  },
});
const credential = tokenFor(EMULATOR_TOKEN);
const PROD = `/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/resourceGroups/rg-batch-prod-westeurope/providers/Microsoft.Batch/batchAccounts/contosoprodweu`;

beforeAll(async () => {
  emu = await startEmulator({ pageSize: 1 });
  trustCa(emu.caCertPem);
});
afterAll(async () => emu?.stop());
beforeEach(() => emu.reset());

function batch(subscriptionId: string, cred = credential): BatchManagementClient {
  return new BatchManagementClient(cred, subscriptionId, {
    endpoint: emu.url,
    apiVersion: EMULATOR_API_VERSION,
    credentialScopes: [`${emu.url}/.default`],
  });
}

describe("@azure/arm-batch pool operations", () => {
  it("lists an account's pools page by page, the official example's pool as the example has it", async () => {
    const names: string[] = [];
    for await (const p of batch(CONTOSO_SUBSCRIPTION_ID).poolOperations.listByBatchAccount("rg-batch-prod-westeurope", "contosoprodweu"))
      names.push(p.name!);
    expect(names).toEqual(["render-legacy", "render-secure"]);
    expect(emu.stats().byRoute.pools).toBe(2);

    const pools = [];
    for await (const p of batch(SUBID_SUBSCRIPTION_ID).poolOperations.listByBatchAccount("default-azurebatch-japaneast", "sampleacct"))
      pools.push(p);
    const example = readJson(`${EXAMPLES_DIR}/pools/PoolList.json`).responses["200"].body.value[0];
    expect(pools).toHaveLength(1);
    expect(pools[0]!.id).toBe(example.id.replace("/subid/", `/${SUBID_SUBSCRIPTION_ID}/`));
    expect(pools[0]!.vmSize).toBe(example.properties.vmSize);
    expect(pools[0]!.certificates?.[0]?.storeName).toBe("MY");
  });

  it("answers an unknown account with ResourceNotFound and a 500 fault as the SDK's RestError", async () => {
    await expect(
      (async () => {
        for await (const _ of batch(CONTOSO_SUBSCRIPTION_ID).poolOperations.listByBatchAccount("rg-batch-prod-westeurope", "nosuchacct"))
          void _;
      })(),
    ).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    emu.faults.add({ kind: "status", status: 500, route: "pools", times: 10 });
    await expect(
      (async () => {
        for await (const _ of batch(CONTOSO_SUBSCRIPTION_ID).poolOperations.listByBatchAccount(
          "rg-batch-prod-westeurope",
          "contosoprodweu",
        ))
          void _;
      })(),
    ).rejects.toMatchObject({ statusCode: 500 });
  });
});

describe("@azure/arm-monitor diagnostic settings", () => {
  it("lists an account's diagnostic settings with the api-version the client sends (its resourceUri has no leading slash)", async () => {
    const monitor = new MonitorClient(credential, CONTOSO_SUBSCRIPTION_ID, {
      endpoint: emu.url,
      credentials: { scopes: [`${emu.url}/.default`] },
    });
    const settings = [];
    for await (const s of monitor.diagnosticSettings.list(PROD.slice(1))) settings.push(s);
    expect(settings.map((s) => s.name)).toEqual(["to-log-analytics"]);
    expect(settings[0]!.logs?.[0]).toMatchObject({ categoryGroup: "allLogs", enabled: true });
    expect(emu.stats().requests.at(-1)!.url).toContain("api-version=2021-05-01-preview");

    const ml = `/subscriptions/${FABRIKAM_SUBSCRIPTION_ID}/resourceGroups/rg-fabrikam-research/providers/Microsoft.Batch/batchAccounts/fabrikamml`;
    const example = readJson(`${EXAMPLES_DIR}/monitor/listDiagnosticSettings.json`).responses["200"].body.value[0];
    const fabrikam = [];
    for await (const s of monitor.diagnosticSettings.list(ml.slice(1))) fabrikam.push(s);
    expect(fabrikam[0]!.storageAccountId).toBe(example.properties.storageAccountId);
  });

  it("refuses a token denied Microsoft.Insights/diagnosticSettings/read with AuthorizationFailed naming the action", async () => {
    emu.addToken({ token: "no-insights", deniedActions: [ESTATE_ACTIONS.diagnosticSettings] });
    const monitor = new MonitorClient(tokenFor("no-insights"), CONTOSO_SUBSCRIPTION_ID, {
      endpoint: emu.url,
      credentials: { scopes: [`${emu.url}/.default`] },
    });
    const err = await (async () => {
      for await (const _ of monitor.diagnosticSettings.list(PROD.slice(1))) void _;
    })().catch((e) => e);
    expect(err).toMatchObject({ statusCode: 403 });
    // The SDK's paging error keeps only the status; the body names the action.
    const raw = await fetch(`${emu.url}${PROD}/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview`, {
      headers: { authorization: "Bearer no-insights" },
    });
    expect(raw.status).toBe(403);
    expect(((await raw.json()) as any).error).toMatchObject({
      code: "AuthorizationFailed",
      message: expect.stringContaining("'Microsoft.Insights/diagnosticSettings/read'"),
    });
  });
});

describe("@azure/arm-network private DNS zone groups", () => {
  it("lists a private endpoint's zone groups with the api-version arm-network 39 sends; an unknown endpoint is ResourceNotFound", async () => {
    const network = new NetworkManagementClient(credential, CONTOSO_SUBSCRIPTION_ID, {
      endpoint: emu.url,
      credentials: { scopes: [`${emu.url}/.default`] },
    });
    const groups = [];
    for await (const g of network.privateDnsZoneGroups.list("rg-network-hub", "pe-contosoprodweu-account")) groups.push(g);
    expect(groups.map((g) => g.name)).toEqual(["default"]);
    expect(JSON.stringify(groups[0])).toContain("/privateDnsZones/privatelink.batch.azure.com");
    expect(emu.stats().requests.at(-1)!.url).toContain("api-version=2026-01-01");
    const err = await (async () => {
      for await (const _ of network.privateDnsZoneGroups.list("rg-network-hub", "pe-nowhere")) void _;
    })().catch((e) => e);
    expect(err).toMatchObject({ statusCode: 404 });
  });
});
