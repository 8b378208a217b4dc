import { describe, expect, it } from "vitest";
import { PolicyConfigError } from "../../../policies/config";
import { compliantAccount, example, exampleAccounts } from "../examples";
import { expectViolation, judge } from "../rule-harness";

const RULE = "batch-local-auth-disabled";

describe(RULE, () => {
  it("fails every official example: none sets allowedAuthenticationModes, so SharedKey stays allowed", () => {
    const all = exampleAccounts();
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const { id, account } of all) {
      const j = judge(RULE, account);
      expectViolation(j, account.name, "allowedAuthenticationModes", "is not set");
      expect(j.messages[0], id).toContain("SharedKey");
    }
  });

  it("passes an account that allows only AAD", () => {
    expect(judge(RULE, compliantAccount()).status).toBe("passed");
  });

  it("fails when SharedKey is allowed next to AAD", () => {
    const account = example("BatchAccountGet.json");
    account.allowedAuthenticationModes = ["AAD", "SharedKey"];
    expectViolation(judge(RULE, account), "sampleacct", "allowedAuthenticationModes", '["SharedKey"] not allowed');
  });

  it("fails a list with only SharedKey once (a mode too many), and twice with requireAad (no AAD either)", () => {
    const account = example("BatchAccountGet.json");
    account.allowedAuthenticationModes = ["SharedKey"];
    const j = judge(RULE, account);
    expect(j.messages).toHaveLength(1);
    expectViolation(j, "sampleacct", "allowedAuthenticationModes", '["SharedKey"] not allowed');
    const strict = judge(RULE, account, { options: { requireAad: true } });
    expect(strict.messages).toHaveLength(2);
    expectViolation(strict, "sampleacct", "allowedAuthenticationModes", 'does not include "AAD"');
  });

  it("passes an empty list, as built-in 6f68b69f does (no mode other than AAD is allowed), and fails it with requireAad", () => {
    const account = compliantAccount();
    account.allowedAuthenticationModes = [];
    expect(judge(RULE, account).status).toBe("passed");
    expectViolation(
      judge(RULE, account, { options: { requireAad: true } }),
      "sampleacct",
      "allowedAuthenticationModes",
      'does not include "AAD"',
    );
  });

  it("compares modes case-insensitively, as Azure Policy does", () => {
    const account = compliantAccount();
    account.allowedAuthenticationModes = ["aad"];
    expect(judge(RULE, account).status).toBe("passed");
    account.allowedAuthenticationModes = ["aad", "sharedkey"];
    expectViolation(judge(RULE, account), "sampleacct", "allowedAuthenticationModes", '["sharedkey"] not allowed');
  });

  it("rejects TaskAuthenticationToken by default and accepts it when configured", () => {
    const account = compliantAccount();
    account.allowedAuthenticationModes = ["AAD", "TaskAuthenticationToken"];
    expectViolation(judge(RULE, account), "sampleacct", "allowedAuthenticationModes", "TaskAuthenticationToken");
    expect(judge(RULE, account, { options: { allowTaskAuthenticationToken: true } }).status).toBe("passed");
    account.allowedAuthenticationModes = ["AAD", "TaskAuthenticationToken", "SharedKey"];
    expectViolation(
      judge(RULE, account, { options: { allowTaskAuthenticationToken: true } }),
      "sampleacct",
      "allowedAuthenticationModes",
      '["SharedKey"]',
    );
  });

  it("is not yet checkable while the list, or one of its modes, is unknown", () => {
    const account = compliantAccount();
    const whole = judge(RULE, account, { unknownPaths: [["allowedAuthenticationModes"]] });
    expect(whole.status).toBe("not-yet-checkable");
    expect(whole.properties).toEqual(["allowedAuthenticationModes"]);
    expect(whole.messages[0]).toContain('Batch account "sampleacct": allowedAuthenticationModes is not known yet');
    account.allowedAuthenticationModes = ["AAD", "AAD"];
    const element = judge(RULE, account, { unknownPaths: [["allowedAuthenticationModes", 1]] });
    expect(element.status).toBe("not-yet-checkable");
    expect(element.properties).toEqual(["allowedAuthenticationModes[1]"]);
  });

  it("rejects options of the wrong type or name, naming the policy and the option", () => {
    expect(() => judge(RULE, compliantAccount(), { options: { allowTaskAuthenticationToken: "yes" } })).toThrow(PolicyConfigError);
    expect(() => judge(RULE, compliantAccount(), { options: { allowTaskAuthenticationToken: "yes" } })).toThrow(
      /batch-local-auth-disabled: option allowTaskAuthenticationToken must be boolean/,
    );
    expect(() => judge(RULE, compliantAccount(), { options: { allowSharedKey: true } })).toThrow(/unknown option "allowSharedKey"/);
  });
});
