import * as policy from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { mapClassicInputs } from "../../../policies/mapping";
import { pathKey } from "../../../policies/unknowns";
import { UNKNOWN } from "../policy-args";

const proxy = (policy as unknown as { unknownCheckingProxy: <T>(v: T) => T }).unknownCheckingProxy;
const unknownOf = (m: { unknown: ReadonlySet<string> }, ...p: (string | number)[]) => m.unknown.has(pathKey(p));

/** Every input of the classic provider's AccountArgs, set. */
function fullInputs(): Record<string, unknown> {
  return {
    name: "classic1",
    resourceGroupName: "rg1",
    location: "West Europe",
    tags: { env: "prod" },
    identity: { type: "UserAssigned", identityIds: ["/uami/1", "/uami/2"] },
    poolAllocationMode: "UserSubscription",
    keyVaultReference: {
      id: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1",
      url: "https://kv1.vault.azure.net/",
    },
    storageAccountId: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1",
    storageAccountAuthenticationMode: "BatchAccountManagedIdentity",
    storageAccountNodeIdentity: "/uami/1",
    publicNetworkAccessEnabled: false,
    networkProfile: {
      accountAccess: { defaultAction: "Allow", ipRules: [{ action: "Allow", ipRange: "203.0.113.0/24" }] },
      nodeManagementAccess: { defaultAction: "Deny", ipRules: [{ ipRange: "198.51.100.1" }] },
    },
    encryption: { keyVaultKeyId: "https://kv1.vault.azure.net/keys/k1" },
    allowedAuthenticationModes: ["AAD"],
  };
}

describe("azure:batch/account:Account inputs → BatchAccount", () => {
  it("maps every input field by field", () => {
    const m = mapClassicInputs(fullInputs(), "res");
    const a = m.account;
    expect(m.source).toBe("classic");
    expect(m.existing).toBe(false);
    expect(a.name).toBe("classic1");
    expect(a.resourceGroupName).toBe("rg1");
    expect(a.location).toBe("West Europe");
    expect(a.tags).toEqual({ env: "prod" });
    expect(a.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: { "/uami/1": {}, "/uami/2": {} } });
    expect(a.poolAllocationMode).toBe("UserSubscription");
    expect(a.keyVaultReference).toEqual({
      id: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1",
      url: "https://kv1.vault.azure.net/",
    });
    expect(a.autoStorage).toEqual({
      storageAccountId: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1",
      authenticationMode: "BatchAccountManagedIdentity",
      nodeIdentityReference: { resourceId: "/uami/1" },
    });
    expect(a.publicNetworkAccess).toBe("Disabled");
    expect(a.networkProfile).toEqual({
      accountAccess: { defaultAction: "Allow", ipRules: [{ action: "Allow", value: "203.0.113.0/24" }] },
      nodeManagementAccess: { defaultAction: "Deny", ipRules: [{ action: "Allow", value: "198.51.100.1" }] },
    });
    expect(a.encryption).toEqual({
      keySource: "Microsoft.KeyVault",
      keyVaultProperties: { keyIdentifier: "https://kv1.vault.azure.net/keys/k1" },
    });
    expect(a.allowedAuthenticationModes).toEqual(["AAD"]);
    expect(m.label).toBe('Batch account "classic1"');
  });

  it("maps publicNetworkAccessEnabled true, and absent (default true), to Enabled", () => {
    expect(mapClassicInputs({ ...fullInputs(), publicNetworkAccessEnabled: true }).account.publicNetworkAccess).toBe("Enabled");
    const { publicNetworkAccessEnabled: _, ...rest } = fullInputs();
    expect(mapClassicInputs(rest).account.publicNetworkAccess).toBe("Enabled");
  });

  it("applies the provider's defaults: BatchService, Microsoft.Batch keys, Deny and Allow in network rules, StorageKeys", () => {
    const m = mapClassicInputs({
      name: "c",
      resourceGroupName: "rg",
      location: "westeurope",
      storageAccountId: "st",
      networkProfile: { accountAccess: { ipRules: [{ ipRange: "10.0.0.0/24" }] } },
    });
    expect(m.account.poolAllocationMode).toBe("BatchService");
    expect(m.account.encryption).toEqual({ keySource: "Microsoft.Batch" });
    expect(m.account.networkProfile).toEqual({
      accountAccess: { defaultAction: "Deny", ipRules: [{ action: "Allow", value: "10.0.0.0/24" }] },
    });
    expect(m.account.autoStorage).toEqual({ storageAccountId: "st", authenticationMode: "StorageKeys" });
    expect(m.account.allowedAuthenticationModes).toBeUndefined();
    expect(m.account.identity).toBeUndefined();
  });

  it("maps allowedAuthenticationModes = [] as absent: azurerm leaves an empty list out of the create request, so Azure allows every mode", async () => {
    const m = mapClassicInputs({ name: "acct", resourceGroupName: "rg", location: "westeurope", allowedAuthenticationModes: [] });
    expect(m.account.allowedAuthenticationModes).toBeUndefined();
    const { checkBatchAccount } = await import("../../../policies/check");
    const { violations } = checkBatchAccount(m.account as never);
    expect(violations.find((v) => v.policyName === "batch-local-auth-disabled")?.message).toContain(
      "is not set, so Azure allows every mode",
    );
  });

  it("has no auto-storage without storageAccountId", () => {
    expect(mapClassicInputs({ storageAccountAuthenticationMode: "StorageKeys" }).account.autoStorage).toBeUndefined();
  });

  it("names the classic inputs behind model properties", () => {
    const m = mapClassicInputs(fullInputs());
    expect(m.inputNames.publicNetworkAccess).toBe("publicNetworkAccessEnabled");
    expect(m.inputNames["autoStorage.authenticationMode"]).toBe("storageAccountAuthenticationMode");
    expect(m.inputNames["encryption.keyVaultProperties.keyIdentifier"]).toBe("encryption.keyVaultKeyId");
    expect(m.inputNames["networkProfile.accountAccess.ipRules[].value"]).toBe("networkProfile.accountAccess.ipRules[].ipRange");
  });

  it("records unknown inputs under the model paths they feed, without applying defaults to them", () => {
    const inputs = fullInputs();
    inputs.publicNetworkAccessEnabled = UNKNOWN;
    inputs.storageAccountId = UNKNOWN;
    inputs.storageAccountAuthenticationMode = UNKNOWN;
    (inputs.encryption as Record<string, unknown>).keyVaultKeyId = UNKNOWN;
    (inputs.identity as Record<string, unknown>).identityIds = UNKNOWN;
    ((inputs.networkProfile as Record<string, Record<string, unknown[]>>).accountAccess!.ipRules![0] as Record<string, unknown>).ipRange =
      UNKNOWN;
    const m = mapClassicInputs(proxy(inputs));
    expect(unknownOf(m, "publicNetworkAccess")).toBe(true);
    expect(m.account.publicNetworkAccess).toBeUndefined();
    expect(unknownOf(m, "autoStorage", "storageAccountId")).toBe(true);
    expect(unknownOf(m, "autoStorage", "authenticationMode")).toBe(true);
    expect(m.account.autoStorage?.authenticationMode).toBeUndefined();
    expect(m.account.encryption?.keySource).toBe("Microsoft.KeyVault");
    expect(unknownOf(m, "encryption", "keyVaultProperties", "keyIdentifier")).toBe(true);
    expect(unknownOf(m, "identity", "userAssignedIdentities")).toBe(true);
    expect(unknownOf(m, "networkProfile", "accountAccess", "ipRules", 0, "value")).toBe(true);
  });

  it("keeps an unknown encryption block unknown instead of assuming Microsoft-managed keys", () => {
    const m = mapClassicInputs(proxy({ ...fullInputs(), encryption: UNKNOWN }));
    expect(unknownOf(m, "encryption")).toBe(true);
    expect(m.account.encryption).toBeUndefined();
  });
});
