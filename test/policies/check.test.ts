// checkBatchAccount: the rules without CrossGuard, configured like --policy-pack-config.

import { describe, expect, it } from "vitest";
import { checkBatchAccount } from "../../policies/check";
import { enforcementLevelFor, optionsFromPackConfig, PolicyConfigError } from "../../policies/config";
import { RULES } from "../../policies/registry";
import { compliantAccount, example } from "./examples";
import { ruleNamed } from "./rule-harness";

describe("checkBatchAccount", () => {
  it("passes the compliant account on every rule, including the existing-only ones when told it exists", () => {
    const result = checkBatchAccount(
      compliantAccount(),
      { "batch-allowed-locations": { allowedLocations: ["japaneast"] }, "batch-required-tags": { requiredTags: ["owner"] } },
      { existing: true },
    );
    expect(result.violations).toEqual([]);
    expect(result.notYetCheckable).toEqual([]);
    expect(result.passed.sort()).toEqual(
      RULES.map((r) => r.name)
        .filter((n) => n !== "batch-network-rules-restricted" && n !== "batch-user-subscription-key-vault")
        .sort(),
    );
    expect(result.notApplicable.map((n) => n.policyName).sort()).toEqual([
      "batch-network-rules-restricted",
      "batch-user-subscription-key-vault",
    ]);
    expect(result.account).toBe('Batch account "sampleacct"');
  });

  it("returns every violation of BatchAccountGet.json with its policy, level, severity, property and message", () => {
    const result = checkBatchAccount(example("BatchAccountGet.json"));
    const byPolicy = new Map<string, string[]>();
    for (const v of result.violations) byPolicy.set(v.policyName, [...(byPolicy.get(v.policyName) ?? []), v.property]);
    expect(Object.fromEntries(byPolicy)).toEqual({
      "batch-local-auth-disabled": ["allowedAuthenticationModes"],
      "batch-public-network-access-disabled": ["publicNetworkAccess"],
      "batch-network-rules-restricted": ["networkProfile.accountAccess", "networkProfile.nodeManagementAccess"],
      "batch-customer-managed-key": ["encryption"],
      "batch-managed-identity": ["identity"],
      "batch-auto-storage-managed-identity": ["autoStorage.authenticationMode"],
    });
    const local = result.violations.find((v) => v.policyName === "batch-local-auth-disabled")!;
    expect(local).toMatchObject({ enforcementLevel: "mandatory", severity: "high", account: 'Batch account "sampleacct"' });
    expect(result.violations.find((v) => v.policyName === "batch-customer-managed-key")!.enforcementLevel).toBe("advisory");
    // Existing-only rules are skipped unless the caller says the account exists.
    expect(result.notApplicable.map((n) => n.policyName)).toContain("batch-provisioning-succeeded");
  });

  it("applies `all`, per-policy levels and per-policy options the way Pulumi does", () => {
    const account = example("BatchAccountGet.json");
    const allDisabled = checkBatchAccount(account, { all: "disabled" });
    expect(allDisabled.violations).toEqual([]);
    expect(allDisabled.passed).toEqual([]);
    const one = checkBatchAccount(account, { all: "disabled", "batch-customer-managed-key": "mandatory" });
    expect(one.violations.map((v) => [v.policyName, v.enforcementLevel])).toEqual([["batch-customer-managed-key", "mandatory"]]);
    const allAdvisory = checkBatchAccount(account, { all: "advisory", "batch-managed-identity": { enforcementLevel: "disabled" } });
    expect(new Set(allAdvisory.violations.map((v) => v.enforcementLevel))).toEqual(new Set(["advisory"]));
    expect(allAdvisory.violations.map((v) => v.policyName)).not.toContain("batch-managed-identity");
    const options = checkBatchAccount(account, { "batch-network-rules-restricted": { endpoints: ["accountAccess"] } });
    expect(options.violations.filter((v) => v.policyName === "batch-network-rules-restricted").map((v) => v.property)).toEqual([
      "networkProfile.accountAccess",
    ]);
  });

  it("reports unknown values the caller names as not yet checkable", () => {
    const result = checkBatchAccount(
      example("BatchAccountGet.json"),
      { all: "disabled", "batch-local-auth-disabled": "mandatory" },
      { unknownPaths: [["allowedAuthenticationModes"]] },
    );
    expect(result.violations).toEqual([]);
    expect(result.notYetCheckable).toMatchObject([
      { policyName: "batch-local-auth-disabled", property: "allowedAuthenticationModes", enforcementLevel: "mandatory" },
    ]);
  });

  it("rejects bad configuration with errors naming the policy", () => {
    expect(() => checkBatchAccount(compliantAccount(), { all: "strict" as never })).toThrow(PolicyConfigError);
    expect(() => checkBatchAccount(compliantAccount(), { "batch-network-rules-restricted": { minimumPrefixLength: 40 } })).toThrow(
      /batch-network-rules-restricted: option minimumPrefixLength must be <= 32/,
    );
    expect(() => checkBatchAccount(compliantAccount(), { "batch-required-tags": { enforcementLevel: "loud" as never } })).toThrow(
      /batch-required-tags: enforcementLevel "loud"/,
    );
  });
});

describe("configuration resolution", () => {
  const rule = ruleNamed("batch-network-rules-restricted");

  it("orders levels: the policy's entry, then all, then the default", () => {
    expect(enforcementLevelFor(rule, undefined)).toBe("mandatory");
    expect(enforcementLevelFor(rule, { all: "advisory" })).toBe("advisory");
    expect(enforcementLevelFor(rule, { all: "advisory", "batch-network-rules-restricted": "disabled" })).toBe("disabled");
    expect(enforcementLevelFor(rule, { all: "advisory", "batch-network-rules-restricted": { minimumPrefixLength: 8 } })).toBe("advisory");
    expect(enforcementLevelFor(rule, { "batch-network-rules-restricted": { enforcementLevel: "remediate" } })).toBe("remediate");
  });

  it("fills option defaults and keeps given ones", () => {
    expect(optionsFromPackConfig(rule, undefined)).toEqual({
      minimumPrefixLength: 16,
      endpoints: ["accountAccess", "nodeManagementAccess"],
    });
    expect(optionsFromPackConfig(rule, { "batch-network-rules-restricted": { minimumPrefixLength: 24 } })).toEqual({
      minimumPrefixLength: 24,
      endpoints: ["accountAccess", "nodeManagementAccess"],
    });
  });
});
