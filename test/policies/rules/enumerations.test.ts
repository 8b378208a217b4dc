// Enumerations compare case-insensitively, as Azure Policy's conditions do and as Checkov's
// CKV_AZURE_248 does (it lower-cases publicNetworkAccess and defaultAction): ARM accepts "disabled"
// for "Disabled", so a rule must not fail it.

import { describe, expect, it } from "vitest";
import { compliantAccount, example } from "../examples";
import { expectViolation, judge } from "../rule-harness";

describe("enumerations compare case-insensitively", () => {
  it('batch-public-network-access-disabled: "disabled" passes, "enabled" fails', () => {
    const account = compliantAccount();
    account.publicNetworkAccess = "disabled";
    expect(judge("batch-public-network-access-disabled", account).status).toBe("passed");
    account.publicNetworkAccess = "enabled";
    expectViolation(judge("batch-public-network-access-disabled", account), "sampleacct", "publicNetworkAccess", '"enabled"');
  });

  it('batch-network-rules-restricted: defaultAction "deny" passes; "ENABLED" public access is judged', () => {
    const account = example("BatchAccountGet.json");
    account.publicNetworkAccess = "ENABLED";
    account.networkProfile = {
      accountAccess: { defaultAction: "deny", ipRules: [{ action: "allow", value: "10.0.0.0/24" }] },
      nodeManagementAccess: { defaultAction: "DENY" },
    };
    expect(judge("batch-network-rules-restricted", account).status).toBe("passed");
    account.networkProfile.accountAccess!.defaultAction = "allow";
    expectViolation(
      judge("batch-network-rules-restricted", account),
      "sampleacct",
      "networkProfile.accountAccess.defaultAction",
      '"allow"',
    );
  });

  it("batch-network-rules-restricted: SecuredByPerimeter (any case) is not applicable (CKV_AZURE_248 would fail it)", () => {
    const account = example("BatchAccountGet.json");
    account.publicNetworkAccess = "securedbyperimeter";
    expect(judge("batch-network-rules-restricted", account).status).toBe("not-applicable");
  });

  it('batch-customer-managed-key: keySource "microsoft.keyvault" passes', () => {
    const account = compliantAccount();
    account.encryption = { keySource: "microsoft.keyvault", keyVaultProperties: { keyIdentifier: "https://kv.vault.azure.net/keys/k" } };
    expect(judge("batch-customer-managed-key", account).status).toBe("passed");
  });

  it("batch-customer-managed-key: keySource Microsoft.KeyVault without a key identifier fails (stricter than built-in 99e9ccd8)", () => {
    const account = compliantAccount();
    account.encryption = { keySource: "Microsoft.KeyVault" };
    expectViolation(
      judge("batch-customer-managed-key", account),
      "sampleacct",
      "encryption.keyVaultProperties.keyIdentifier",
      "is not set",
    );
  });

  it("batch-auto-storage-managed-identity and batch-managed-identity: lower-case values pass", () => {
    const account = compliantAccount();
    account.identity = { type: "systemassigned" };
    account.autoStorage!.authenticationMode = "batchaccountmanagedidentity";
    expect(judge("batch-managed-identity", account).status).toBe("passed");
    expect(judge("batch-auto-storage-managed-identity", account).status).toBe("passed");
  });

  it('batch-private-link-approved: status "approved" counts', () => {
    const account = example("PrivateBatchAccountGet.json");
    account.privateEndpointConnections![0]!.privateLinkServiceConnectionState!.status = "approved";
    expect(judge("batch-private-link-approved", account, { existing: true }).status).toBe("passed");
  });

  it("batch-provisioning-succeeded and batch-user-subscription-key-vault: lower-case states and modes", () => {
    const account = example("BatchAccountGet.json");
    account.provisioningState = "succeeded";
    expect(judge("batch-provisioning-succeeded", account, { existing: true }).status).toBe("passed");
    account.poolAllocationMode = "usersubscription";
    delete account.keyVaultReference;
    expectViolation(judge("batch-user-subscription-key-vault", account), "sampleacct", "keyVaultReference", "is not set");
  });
});
