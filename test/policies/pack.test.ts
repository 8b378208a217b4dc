// The CrossGuard side: policy metadata, and validate/remediate run the way the @pulumi/policy server
// runs them (props behind the SDK's unknown-checking proxy).

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { PACK_NAME, policyPackArgs, toPolicy } from "../../policies/pack";
import { configSchemaOf, defaultsOf } from "../../policies/policy-definition";
import { ALL_POLICIES, findPolicy, RULES } from "../../policies/registry";
import { AZURE_NATIVE_BATCH_ACCOUNT, BATCH_ACCOUNT_REFERENCE, CLASSIC_BATCH_ACCOUNT } from "../../policies/resource-types";
import { compliantAccount, example } from "./examples";
import { remediate, resourceArgs, UNKNOWN, validate } from "./policy-args";
import { ruleNamed } from "./rule-harness";

function policy(name: string): ResourceValidationPolicy {
  const rule = ruleNamed(name);
  if (rule === undefined) throw new Error(`no rule ${name}`);
  return toPolicy(rule);
}

/** azure-native inputs that every declared-resource rule accepts. */
function compliantNative(): Record<string, unknown> {
  return {
    accountName: "goodacct",
    resourceGroupName: "rg1",
    location: "westeurope",
    tags: { costCenter: "42" },
    identity: { type: "SystemAssigned" },
    autoStorage: {
      storageAccountId: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1",
      authenticationMode: "BatchAccountManagedIdentity",
    },
    encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: { keyIdentifier: "https://kv1.vault.azure.net/keys/k1" } },
    publicNetworkAccess: "Disabled",
    allowedAuthenticationModes: ["AAD"],
  };
}

/** azure-native inputs with only the required ones: public, shared keys, no identity, no CMK. */
function bareNative(): Record<string, unknown> {
  return { accountName: "bareacct", resourceGroupName: "rg1", location: "westeurope" };
}

describe("policy pack metadata", () => {
  const args = policyPackArgs();

  it(`registers every rule once under ${PACK_NAME}`, () => {
    expect(PACK_NAME).toBe("azure-batch-policies");
    expect(args.policies.map((p) => p.name)).toEqual(ALL_POLICIES.map((r) => r.name));
    expect(new Set(args.policies.map((p) => p.name)).size).toBe(args.policies.length);
    expect(args.policies.map((p) => p.name).sort()).toEqual(
      [
        "batch-allowed-locations",
        "batch-auto-storage-managed-identity",
        "batch-customer-managed-key",
        "batch-local-auth-disabled",
        "batch-managed-identity",
        "batch-network-rules-restricted",
        "batch-private-link-approved",
        "batch-provisioning-succeeded",
        "batch-public-network-access-disabled",
        "batch-required-tags",
        "batch-user-subscription-key-vault",
        "batch-pool-disk-encryption",
        "batch-pool-no-public-ip",
        "batch-pool-virtual-network",
        "batch-pool-simplified-communication",
        "batch-pool-no-certificates",
        "batch-resource-logs-enabled",
        "batch-private-endpoint-dns-zone",
        "batch-private-endpoint-for-disabled-access",
      ].sort(),
    );
  });

  it("gives every policy a kebab-case name, a one-line description, a level, a severity, remediation steps and a reference", () => {
    for (const p of args.policies) {
      expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.description, p.name).not.toMatch(/\n/);
      expect(p.description.length, p.name).toBeLessThan(200);
      expect(["advisory", "mandatory"], p.name).toContain(p.enforcementLevel);
      expect(["low", "medium", "high", "critical"], p.name).toContain(p.severity);
      expect(p.remediationSteps, p.name).toBeTruthy();
      expect(p.url, p.name).toMatch(/^https:\/\//);
      const validation = "validateResource" in p ? p.validateResource : (p as { validateStack?: unknown }).validateStack;
      expect(typeof validation, p.name).toBe("function");
    }
  });

  it("derives every policy's config schema from its option declarations, each with a default and a description, never enforcementLevel", () => {
    for (const policy of policyPackArgs().policies) {
      const def = findPolicy(policy.name)!;
      expect(policy.configSchema, policy.name).toEqual(configSchemaOf(def));
      const properties = policy.configSchema!.properties;
      expect(properties, policy.name).not.toHaveProperty("enforcementLevel");
      expect(Object.keys(defaultsOf(def)).sort(), policy.name).toEqual(Object.keys(properties).sort());
      for (const [key, schema] of Object.entries(properties)) {
        expect(typeof schema === "object" && schema.default, `${policy.name}.${key}`).toEqual(
          (defaultsOf(def) as Record<string, unknown>)[key],
        );
        expect(typeof schema === "object" && schema.description, `${policy.name}.${key}`).toBeTruthy();
      }
    }
  });

  it("anchors every rule, and states where the Checkov CMK check differs", () => {
    for (const rule of RULES) expect(rule.anchors.length, rule.name).toBeGreaterThan(0);
    const cmk = ruleNamed("batch-customer-managed-key");
    expect(cmk.anchors.map((a) => a.id)).toEqual(["99e9ccd8-3db9-4592-b0d1-14b1715a4d8a", "DP-5", "CKV_AZURE_76"]);
    expect(cmk.anchors.find((a) => a.id === "CKV_AZURE_76")!.note).toContain("keyVaultReference");
    expect(ruleNamed("batch-local-auth-disabled").anchors[0]!.id).toBe("6f68b69f-05fe-49cd-b361-777ee9ca7e35");
    expect(ruleNamed("batch-public-network-access-disabled").anchors[0]!.id).toBe("74c5a0ae-5e48-4738-b093-65e23a060488");
    expect(ruleNamed("batch-private-link-approved").anchors[0]!.id).toBe("009a0c92-f5b4-4776-9b66-4ed2b4775563");
    expect(ruleNamed("batch-network-rules-restricted").anchors.map((a) => a.id)).toContain("CKV_AZURE_248");
  });

  it("offers remediation only where a safe fix exists", () => {
    const remediable = args.policies.filter((p) => "remediateResource" in p && p.remediateResource !== undefined).map((p) => p.name);
    expect(remediable.sort()).toEqual(["batch-local-auth-disabled", "batch-managed-identity", "batch-public-network-access-disabled"]);
  });
});

describe("validateResource", () => {
  it("passes compliant azure-native inputs on every declared-resource rule", async () => {
    for (const rule of RULES) {
      const run = await validate(toPolicy(rule), resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, compliantNative(), { name: "good" }));
      expect(run.violations, rule.name).toEqual([]);
      expect(run.notYetCheckable, rule.name).toEqual([]);
    }
  });

  it("reports bare azure-native inputs, naming the account and the property", async () => {
    const run = await validate(policy("batch-local-auth-disabled"), resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, bareNative()));
    expect(run.violations).toEqual([
      'Batch account "bareacct": allowedAuthenticationModes is not set, so Azure allows every mode, SharedKey included (allowed: ["AAD"]).',
    ]);
    const pna = await validate(policy("batch-public-network-access-disabled"), resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, bareNative()));
    expect(pna.violations).toEqual(['Batch account "bareacct": publicNetworkAccess is "Enabled" (allowed: ["Disabled"]).']);
  });

  it("names the classic input behind a model property", async () => {
    const run = await validate(
      policy("batch-public-network-access-disabled"),
      resourceArgs(CLASSIC_BATCH_ACCOUNT, {
        name: "classicacct",
        resourceGroupName: "rg",
        location: "westeurope",
        publicNetworkAccessEnabled: true,
      }),
    );
    expect(run.violations).toEqual([
      'Batch account "classicacct": publicNetworkAccess (input publicNetworkAccessEnabled) is "Enabled" (allowed: ["Disabled"]).',
    ]);
    const ip = await validate(
      policy("batch-network-rules-restricted"),
      resourceArgs(CLASSIC_BATCH_ACCOUNT, {
        name: "classicacct",
        networkProfile: { accountAccess: { ipRules: [{ ipRange: "0.0.0.0/0" }] }, nodeManagementAccess: { defaultAction: "Deny" } },
      }),
    );
    expect(ip.violations).toEqual([
      'Batch account "classicacct": networkProfile.accountAccess.ipRules[0].value (input networkProfile.accountAccess.ipRules[0].ipRange) is "0.0.0.0/0", wider than /16 (the widest range allowed).',
    ]);
  });

  it("uses the options getConfig() returns", async () => {
    const inputs = { ...compliantNative(), publicNetworkAccess: "SecuredByPerimeter" };
    const strict = await validate(policy("batch-public-network-access-disabled"), resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, inputs));
    expect(strict.violations).toHaveLength(1);
    const relaxed = await validate(
      policy("batch-public-network-access-disabled"),
      resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, inputs, { config: { allowedValues: ["Disabled", "SecuredByPerimeter"] } }),
    );
    expect(relaxed.violations).toEqual([]);
  });

  it("reports a value unknown during preview as not yet checkable (advisory), never as a crash or a violation", async () => {
    const run = await validate(
      policy("batch-public-network-access-disabled"),
      resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, { ...bareNative(), publicNetworkAccess: UNKNOWN }),
    );
    expect(run.violations).toEqual([]);
    expect(run.notYetCheckable).toEqual([
      'Batch account "bareacct": publicNetworkAccess is not known yet (it is computed during the deployment), so batch-public-network-access-disabled cannot be checked until it is.',
    ]);
    // Every rule survives a resource whose every input is unknown.
    const allUnknown = Object.fromEntries(Object.keys(compliantNative()).map((k) => [k, UNKNOWN]));
    for (const rule of RULES) {
      const config =
        rule.name === "batch-allowed-locations"
          ? { allowedLocations: ["westeurope"] }
          : rule.name === "batch-required-tags"
            ? { requiredTags: ["a"] }
            : {};
      const r = await validate(toPolicy(rule), resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, allUnknown, { config }));
      expect(r.violations, rule.name).toEqual([]);
      expect(r.notYetCheckable.length + (r.notApplicable === undefined ? 0 : 1), rule.name).toBe(1);
    }
  });

  it("does not apply to other resource types", async () => {
    const run = await validate(
      policy("batch-local-auth-disabled"),
      resourceArgs("azure-native:storage:StorageAccount", { accountName: "st" }),
    );
    expect(run.notApplicable).toContain(AZURE_NATIVE_BATCH_ACCOUNT);
    expect(run.violations).toEqual([]);
  });

  it("judges existing accounts through BatchAccountReference, and skips existing-only rules for declared ones", async () => {
    const failed = { ...example("PrivateBatchAccountGet.json"), provisioningState: "Failed" };
    const reference = await validate(
      policy("batch-provisioning-succeeded"),
      resourceArgs(BATCH_ACCOUNT_REFERENCE, { ...failed, accountName: "sampleacct", __provider: "p" }),
    );
    expect(reference.violations).toEqual(['Batch account "sampleacct": provisioningState is "Failed" (allowed: ["Succeeded"]).']);
    const link = await validate(
      policy("batch-private-link-approved"),
      resourceArgs(BATCH_ACCOUNT_REFERENCE, { ...example("BatchAccountGet.json"), __provider: "p" }),
    );
    expect(link.violations).toHaveLength(1);
    const ok = await validate(
      policy("batch-private-link-approved"),
      resourceArgs(BATCH_ACCOUNT_REFERENCE, { ...compliantAccount(), __provider: "p" }),
    );
    expect(ok.violations).toEqual([]);
    const declared = await validate(policy("batch-provisioning-succeeded"), resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, bareNative()));
    expect(declared.notApplicable).toContain("existing accounts");
  });
});

describe("remediateResource", () => {
  it("restricts authentication modes to AAD on azure-native and classic resources, and the fix then validates", async () => {
    const p = policy("batch-local-auth-disabled");
    const native = await remediate(
      p,
      resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, { ...bareNative(), allowedAuthenticationModes: ["SharedKey", "AAD"] }),
    );
    expect(native.props?.allowedAuthenticationModes).toEqual(["AAD"]);
    expect(native.props?.accountName).toBe("bareacct");
    expect((await validate(p, resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, native.props!))).violations).toEqual([]);
    const classic = await remediate(p, resourceArgs(CLASSIC_BATCH_ACCOUNT, { name: "c" }));
    expect(classic.props?.allowedAuthenticationModes).toEqual(["AAD"]);
    const keepToken = await remediate(
      p,
      resourceArgs(
        AZURE_NATIVE_BATCH_ACCOUNT,
        { ...bareNative(), allowedAuthenticationModes: ["TaskAuthenticationToken", "SharedKey"] },
        { config: { allowTaskAuthenticationToken: true } },
      ),
    );
    expect(keepToken.props?.allowedAuthenticationModes).toEqual(["AAD", "TaskAuthenticationToken"]);
  });

  it("disables public network access: publicNetworkAccess on azure-native, publicNetworkAccessEnabled on classic", async () => {
    const p = policy("batch-public-network-access-disabled");
    expect((await remediate(p, resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, bareNative()))).props?.publicNetworkAccess).toBe("Disabled");
    expect(
      (await remediate(p, resourceArgs(CLASSIC_BATCH_ACCOUNT, { name: "c", publicNetworkAccessEnabled: true }))).props
        ?.publicNetworkAccessEnabled,
    ).toBe(false);
    // Nothing to do when SecuredByPerimeter is the only allowed value (no safe value to pick).
    expect(
      (await remediate(p, resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, bareNative(), { config: { allowedValues: ["SecuredByPerimeter"] } })))
        .props,
    ).toBeUndefined();
  });

  it("adds a system-assigned identity where there is none", async () => {
    const p = policy("batch-managed-identity");
    expect(
      (await remediate(p, resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, { ...bareNative(), identity: { type: "None" } }))).props?.identity,
    ).toEqual({ type: "SystemAssigned" });
    expect((await remediate(p, resourceArgs(CLASSIC_BATCH_ACCOUNT, { name: "c" }))).props?.identity).toEqual({ type: "SystemAssigned" });
  });

  it("changes nothing on compliant inputs, on unknown values, or on existing accounts", async () => {
    const p = policy("batch-local-auth-disabled");
    expect((await remediate(p, resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, compliantNative()))).props).toBeUndefined();
    expect(
      (await remediate(p, resourceArgs(AZURE_NATIVE_BATCH_ACCOUNT, { ...bareNative(), allowedAuthenticationModes: UNKNOWN }))).props,
    ).toBeUndefined();
    const ref = await remediate(p, resourceArgs(BATCH_ACCOUNT_REFERENCE, { ...example("BatchAccountGet.json"), __provider: "p" }));
    expect(ref.props).toBeUndefined();
    expect(ref.notApplicable).toContain(AZURE_NATIVE_BATCH_ACCOUNT);
  });
});
