// Every example stack (the root quickstart and examples/*), with the real Pulumi CLI against the
// emulator: `pulumi preview` resolves the lookups and its outputs hold the emulator's values;
// `pulumi up` then records them as stack outputs. The expected values are read from the
// emulator's own data (raw ARM JSON), not computed with the library under test.

import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArmBatchAccount, CONTOSO_SUBSCRIPTION_ID, EXAMPLES_SUBSCRIPTION_ID } from "../../emulator";
import { checkBatchAccount } from "../../policies/check";
import { parseBatchAccount } from "../../provider/model/parse-batch-account";
import { ENGINE_TIMEOUT_MS, type EngineSuite, EXAMPLES_DIR, expectSucceeded, REPO_ROOT, sampleAccount, startEngineSuite } from "./engine";

let suite: EngineSuite;
beforeAll(async () => {
  suite = await startEngineSuite("examples");
}, 60_000);
afterAll(async () => {
  await suite?.stop();
});

describe("quickstart stack (root Pulumi.yaml)", () => {
  it(
    "preview resolves the lookup and the reference to the emulator's account",
    async () => {
      const account = sampleAccount(suite);
      const preview = expectSucceeded(await suite.run({ dir: REPO_ROOT, operation: "preview", stackName: "quickstart" }));
      expect(preview.outputs).toEqual({
        accountId: account.id,
        accountEndpoint: account.properties.accountEndpoint,
        autoStorageAccountId: account.properties.autoStorage.storageAccountId,
        referencedAccountEndpoint: account.properties.accountEndpoint,
        referencedLocation: account.location,
        referencedPublicNetworkAccess: account.properties.publicNetworkAccess,
      });
      expect(preview.steps.find((s) => s.type.endsWith(":BatchAccountReference"))?.op).toBe("create");
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "up records the endpoint and the auto-storage id as stack outputs",
    async () => {
      const account = sampleAccount(suite);
      const up = expectSucceeded(await suite.run({ dir: REPO_ROOT, operation: "up", stackName: "quickstart" }));
      expect(up.changeSummary).toMatchObject({ create: 2 });
      const outputs = expectSucceeded(await suite.run({ dir: REPO_ROOT, operation: "outputs", stackName: "quickstart" })).outputs;
      expect(outputs.accountEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
      expect(outputs.accountEndpoint).toBe(account.properties.accountEndpoint);
      expect(outputs.autoStorageAccountId).toBe(account.properties.autoStorage.storageAccountId);
    },
    ENGINE_TIMEOUT_MS,
  );
});

describe("configuration only: the same program, other sources of the same settings", () => {
  it(
    "azure-native:subscriptionId and ARM_* / AZURE_BATCH_LOOKUP_TOKEN environment variables reach the lookups and the reference's provider",
    async () => {
      const account = sampleAccount(suite);
      const preview = expectSucceeded(
        await suite.run({
          dir: REPO_ROOT,
          operation: "preview",
          stackName: "env-config",
          emulatorConfig: false,
          config: { "azure-native:subscriptionId": EXAMPLES_SUBSCRIPTION_ID },
          env: { ARM_RESOURCE_MANAGER_ENDPOINT: suite.emulator.url, AZURE_BATCH_LOOKUP_TOKEN: suite.emulator.token },
        }),
      );
      expect(preview.outputs.accountEndpoint).toBe(account.properties.accountEndpoint);
      // Read by the dynamic provider in its own process, during `check`.
      expect(preview.outputs.referencedAccountEndpoint).toBe(account.properties.accountEndpoint);
    },
    ENGINE_TIMEOUT_MS,
  );
});

describe("examples/inventory", () => {
  const dir = path.join(EXAMPLES_DIR, "inventory");

  /** The inventory of `subscriptionId`, or of every subscription when undefined. */
  function expectedInventory(subscriptionId: string | undefined) {
    const accounts = suite.emulator.listAccounts(subscriptionId === undefined ? {} : { subscriptionId }) as Array<
      ArmBatchAccount & { properties?: Record<string, any> }
    >;
    const label = (a: ArmBatchAccount) => `${a.id.split("/")[4]}/${a.name}`;
    const byLocation: Record<string, string[]> = {};
    const perSubscription: Record<string, Record<string, number>> = {};
    for (const a of accounts) {
      (byLocation[a.location] ??= []).push(label(a));
      const counts = (perSubscription[a.id.split("/")[2]!] ??= {});
      counts[a.location] = (counts[a.location] ?? 0) + 1;
    }
    for (const names of Object.values(byLocation)) names.sort();
    const open = accounts
      .filter((a) => (a.properties?.publicNetworkAccess ?? "Enabled") === "Enabled")
      .map(label)
      .sort();
    // The policy pack's verdict on each account, as the pack's own checkBatchAccount gives it.
    const failing: Record<string, string[]> = {};
    for (const a of accounts) {
      const result = checkBatchAccount(parseBatchAccount(a), undefined, { existing: true });
      const rules = [...new Set(result.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName))].sort();
      if (rules.length > 0) failing[`${a.id.split("/")[2]}/${label(a)}`] = rules;
    }
    return {
      accountCount: accounts.length,
      accountsByLocation: byLocation,
      accountsPerSubscriptionAndLocation: perSubscription,
      publicNetworkAccessEnabled: open,
      failingMandatoryRules: failing,
    };
  }

  it(
    "preview lists every account of the subscription, grouped by location, and the public ones",
    async () => {
      const expected = expectedInventory(CONTOSO_SUBSCRIPTION_ID);
      expect(expected.accountCount).toBeGreaterThan(3);
      expect(Object.keys(expected.accountsByLocation).length).toBeGreaterThan(1);
      const preview = expectSucceeded(
        await suite.run({ dir, operation: "preview", config: suite.emulatorConfig(CONTOSO_SUBSCRIPTION_ID) }),
      );
      expect(preview.outputs).toEqual(expected);
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "follows every page of the list (page size 2)",
    async () => {
      suite.emulator.setPaging({ pageSize: 2 });
      try {
        const expected = expectedInventory(CONTOSO_SUBSCRIPTION_ID);
        const up = expectSucceeded(await suite.run({ dir, operation: "up", config: suite.emulatorConfig(CONTOSO_SUBSCRIPTION_ID) }));
        expect(up.outputs).toEqual(expected);
      } finally {
        suite.emulator.setPaging({ pageSize: 100 });
      }
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "lists one resource group when configured",
    async () => {
      const preview = expectSucceeded(
        await suite.run({
          dir,
          operation: "preview",
          stackName: "one-group",
          config: { ...suite.emulatorConfig(CONTOSO_SUBSCRIPTION_ID), resourceGroupName: "rg-batch-prod-westeurope" },
        }),
      );
      expect(preview.outputs.accountsByLocation).toEqual({
        westeurope: ["rg-batch-prod-westeurope/contosonetrules", "rg-batch-prod-westeurope/contosoprodweu"],
      });
    },
    ENGINE_TIMEOUT_MS,
  );

  it.each([
    ["the tenant through Resource Graph", { scope: "tenant" }],
    ["the tenant through ARM", { scope: "tenant", source: "arm" }],
    ["two subscriptions", { scope: JSON.stringify([CONTOSO_SUBSCRIPTION_ID, EXAMPLES_SUBSCRIPTION_ID]) }],
  ] as Array<[string, Record<string, string>]>)(
    "the tenant view: %s",
    async (_name, scopeConfig) => {
      const expected =
        scopeConfig.scope === "tenant"
          ? expectedInventory(undefined)
          : (() => {
              const [a, b] = [expectedInventory(CONTOSO_SUBSCRIPTION_ID), expectedInventory(EXAMPLES_SUBSCRIPTION_ID)];
              const byLocation: Record<string, string[]> = {};
              for (const [location, names] of [...Object.entries(a.accountsByLocation), ...Object.entries(b.accountsByLocation)]) {
                byLocation[location] = [...(byLocation[location] ?? []), ...names].sort();
              }
              return {
                accountCount: a.accountCount + b.accountCount,
                accountsByLocation: byLocation,
                accountsPerSubscriptionAndLocation: { ...a.accountsPerSubscriptionAndLocation, ...b.accountsPerSubscriptionAndLocation },
                publicNetworkAccessEnabled: [...a.publicNetworkAccessEnabled, ...b.publicNetworkAccessEnabled].sort(),
                failingMandatoryRules: { ...a.failingMandatoryRules, ...b.failingMandatoryRules },
              };
            })();
      expect(Object.keys(expected.accountsPerSubscriptionAndLocation).length).toBeGreaterThan(1);
      const preview = expectSucceeded(
        await suite.run({
          dir,
          operation: "preview",
          stackName: `tenant-${scopeConfig.source ?? (scopeConfig.scope === "tenant" ? "graph" : "two")}`,
          config: { ...suite.emulatorConfig(CONTOSO_SUBSCRIPTION_ID), ...scopeConfig },
        }),
      );
      expect(preview.outputs).toEqual(expected);
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "a mandatory rule's failures follow the pack configuration",
    async () => {
      const expected = expectedInventory(CONTOSO_SUBSCRIPTION_ID);
      expect(Object.keys(expected.failingMandatoryRules).length).toBeGreaterThan(0);
      const preview = expectSucceeded(
        await suite.run({
          dir,
          operation: "preview",
          stackName: "all-advisory",
          config: { ...suite.emulatorConfig(CONTOSO_SUBSCRIPTION_ID), policyConfig: JSON.stringify({ all: "advisory" }) },
        }),
      );
      expect(preview.outputs.failingMandatoryRules).toEqual({});
      expect(preview.outputs.accountCount).toBe(expected.accountCount);
    },
    ENGINE_TIMEOUT_MS,
  );
});

describe("examples/wiring", () => {
  const dir = path.join(EXAMPLES_DIR, "wiring");

  it(
    "preview passes the endpoint and the auto-storage id on to the worker settings",
    async () => {
      const account = sampleAccount(suite);
      const storageId: string = account.properties.autoStorage.storageAccountId;
      const preview = expectSucceeded(await suite.run({ dir, operation: "preview" }));
      expect(preview.outputs).toEqual({
        accountEndpoint: account.properties.accountEndpoint,
        autoStorageAccountId: storageId,
        batchAccountUrl: `https://${account.properties.accountEndpoint}`,
        storageAccountName: "samplestorage",
        workerEnvironment: {
          AZURE_BATCH_ACCOUNT_URL: `https://${account.properties.accountEndpoint}`,
          AZURE_BATCH_POOL_ID: "render-pool",
          AZURE_STORAGE_ACCOUNT_ID: storageId,
          AZURE_STORAGE_ACCOUNT_NAME: "samplestorage",
        },
      });
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "up stores the wired values in the consuming resource and the stack outputs",
    async () => {
      const account = sampleAccount(suite);
      expectSucceeded(await suite.run({ dir, operation: "up" }));
      const outputs = expectSucceeded(await suite.run({ dir, operation: "outputs" })).outputs;
      expect(outputs.accountEndpoint).toBe(account.properties.accountEndpoint);
      expect(outputs.autoStorageAccountId).toBe(account.properties.autoStorage.storageAccountId);
      const exported = expectSucceeded(await suite.run({ dir, operation: "export" }));
      const resources = (exported.deployment as any).deployment.resources as Array<{ type: string; outputs?: any }>;
      const worker = resources.find((r) => r.type === "examples:batch:WorkerSettings");
      expect(worker?.outputs?.environment?.AZURE_BATCH_ACCOUNT_URL).toBe(`https://${account.properties.accountEndpoint}`);
      expect(worker?.outputs?.storageAccountName).toBe("samplestorage");
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "fails the preview with an explanation when the account has no auto-storage",
    async () => {
      const preview = await suite.run({
        dir,
        operation: "preview",
        stackName: "no-storage",
        config: {
          ...suite.emulatorConfig(CONTOSO_SUBSCRIPTION_ID),
          accountName: "contosoperimeter",
          resourceGroupName: "RG-Batch-HPC-EastUS",
        },
      });
      expect(preview.ok).toBe(false);
      expect(`${preview.stdout}\n${preview.error}`).toMatch(/has no auto-storage account/);
    },
    ENGINE_TIMEOUT_MS,
  );
});

describe("the example programs type-check", () => {
  const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  const typecheck = (args: string[]): void => {
    try {
      execFileSync(process.execPath, [tsc, ...args], { cwd: REPO_ROOT, encoding: "utf8" });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`tsc ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? ""}${e.message}`);
    }
  };

  it.each(["inventory", "wiring"])(
    "examples/%s",
    (name) => {
      typecheck(["-p", path.join(EXAMPLES_DIR, name, "tsconfig.json")]);
    },
    60_000,
  );

  it("the root quickstart program (index.ts)", () => {
    typecheck([
      "--ignoreConfig",
      "--noEmit",
      "--strict",
      "--module",
      "commonjs",
      "--moduleResolution",
      "node10",
      "--target",
      "ES2022",
      "--lib",
      "ES2023",
      "--types",
      "node",
      "--esModuleInterop",
      "--skipLibCheck",
      "--ignoreDeprecations",
      "6.0",
      "index.ts",
    ]);
  }, 60_000);
});
