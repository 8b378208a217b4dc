// Every official example parses to the model azure-native would give: the ARM `properties` bag
// flattened onto the account and onto each private endpoint connection, with documented defaults.
import { describe, expect, it } from "vitest";
import { parseBatchAccount } from "../../provider/model/parse-batch-account";
import { exampleAccounts, loadExamples } from "../support/spec";

/** An independent statement of the mapping, written generically rather than field by field. */
function expectedModel(raw: any): any {
  const { properties = {}, ...rest } = raw;
  const flat: any = { ...rest, ...properties };
  if (flat.privateEndpointConnections !== undefined) {
    flat.privateEndpointConnections = flat.privateEndpointConnections.map(({ properties: p = {}, ...c }: any) => ({ ...c, ...p }));
  }
  flat.publicNetworkAccess ??= "Enabled";
  if (flat.autoStorage !== undefined) flat.autoStorage = { authenticationMode: "StorageKeys", ...flat.autoStorage };
  const [, subscriptionId, resourceGroupName] = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(raw.id)!;
  return { ...flat, subscriptionId, resourceGroupName, azureApiVersion: "2024-07-01" };
}

describe("official examples", () => {
  const examples = loadExamples();

  it("are all present", () => {
    expect(examples.map((e) => e.file)).toContain("BatchAccountGet.json");
    expect(examples.length).toBe(10);
  });

  for (const { file, json } of examples) {
    const accounts = exampleAccounts(json);
    it(`${file}: ${accounts.length} account(s) parse to the flattened model`, () => {
      expect(accounts.length).toBeGreaterThan(0);
      for (const raw of accounts) expect(parseBatchAccount(raw)).toEqual(expectedModel(raw));
    });
  }

  it("reads the endpoint and auto-storage id of BatchAccountGet", () => {
    const [raw] = exampleAccounts(examples.find((e) => e.file === "BatchAccountGet.json")!.json);
    const account = parseBatchAccount(raw);
    expect(account.accountEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
    expect(account.autoStorage?.storageAccountId).toMatch(/storageAccounts\/samplestorage$/);
    expect(account.resourceGroupName).toBe("default-azurebatch-japaneast");
  });
});
