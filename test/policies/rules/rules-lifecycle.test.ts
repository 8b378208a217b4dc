import { describe, expect, it } from "vitest";
import { example, exampleAccounts } from "../examples";
import { expectViolation, judge } from "../rule-harness";

describe("batch-provisioning-succeeded", () => {
  const RULE = "batch-provisioning-succeeded";

  it("passes every official example as an existing account (all Succeeded)", () => {
    for (const { id, account } of exampleAccounts()) expect(judge(RULE, account, { existing: true }).status, id).toBe("passed");
  });

  it("fails other states and an absent state", () => {
    for (const state of ["Failed", "Creating", "Deleting", "Cancelled", "Invalid"]) {
      const account = example("BatchAccountGet.json");
      account.provisioningState = state;
      expectViolation(judge(RULE, account, { existing: true }), "sampleacct", "provisioningState", `"${state}"`);
    }
    const absent = example("BatchAccountGet.json");
    delete absent.provisioningState;
    expectViolation(judge(RULE, absent, { existing: true }), "sampleacct", "provisioningState", "is absent");
  });

  it("honours allowedStates", () => {
    const account = example("BatchAccountGet.json");
    account.provisioningState = "Creating";
    expect(judge(RULE, account, { existing: true, options: { allowedStates: ["Succeeded", "Creating"] } }).status).toBe("passed");
  });

  it("does not apply to declared accounts", () => {
    expect(judge(RULE, example("BatchAccountGet.json")).status).toBe("not-applicable");
  });

  it("is not yet checkable while the state is unknown", () => {
    expect(judge(RULE, example("BatchAccountGet.json"), { existing: true, unknownPaths: [["provisioningState"]] }).status).toBe(
      "not-yet-checkable",
    );
  });
});

describe("batch-user-subscription-key-vault", () => {
  const RULE = "batch-user-subscription-key-vault";

  it("passes the official UserSubscription examples, which reference a key vault", () => {
    expect(judge(RULE, example("BatchAccountCreate_BYOS.json")).status).toBe("passed");
    expect(judge(RULE, example("PrivateBatchAccountCreate.json")).status).toBe("passed");
  });

  it("does not apply to BatchService accounts", () => {
    const j = judge(RULE, example("BatchAccountGet.json"));
    expect(j.status).toBe("not-applicable");
    expect(j.reason).toContain('"BatchService"');
  });

  it("fails UserSubscription without a key vault reference, or with half of one", () => {
    const account = example("BatchAccountCreate_BYOS.json");
    delete account.keyVaultReference;
    expectViolation(judge(RULE, account), "sampleacct", "keyVaultReference", '"UserSubscription"');
    const half = example("BatchAccountCreate_BYOS.json");
    half.keyVaultReference = { id: half.keyVaultReference!.id, url: "" };
    expectViolation(judge(RULE, half), "sampleacct", "keyVaultReference.url", "is not set");
  });

  it("is not yet checkable while the pool allocation mode is unknown", () => {
    expect(judge(RULE, example("BatchAccountCreate_BYOS.json"), { unknownPaths: [["poolAllocationMode"]] }).status).toBe(
      "not-yet-checkable",
    );
  });
});
