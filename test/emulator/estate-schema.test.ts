/**
 * What the emulator serves for the estate reads (Pool - List By Batch Account, Diagnostic
 * Settings - List, Private DNS Zone Groups - List) is valid against the specifications copied in
 * spec/, with unknown fields rejected, for the default data and a generated estate, page by page;
 * so are the official examples of those operations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { DIAGNOSTIC_SETTINGS_API_VERSIONS, PRIVATE_DNS_ZONE_GROUPS_API_VERSIONS } from "../../emulator/estate-handlers";
import { allPages, armUrl, EXAMPLES_DIR, readJson, trustCa } from "./helpers";
import {
  DIAGNOSTIC_SETTINGS_SPEC_FILE,
  DNS_ZONE_GROUPS_SPEC_FILE,
  loadSpecValidator,
  POOL_SPEC_FILE,
  type SpecValidator,
} from "./openapi-schema";

const GENERATED_SUB = "7a1b2c3d-0000-4000-8000-0000000000ab";

let emu: RunningEmulator;
let pools: SpecValidator;
let settings: SpecValidator;
let zoneGroups: SpecValidator;

beforeAll(async () => {
  pools = loadSpecValidator(POOL_SPEC_FILE);
  settings = loadSpecValidator(DIAGNOSTIC_SETTINGS_SPEC_FILE);
  zoneGroups = loadSpecValidator(DNS_ZONE_GROUPS_SPEC_FILE);
  emu = await startEmulator({ pageSize: 2, generate: { count: 12, subscriptionId: GENERATED_SUB, poolsPerAccount: 3, estate: true } });
  trustCa(emu.caCertPem);
});
afterAll(() => emu?.stop());

function expectValid(spec: SpecValidator, definition: string, body: unknown, what: string): void {
  const errors = spec.errors(definition, body);
  expect(errors, `${what}: ${errors.join("; ")}`).toEqual([]);
}

describe("the specifications' schemas", () => {
  it("reject an unknown field, a wrong enum value and a wrong type", () => {
    const pool = readJson(`${EXAMPLES_DIR}/pools/PoolList.json`).responses["200"].body.value[0];
    expectValid(pools, "Pool", pool, "the example pool");
    expect(pools.errors("Pool", { ...pool, extra: 1 }).join()).toMatch(/additional/);
    expect(pools.errors("Pool", { ...pool, properties: { ...pool.properties, targetNodeCommunicationMode: "Fast" } }).join()).toMatch(
      /allowed/,
    );
    const setting = readJson(`${EXAMPLES_DIR}/monitor/listDiagnosticSettings.json`).responses["200"].body.value[0];
    expect(settings.errors("DiagnosticSettingsResource", { ...setting, properties: { ...setting.properties, logs: [{}] } }).join()).toMatch(
      /enabled/,
    );
    const group = readJson(`${EXAMPLES_DIR}/network/PrivateEndpointDnsZoneGroupList.json`).responses["200"].body.value[0];
    expect(zoneGroups.errors("PrivateDnsZoneGroup", { ...group, properties: { privateDnsZoneConfigs: "x" } }).join()).toMatch(/array/);
  });

  it("accept the official examples of the three operations", () => {
    expectValid(pools, "ListPoolsResult", readJson(`${EXAMPLES_DIR}/pools/PoolList.json`).responses["200"].body, "PoolList");
    expectValid(
      settings,
      "DiagnosticSettingsResourceCollection",
      readJson(`${EXAMPLES_DIR}/monitor/listDiagnosticSettings.json`).responses["200"].body,
      "listDiagnosticSettings",
    );
    expectValid(
      zoneGroups,
      "PrivateDnsZoneGroupListResult",
      readJson(`${EXAMPLES_DIR}/network/PrivateEndpointDnsZoneGroupList.json`).responses["200"].body,
      "PrivateEndpointDnsZoneGroupList",
    );
  });
});

describe("every estate body the emulator serves matches its specification", () => {
  it("Pool - List By Batch Account: every page of every account's pools", async () => {
    let count = 0;
    for (const account of emu.listAccounts()) {
      const pages = await allPages(armUrl(emu, `${account.id}/pools`));
      for (const [i, page] of pages.entries()) expectValid(pools, "ListPoolsResult", page, `${account.id} page ${i}`);
      count += pages.flatMap((p) => p.value).length;
    }
    expect(count).toBe(emu.snapshot().pools!.length);
    // The default data's pools and the generated estate's 12 x 3.
    expect(emu.listAccounts({ subscriptionId: GENERATED_SUB })).toHaveLength(12);
    expect(count).toBeGreaterThan(36);
  });

  it("Diagnostic Settings - List: every account's settings", async () => {
    let count = 0;
    for (const account of emu.listAccounts()) {
      const pages = await allPages(
        armUrl(emu, `${account.id}/providers/Microsoft.Insights/diagnosticSettings`, `api-version=${DIAGNOSTIC_SETTINGS_API_VERSIONS[0]}`),
      );
      for (const page of pages) expectValid(settings, "DiagnosticSettingsResourceCollection", page, account.id);
      count += pages.flatMap((p) => p.value).length;
    }
    expect(count).toBe(emu.snapshot().diagnosticSettings!.length);
    expect(count).toBeGreaterThan(0);
  });

  it("Private DNS Zone Groups - List: every private endpoint a connection names", async () => {
    const endpoints = new Set(
      emu
        .listAccounts()
        .flatMap((a) => (a.properties?.privateEndpointConnections ?? []) as any[])
        .map((c) => c.properties?.privateEndpoint?.id)
        .filter((id): id is string => id !== undefined),
    );
    expect(endpoints.size).toBeGreaterThan(12);
    let count = 0;
    for (const endpoint of endpoints) {
      const pages = await allPages(
        armUrl(emu, `${endpoint}/privateDnsZoneGroups`, `api-version=${PRIVATE_DNS_ZONE_GROUPS_API_VERSIONS[0]}`),
      );
      for (const [i, page] of pages.entries()) expectValid(zoneGroups, "PrivateDnsZoneGroupListResult", page, `${endpoint} page ${i}`);
      count += pages.flatMap((p) => p.value).length;
    }
    expect(count).toBeGreaterThan(0);
  });
});
