import * as fs from "node:fs";
import * as path from "node:path";
import * as policy from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { mapAzureNativeInputs } from "../../../policies/mapping";
import { pathKey } from "../../../policies/unknowns";
import { EXAMPLES_DIR, example } from "../examples";
import { UNKNOWN } from "../policy-args";

const proxy = (policy as unknown as { unknownCheckingProxy: <T>(v: T) => T }).unknownCheckingProxy;

/** Every input of azure-native's BatchAccountArgs, set. */
function fullInputs(): Record<string, unknown> {
  return {
    accountName: "acct1",
    resourceGroupName: "rg1",
    location: "westeurope",
    tags: { env: "prod", costCenter: "42" },
    identity: {
      type: "UserAssigned",
      userAssignedIdentities: ["/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"],
    },
    autoStorage: {
      storageAccountId: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1",
      authenticationMode: "BatchAccountManagedIdentity",
      nodeIdentityReference: {
        resourceId: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1",
      },
    },
    encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: { keyIdentifier: "https://kv1.vault.azure.net/keys/k1/0123" } },
    keyVaultReference: {
      id: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1",
      url: "https://kv1.vault.azure.net/",
    },
    networkProfile: {
      accountAccess: { defaultAction: "Deny", ipRules: [{ action: "Allow", value: "203.0.113.0/24" }] },
      nodeManagementAccess: { defaultAction: "Allow", ipRules: [{ action: "Allow", value: "198.51.100.1" }] },
    },
    poolAllocationMode: "UserSubscription",
    publicNetworkAccess: "SecuredByPerimeter",
    allowedAuthenticationModes: ["AAD", "TaskAuthenticationToken"],
  };
}

const unknownOf = (m: { unknown: ReadonlySet<string> }, ...p: (string | number)[]) => m.unknown.has(pathKey(p));

describe("azure-native:batch:BatchAccount inputs → BatchAccount", () => {
  it("maps every input field by field", () => {
    const m = mapAzureNativeInputs(fullInputs(), "res");
    const a = m.account;
    expect(m.source).toBe("azure-native");
    expect(m.existing).toBe(false);
    expect(a.name).toBe("acct1");
    expect(a.resourceGroupName).toBe("rg1");
    expect(a.location).toBe("westeurope");
    expect(a.type).toBe("Microsoft.Batch/batchAccounts");
    expect(a.tags).toEqual({ env: "prod", costCenter: "42" });
    expect(a.identity).toEqual({
      type: "UserAssigned",
      userAssignedIdentities: { "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1": {} },
    });
    expect(a.autoStorage).toEqual({
      storageAccountId: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1",
      authenticationMode: "BatchAccountManagedIdentity",
      nodeIdentityReference: {
        resourceId: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1",
      },
    });
    expect(a.encryption).toEqual({
      keySource: "Microsoft.KeyVault",
      keyVaultProperties: { keyIdentifier: "https://kv1.vault.azure.net/keys/k1/0123" },
    });
    expect(a.keyVaultReference).toEqual({
      id: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1",
      url: "https://kv1.vault.azure.net/",
    });
    expect(a.networkProfile).toEqual({
      accountAccess: { defaultAction: "Deny", ipRules: [{ action: "Allow", value: "203.0.113.0/24" }] },
      nodeManagementAccess: { defaultAction: "Allow", ipRules: [{ action: "Allow", value: "198.51.100.1" }] },
    });
    expect(a.poolAllocationMode).toBe("UserSubscription");
    expect(a.publicNetworkAccess).toBe("SecuredByPerimeter");
    expect(a.allowedAuthenticationModes).toEqual(["AAD", "TaskAuthenticationToken"]);
    expect(a.azureApiVersion).toBe("2024-07-01");
    expect(a.id).toBe("/subscriptions/{subscriptionId}/resourceGroups/rg1/providers/Microsoft.Batch/batchAccounts/acct1");
    // Assigned by Azure, so not known for a declared resource:
    for (const p of [["id"], ["subscriptionId"], ["autoStorage", "lastKeySync"]]) expect(unknownOf(m, ...p), p.join(".")).toBe(true);
    expect(a.provisioningState).toBeUndefined();
    expect(a.privateEndpointConnections).toBeUndefined();
    expect(m.label).toBe('Batch account "acct1"');
    expect(m.inputNames.name).toBe("accountName");
  });

  it("applies the provider's documented defaults to absent inputs", () => {
    const m = mapAzureNativeInputs({
      accountName: "acct1",
      resourceGroupName: "rg1",
      location: "westeurope",
      autoStorage: { storageAccountId: "st" },
    });
    expect(m.account.publicNetworkAccess).toBe("Enabled");
    expect(m.account.poolAllocationMode).toBe("BatchService");
    expect(m.account.autoStorage?.authenticationMode).toBe("StorageKeys");
    for (const absent of ["allowedAuthenticationModes", "encryption", "identity", "networkProfile", "keyVaultReference", "tags"] as const) {
      expect(m.account[absent], absent).toBeUndefined();
      expect(unknownOf(m, absent), absent).toBe(false);
    }
  });

  it("reports an absent location as not known (the resource group's location applies)", () => {
    const m = mapAzureNativeInputs({ accountName: "acct1", resourceGroupName: "rg1" });
    expect(unknownOf(m, "location")).toBe(true);
  });

  it("names the account after the Pulumi resource while accountName is absent", () => {
    expect(mapAzureNativeInputs({ resourceGroupName: "rg1" }, "myBatch").label).toBe('Batch account of resource "myBatch"');
  });

  it("also accepts user-assigned identities keyed by id (the REST shape)", () => {
    const m = mapAzureNativeInputs({ identity: { type: "UserAssigned", userAssignedIdentities: { "/id/1": {}, "/id/2": {} } } });
    expect(Object.keys(m.account.identity!.userAssignedIdentities!)).toEqual(["/id/1", "/id/2"]);
  });

  it("treats values of the wrong type as absent", () => {
    const m = mapAzureNativeInputs({ publicNetworkAccess: 5, allowedAuthenticationModes: "AAD", tags: ["a"], encryption: "cmk" });
    expect(m.account.publicNetworkAccess).toBe("Enabled");
    expect(m.account.allowedAuthenticationModes).toBeUndefined();
    expect(m.account.tags).toBeUndefined();
    expect(m.account.encryption).toBeUndefined();
  });

  it("records unknown inputs (the engine's sentinel, read through @pulumi/policy's proxy) as model paths, never throwing", () => {
    const inputs = fullInputs();
    inputs.publicNetworkAccess = UNKNOWN;
    inputs.allowedAuthenticationModes = ["AAD", UNKNOWN];
    (inputs.identity as Record<string, unknown>).userAssignedIdentities = [UNKNOWN];
    (inputs.networkProfile as Record<string, Record<string, unknown>>).accountAccess!.ipRules = UNKNOWN;
    (inputs.encryption as Record<string, Record<string, unknown>>).keyVaultProperties!.keyIdentifier = UNKNOWN;
    (inputs.tags as Record<string, unknown>).owner = UNKNOWN;
    inputs.autoStorage = UNKNOWN;
    const m = mapAzureNativeInputs(proxy(inputs));
    expect(unknownOf(m, "publicNetworkAccess")).toBe(true);
    expect(m.account.publicNetworkAccess).toBeUndefined(); // no default for an unknown value
    expect(unknownOf(m, "allowedAuthenticationModes", 1)).toBe(true);
    expect(unknownOf(m, "networkProfile", "accountAccess", "ipRules")).toBe(true);
    expect(unknownOf(m, "encryption", "keyVaultProperties", "keyIdentifier")).toBe(true);
    expect(unknownOf(m, "tags", "owner")).toBe(true);
    expect(Object.keys(m.account.tags!)).toContain("owner");
    expect(unknownOf(m, "autoStorage")).toBe(true);
    expect(m.account.autoStorage).toBeUndefined();
    const ids = Object.keys(m.account.identity!.userAssignedIdentities!);
    expect(ids).toHaveLength(1);
    expect(unknownOf(m, "identity", "userAssignedIdentities", ids[0]!)).toBe(true);
  });

  it("maps the official create requests onto the same values the service returned", () => {
    const files = fs
      .readdirSync(EXAMPLES_DIR)
      .filter((f) => f.startsWith("BatchAccountCreate") || f.startsWith("PrivateBatchAccountCreate"));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const { parameters } = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), "utf8")) as {
        parameters: {
          accountName: string;
          resourceGroupName: string;
          parameters: Record<string, unknown> & { properties: Record<string, unknown> };
        };
      };
      const body = parameters.parameters;
      const identity = body.identity as { type: string; userAssignedIdentities?: Record<string, unknown> } | undefined;
      // The request body as azure-native inputs: properties flattened, user identities as an id list (v3).
      const inputs: Record<string, unknown> = {
        accountName: parameters.accountName,
        resourceGroupName: parameters.resourceGroupName,
        location: body.location,
        ...body.properties,
      };
      if (identity !== undefined) {
        inputs.identity =
          identity.userAssignedIdentities === undefined
            ? { type: identity.type }
            : { type: identity.type, userAssignedIdentities: Object.keys(identity.userAssignedIdentities) };
      }
      const mapped = mapAzureNativeInputs(inputs).account;
      const returned = example(file);
      expect(mapped.name, file).toBe(returned.name);
      expect(mapped.resourceGroupName, file).toBe(returned.resourceGroupName);
      expect(mapped.location, file).toBe(returned.location);
      expect(mapped.publicNetworkAccess, file).toBe(returned.publicNetworkAccess);
      expect(mapped.keyVaultReference, file).toEqual(returned.keyVaultReference);
      expect(mapped.autoStorage?.storageAccountId, file).toBe(returned.autoStorage?.storageAccountId);
      expect(mapped.autoStorage?.authenticationMode, file).toBe(returned.autoStorage?.authenticationMode);
      expect(mapped.identity?.type ?? "None", file).toBe(returned.identity?.type ?? "None");
      expect(Object.keys(mapped.identity?.userAssignedIdentities ?? {}), file).toEqual(
        Object.keys(returned.identity?.userAssignedIdentities ?? {}),
      );
      // BYOS and the private create request UserSubscription implicitly (a key vault reference);
      // the service returned it, the request did not say it: the documented default applies.
      if (body.properties.poolAllocationMode !== undefined) expect(mapped.poolAllocationMode, file).toBe(returned.poolAllocationMode);
    }
  });
});
