import { describe, expect, it } from "vitest";
import { compliantAccount, example } from "../examples";
import { expectViolation, judge } from "../rule-harness";

describe("batch-managed-identity", () => {
  const RULE = "batch-managed-identity";

  it("passes the official system- and user-assigned identity examples", () => {
    expect(judge(RULE, example("BatchAccountCreate_SystemAssignedIdentity.json")).status).toBe("passed");
    expect(judge(RULE, example("BatchAccountCreate_UserAssignedIdentity.json")).status).toBe("passed");
  });

  it("fails identity type None (BatchAccountGet.json) and an absent identity (PrivateBatchAccountGet.json)", () => {
    expectViolation(judge(RULE, example("BatchAccountGet.json")), "sampleacct", "identity", 'identity.type is "None"');
    expectViolation(judge(RULE, example("PrivateBatchAccountGet.json")), "sampleacct", "identity", "identity is not set");
  });

  it("fails UserAssigned without identities", () => {
    const account = example("BatchAccountCreate_UserAssignedIdentity.json");
    account.identity!.userAssignedIdentities = {};
    expectViolation(judge(RULE, account), "sampleacct", "identity.userAssignedIdentities", "is empty");
  });

  it("fails types outside allowedTypes", () => {
    expectViolation(
      judge(RULE, example("BatchAccountCreate_SystemAssignedIdentity.json"), { options: { allowedTypes: ["UserAssigned"] } }),
      "sampleacct",
      "identity.type",
      '"SystemAssigned" (allowed: ["UserAssigned"])',
    );
  });

  it("is not yet checkable while the identity type is unknown", () => {
    const j = judge(RULE, compliantAccount(), { unknownPaths: [["identity", "type"]] });
    expect(j.status).toBe("not-yet-checkable");
    expect(j.properties).toEqual(["identity.type"]);
  });
});

describe("batch-auto-storage-managed-identity", () => {
  const RULE = "batch-auto-storage-managed-identity";

  it("fails the official examples: their auto-storage uses the default StorageKeys", () => {
    expectViolation(judge(RULE, example("BatchAccountGet.json")), "sampleacct", "autoStorage.authenticationMode", '"StorageKeys"');
  });

  it("passes BatchAccountManagedIdentity with an account identity", () => {
    expect(judge(RULE, compliantAccount()).status).toBe("passed");
  });

  it("fails BatchAccountManagedIdentity without an account identity", () => {
    const account = compliantAccount();
    account.identity = { type: "None" };
    expectViolation(judge(RULE, account), "sampleacct", "identity", "BatchAccountManagedIdentity");
  });

  it("does not apply without auto-storage unless requireAutoStorage is set", () => {
    const account = compliantAccount();
    delete account.autoStorage;
    expect(judge(RULE, account).status).toBe("not-applicable");
    expectViolation(judge(RULE, account, { options: { requireAutoStorage: true } }), "sampleacct", "autoStorage", "is not set");
  });

  it("is not yet checkable while the authentication mode is unknown", () => {
    expect(judge(RULE, compliantAccount(), { unknownPaths: [["autoStorage", "authenticationMode"]] }).status).toBe("not-yet-checkable");
  });
});
