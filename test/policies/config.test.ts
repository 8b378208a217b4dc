// The pack configuration: each option declared once (schema, default, description), validated with
// ajv; errors name the policy and the option.

import { describe, expect, it } from "vitest";
import { PolicyConfigError, resolveOptions, validatePackConfig } from "../../policies/config";
import { initialConfig } from "../../policies/guard";
import { defaultsOf } from "../../policies/policy-definition";
import { ALL_POLICIES, findPolicy } from "../../policies/registry";

const rule = (name: string) => findPolicy(name)!;

describe("policy options", () => {
  it("fills every default from the option declarations", () => {
    expect(resolveOptions(rule("batch-network-rules-restricted"), {})).toEqual({
      minimumPrefixLength: 16,
      endpoints: ["accountAccess", "nodeManagementAccess"],
    });
    expect(resolveOptions(rule("batch-network-rules-restricted"), { minimumPrefixLength: 24, enforcementLevel: "mandatory" })).toEqual({
      minimumPrefixLength: 24,
      endpoints: ["accountAccess", "nodeManagementAccess"],
    });
  });

  it("returns fresh defaults (changing them changes no declaration)", () => {
    const a = resolveOptions(rule("batch-public-network-access-disabled"), {}) as { allowedValues: string[] };
    a.allowedValues.push("Enabled");
    expect(defaultsOf(rule("batch-public-network-access-disabled"))).toEqual({ allowedValues: ["Disabled"] });
  });

  it.each([
    [
      { minimumPrefixLenght: 24 },
      'batch-network-rules-restricted: unknown option "minimumPrefixLenght" (options: minimumPrefixLength, endpoints).',
    ],
    [{ minimumPrefixLength: "24" }, "batch-network-rules-restricted: option minimumPrefixLength must be integer."],
    [{ minimumPrefixLength: 33 }, "batch-network-rules-restricted: option minimumPrefixLength must be <= 32."],
    [
      { endpoints: ["accountAccess", "accountAccess"] },
      "batch-network-rules-restricted: option endpoints must NOT have duplicate items (items ## 1 and 0 are identical).",
    ],
    [
      { enforcementLevel: "strict" },
      'batch-network-rules-restricted: enforcementLevel must be equal to one of the allowed values ("advisory", "mandatory", "remediate", "disabled").',
    ],
  ])("rejects %j", (options, message) => {
    expect(() => resolveOptions(rule("batch-network-rules-restricted"), options)).toThrow(new PolicyConfigError(message));
  });
});

describe("validatePackConfig", () => {
  it("accepts the documented shape", () => {
    const config = {
      all: "mandatory",
      "batch-allowed-locations": { allowedLocations: ["westeurope"] },
      "batch-pool-no-certificates": "disabled",
    };
    expect(validatePackConfig(config, ALL_POLICIES)).toBe(config);
  });

  it("names an unknown policy, a bad level and a bad option", () => {
    expect(() => validatePackConfig({ "batch-nope": "mandatory" }, ALL_POLICIES)).toThrow(
      /"batch-nope" is not a policy of azure-batch-policies/,
    );
    expect(() => validatePackConfig({ all: "loud" }, ALL_POLICIES)).toThrow(
      'all: "loud" is not one of advisory, mandatory, remediate, disabled.',
    );
    expect(() => validatePackConfig({ "batch-required-tags": { requiredTag: ["x"] } }, ALL_POLICIES)).toThrow(
      'batch-required-tags: unknown option "requiredTag"',
    );
    expect(() => validatePackConfig({ "batch-required-tags": 3 }, ALL_POLICIES)).toThrow(
      "batch-required-tags: expected an enforcement level",
    );
  });
});

describe("BatchGuard's initial configuration", () => {
  it("resolves every policy's level (own entry, else all, else default) and options", () => {
    const config = initialConfig({
      all: "mandatory",
      "batch-allowed-locations": { allowedLocations: ["westeurope"] },
      "batch-managed-identity": "disabled",
    });
    expect(Object.keys(config)).toEqual(ALL_POLICIES.map((p) => p.name));
    expect(config["batch-allowed-locations"]).toEqual({ enforcementLevel: "mandatory", allowedLocations: ["westeurope"] });
    expect(config["batch-managed-identity"]).toMatchObject({ enforcementLevel: "disabled" });
    expect(config["batch-pool-no-public-ip"]).toEqual({ enforcementLevel: "mandatory" });
    expect(initialConfig({})["batch-pool-no-public-ip"]).toEqual({ enforcementLevel: "advisory" });
  });
});
