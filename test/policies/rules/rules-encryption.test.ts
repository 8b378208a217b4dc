import { describe, expect, it } from "vitest";
import { compliantAccount, example, exampleAccounts } from "../examples";
import { expectViolation, judge } from "../rule-harness";

const RULE = "batch-customer-managed-key";

describe(RULE, () => {
  it("fails every official example: none configures encryption", () => {
    for (const { account } of exampleAccounts())
      expectViolation(judge(RULE, account), "sampleacct", "encryption", "Microsoft-managed keys");
  });

  it("does not take keyVaultReference (the pool-allocation vault, CKV_AZURE_76's check) for encryption", () => {
    const byos = example("BatchAccountCreate_BYOS.json");
    expect(byos.keyVaultReference?.id).toContain("Microsoft.KeyVault/vaults/sample");
    expectViolation(
      judge(RULE, byos),
      "sampleacct",
      "encryption",
      "keyVaultReference is the key vault for UserSubscription pool allocation",
    );
  });

  it("passes a Microsoft.KeyVault key source with a key identifier", () => {
    expect(judge(RULE, compliantAccount()).status).toBe("passed");
  });

  it("fails the Microsoft.Batch key source and an absent key source", () => {
    const account = compliantAccount();
    account.encryption = { keySource: "Microsoft.Batch" };
    expectViolation(judge(RULE, account), "sampleacct", "encryption.keySource", '"Microsoft.Batch"; it must be "Microsoft.KeyVault"');
    account.encryption = {};
    expectViolation(judge(RULE, account), "sampleacct", "encryption.keySource", "absent");
  });

  it("fails Microsoft.KeyVault without a key identifier", () => {
    const account = compliantAccount();
    account.encryption = { keySource: "Microsoft.KeyVault" };
    expectViolation(judge(RULE, account), "sampleacct", "encryption.keyVaultProperties.keyIdentifier", "is not set");
    account.encryption = { keySource: "Microsoft.KeyVault", keyVaultProperties: { keyIdentifier: "" } };
    expectViolation(judge(RULE, account), "sampleacct", "encryption.keyVaultProperties.keyIdentifier");
  });

  it("accepts a key identifier that is not known yet (it will be there), but not an unknown key source", () => {
    const account = compliantAccount();
    expect(judge(RULE, account, { unknownPaths: [["encryption", "keyVaultProperties", "keyIdentifier"]] }).status).toBe("passed");
    const j = judge(RULE, account, { unknownPaths: [["encryption", "keySource"]] });
    expect(j.status).toBe("not-yet-checkable");
    expect(j.properties).toEqual(["encryption.keySource"]);
  });
});
