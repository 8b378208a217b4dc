// The package's stack policies and load-time configuration check on the real engine: `pulumi
// preview --policy-pack policies` of the quickstart stack, which references the emulator's
// sampleacct (BatchAccountGet.json) through BatchAccountReference. (Pool rules judge declared
// azure-native/classic pools, whose providers are not installed here; test/policies/analyze.test.ts
// runs them through the real CLI's `pulumi policy analyze`.)

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ENGINE_TIMEOUT_MS, type EngineSuite, expectSucceeded, POLICY_PACK_DIR, REPO_ROOT, SAMPLE, startEngineSuite } from "./engine";

let suite: EngineSuite;
beforeAll(async () => {
  suite = await startEngineSuite("policies-estate");
}, 60_000);
afterAll(async () => {
  await suite?.stop();
});
afterEach(() => {
  suite.emulator.resetData();
});

const preview = (packConfig: Record<string, unknown>) =>
  suite.run({ dir: REPO_ROOT, operation: "preview", stackName: "estate", policyPacks: [POLICY_PACK_DIR], policyPackConfigs: [packConfig] });

describe("stack policies during preview", () => {
  it(
    "batch-resource-logs-enabled fails the preview: the referenced account has no diagnostic setting in the stack",
    async () => {
      const result = await preview({ all: "disabled", "batch-resource-logs-enabled": "mandatory" });
      expect(result.ok).toBe(false);
      expect(result.policies).toHaveLength(1);
      expect(result.policies[0]).toMatchObject({
        policyPackName: "azure-batch-policies",
        policyName: "batch-resource-logs-enabled",
        enforcementLevel: "mandatory",
      });
      expect(result.policies[0]!.message).toContain(
        'Batch account "sampleacct": resource logs are not enabled: no diagnostic setting in the stack targets it.',
      );
      expect(result.policies[0]!.resourceUrn).toContain("BatchAccountReference::batch-account");
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "batch-private-endpoint-for-disabled-access: an account without public access and without an Approved connection",
    async () => {
      const config = { all: "disabled", "batch-private-endpoint-for-disabled-access": "mandatory" };
      // Public access on: the rule has nothing to say.
      expect(expectSucceeded(await preview(config)).policies).toEqual([]);
      suite.emulator.patchAccount(SAMPLE, { properties: { publicNetworkAccess: "disabled" } });
      const result = await preview(config);
      expect(result.ok).toBe(false);
      expect(result.policies.map((p) => p.policyName)).toEqual(["batch-private-endpoint-for-disabled-access"]);
      expect(result.policies[0]!.message).toContain(
        'Batch account "sampleacct": publicNetworkAccess is "Disabled" but it has no Approved private endpoint connection',
      );
    },
    ENGINE_TIMEOUT_MS,
  );
});

describe("a misconfigured pack fails at load", () => {
  it(
    "a misspelled option stops the preview before any resource is judged, naming the policy and the option",
    async () => {
      const result = await preview({ "batch-network-rules-restricted": { minimumPrefixLenght: 24 } });
      expect(result.ok).toBe(false);
      expect(result.policies).toEqual([]);
      expect(result.error).toMatch(
        /error: configuring policy pack "azure-batch-policies" at "[^"]+": batch-network-rules-restricted: unknown option "minimumPrefixLenght" \(options: minimumPrefixLength, endpoints\)\./,
      );
      // No policy summary shows the pack as passing.
      expect(result.stdout).not.toContain("✅");
    },
    ENGINE_TIMEOUT_MS,
  );
});
