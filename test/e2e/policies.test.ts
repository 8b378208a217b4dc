// The policy pack (policies/) judging the account a stack references, on the real engine:
// `pulumi preview --policy-pack policies --policy-pack-config <file>` of the quickstart stack.
// The program only names the account; the policies see its real properties because the
// reference's provider reads them in `check`. A non-compliant account fails the preview when the
// policy is mandatory and warns when it is advisory; the same stack passes once the account is fixed.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BATCH_ACCOUNT_REFERENCE_TYPE as REFERENCE_TYPE } from "../../provider/model/batch-account";
import { ENGINE_TIMEOUT_MS, type EngineSuite, expectSucceeded, POLICY_PACK_DIR, REPO_ROOT, SAMPLE, startEngineSuite } from "./engine";

const PUBLIC_ACCESS_RULE = "batch-public-network-access-disabled";

let suite: EngineSuite;
beforeAll(async () => {
  suite = await startEngineSuite("policies");
}, 60_000);
afterAll(async () => {
  await suite?.stop();
});
afterEach(() => {
  suite.emulator.resetData();
});

/** Only the public network access rule, at the given level. */
const onlyPublicAccess = (level: "mandatory" | "advisory") => ({ all: "disabled", [PUBLIC_ACCESS_RULE]: level });

const preview = (packConfig: Record<string, unknown>) =>
  suite.run({
    dir: REPO_ROOT,
    operation: "preview",
    stackName: "policies",
    policyPacks: [POLICY_PACK_DIR],
    policyPackConfigs: [packConfig],
  });

describe("policy pack on a referenced account", () => {
  it(
    "a mandatory policy fails the preview because the referenced account allows public network access",
    async () => {
      expect(suite.emulator.getAccount(SAMPLE)?.properties?.publicNetworkAccess).toBe("Enabled");
      const result = await preview(onlyPublicAccess("mandatory"));
      expect(result.ok).toBe(false);
      expect(result.policies).toHaveLength(1);
      const [violation] = result.policies;
      expect(violation).toMatchObject({
        policyPackName: "azure-batch-policies",
        policyName: PUBLIC_ACCESS_RULE,
        enforcementLevel: "mandatory",
      });
      expect(violation!.resourceUrn).toContain(`${REFERENCE_TYPE}::batch-account`);
      expect(violation!.message).toMatch(/sampleacct/);
      expect(violation!.message).toMatch(/Enabled/);
      // The engine itself reports the failure, as `pulumi preview` does on a terminal.
      expect(result.stdout).toMatch(/\[mandatory\][^\n]*batch-public-network-access-disabled/);
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "the same policy at advisory level warns and lets the preview succeed",
    async () => {
      const result = expectSucceeded(await preview(onlyPublicAccess("advisory")));
      expect(result.policies).toHaveLength(1);
      expect(result.policies[0]).toMatchObject({ policyName: PUBLIC_ACCESS_RULE, enforcementLevel: "advisory" });
      expect(result.stdout).toMatch(/\[advisory\][^\n]*batch-public-network-access-disabled/);
      // The lookups still resolved.
      expect(result.outputs.accountEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "once the account is fixed in Azure, the mandatory policy passes without any change to the stack",
    async () => {
      suite.emulator.patchAccount(SAMPLE, { properties: { publicNetworkAccess: "Disabled" } });
      const result = expectSucceeded(await preview(onlyPublicAccess("mandatory")));
      expect(result.policies).toEqual([]);
      expect(result.outputs.referencedPublicNetworkAccess).toBe("Disabled");
    },
    ENGINE_TIMEOUT_MS,
  );
});
