// The estate reads' parsers are as strict as the account's: the official examples parse, a value
// whose type contradicts the schema is an InvalidResponse naming the field, and a list answer must
// belong to what was asked for.
import * as fs from "node:fs";
import * as path from "node:path";
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { BatchLookupError } from "../../../provider/errors";
import { parseBatchPoolPage } from "../../../provider/model/parse-pool";
import { batchPoolList } from "../../../provider/operations/batch-pool-list";
import { diagnosticSettingsList, parseDiagnosticSettingsPage } from "../../../provider/operations/diagnostic-settings-list";
import type { OperationResult } from "../../../provider/operations/operation";
import { parsePrivateDnsZoneGroupPage, privateDnsZoneGroupsList } from "../../../provider/operations/private-dns-zone-groups-list";

const EXAMPLES = path.join(__dirname, "../../../spec/examples");
const body = (file: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")).responses["200"].body;
const ENDPOINT = "https://management.azure.com";
const KEY = { subscriptionId: "00000000-0000-4000-8000-000000000001", resourceGroupName: "rg", accountName: "acct" };
const ACCOUNT = `/subscriptions/${KEY.subscriptionId}/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct`;
/** A 200 answer with `body`, as the client hands it to a list operation. */
const answer = (json: unknown): OperationResult => ({ body: json, text: JSON.stringify(json), bytes: 0, headers: createHttpHeaders() });

function invalid(run: () => unknown): BatchLookupError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(BatchLookupError);
    expect((e as BatchLookupError).code).toBe("InvalidResponse");
    return e as BatchLookupError;
  }
  throw new Error("no error");
}

describe("pools", () => {
  it("parses the official PoolList example, flattening properties", () => {
    const [pool] = parseBatchPoolPage(body("pools/PoolList.json")).value;
    expect(pool).toMatchObject({
      name: "testpool",
      accountName: "sampleacct",
      resourceGroupName: "default-azurebatch-japaneast",
      vmSize: "STANDARD_D4",
      deploymentConfiguration: { virtualMachineConfiguration: { nodeAgentSkuId: "batch.node.windows amd64" } },
      networkConfiguration: { subnetId: expect.stringContaining("/subnets/subnet123") },
      certificates: [{ storeLocation: "LocalMachine", storeName: "MY", visibility: ["RemoteUser"] }],
      azureApiVersion: "2024-07-01",
    });
  });

  it("names the field whose type contradicts the schema", () => {
    const bad = structuredClone(body("pools/PoolList.json"));
    bad.value[0].properties.networkConfiguration.publicIPAddressConfiguration = { provision: 3 };
    expect(invalid(() => parseBatchPoolPage(bad)).target).toBe(
      "value[0].properties.networkConfiguration.publicIPAddressConfiguration.provision",
    );
    const noSku = structuredClone(body("pools/PoolList.json"));
    delete noSku.value[0].properties.deploymentConfiguration.virtualMachineConfiguration.nodeAgentSkuId;
    expect(invalid(() => parseBatchPoolPage(noSku)).message).toContain("2024-07-01 Pool schema requires a string");
  });

  it("fails a list that names a pool of another account, and a nextLink off the ARM origin", () => {
    const list = batchPoolList(ENDPOINT, KEY);
    const other = { value: [{ id: `${ACCOUNT}x/pools/p`, name: "p", properties: {} }] };
    expect(invalid(() => list.parseItems(answer(other), 0)).message).toContain("not a pool of that account");
    const away = { value: [], nextLink: "https://example.com/x" };
    expect(() => list.nextOf(answer(away))).toThrow(/UnsafeNextLink|not the configured ARM endpoint/);
  });
});

describe("diagnostic settings", () => {
  it("parses the official example (an empty workspaceId kept as the empty string)", () => {
    const [s] = parseDiagnosticSettingsPage(body("monitor/listDiagnosticSettings.json")).value;
    expect(s).toMatchObject({ name: "mysetting", workspaceId: "", logs: [{ categoryGroup: "allLogs", enabled: true }] });
  });

  it("requires enabled on a log setting and keeps settings to the resource asked about", () => {
    expect(
      invalid(() => parseDiagnosticSettingsPage({ value: [{ id: "x", name: "s", properties: { logs: [{ category: "c" }] } }] })).target,
    ).toBe("value[0].properties.logs[0].enabled");
    const list = diagnosticSettingsList(ENDPOINT, ACCOUNT);
    expect(list.first.url).toBe(`${ENDPOINT}${ACCOUNT}/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview`);
    const elsewhere = { value: [{ id: "/subscriptions/y/providers/microsoft.insights/diagnosticSettings/s", name: "s", properties: {} }] };
    expect(invalid(() => list.parseItems(answer(elsewhere), 0)).message).toContain("not a diagnostic setting of that resource");
  });
});

describe("private DNS zone groups", () => {
  it("parses the official example and asks with the api-version arm-network 39 sends", () => {
    const groups = parsePrivateDnsZoneGroupPage(body("network/PrivateEndpointDnsZoneGroupList.json")).value;
    expect(groups.map((g) => g.privateDnsZoneConfigs[0]!.privateDnsZoneId)).toEqual([
      "/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateDnsZones/zone1.com",
      "/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateDnsZones/zone2.com",
    ]);
    const list = privateDnsZoneGroupsList(ENDPOINT, {
      subscriptionId: KEY.subscriptionId,
      resourceGroupName: "rg",
      privateEndpointName: "pe",
    });
    expect(list.first.url).toContain("/privateEndpoints/pe/privateDnsZoneGroups?api-version=2026-01-01");
    expect(
      invalid(() => parsePrivateDnsZoneGroupPage({ value: [{ id: "i", name: "n", properties: { privateDnsZoneConfigs: {} } }] })).target,
    ).toBe("value[0].properties.privateDnsZoneConfigs");
  });
});
