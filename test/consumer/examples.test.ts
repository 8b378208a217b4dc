// Every example stands alone: copied out of the repository into a temporary folder, with the
// packed library (and, for the inventory, the packed policy package) installed into it (and nothing
// else but what its package.json declares), it
// type-checks with its own TypeScript and previews with the real Pulumi CLI against the emulator,
// configured only by the settings the emulator prints (its ARM_SUBSCRIPTION_ID, token, endpoint
// and CA bundle), as a user pastes them.

import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmBatchAccount } from "../../emulator";
import { ENGINE_TIMEOUT_MS, type EngineSuite, expectSucceeded, startEngineSuite } from "../e2e/engine";
import {
  createScratchProject,
  installedCopies,
  NPM_INSTALL_TIMEOUT_MS,
  npmInstall,
  packLibrary,
  packPolicies,
  pulumiCopies,
  REPO_ROOT,
  removeScratchProject,
  repoPackageVersion,
  typeCheck,
} from "../support/consumer";

let suite: EngineSuite;
beforeAll(async () => {
  suite = await startEngineSuite("standalone-examples");
}, 60_000);
afterAll(async () => {
  await suite?.stop();
});

/** The files of an example directory (no node_modules), as a user copies them. */
function exampleFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) files[entry.name] = fs.readFileSync(path.join(dir, entry.name), "utf8");
  }
  return files;
}

/** The emulator's default subscription and its sampleacct, the account the examples look up by default. */
function defaultAccount(): ArmBatchAccount & { properties: Record<string, any> } {
  const subscriptionId = suite.emulator.env.ARM_SUBSCRIPTION_ID!;
  const account = suite.emulator.getAccount({
    subscriptionId,
    resourceGroupName: "default-azurebatch-japaneast",
    accountName: "sampleacct",
  });
  if (account === undefined) throw new Error(`the emulator's default subscription ${subscriptionId} has no sampleacct`);
  return account as ArmBatchAccount & { properties: Record<string, any> };
}

/** Previews a copied stack with only the settings the emulator prints. */
async function previewWithPrintedSettings(dir: string, stackName: string) {
  return expectSucceeded(await suite.run({ dir, operation: "preview", stackName, emulatorConfig: false, env: { ...suite.emulator.env } }));
}

describe.each(["inventory", "wiring"])("examples/%s copied out of the repository", (name) => {
  let dir: string;
  beforeAll(async () => {
    const source = path.join(REPO_ROOT, "examples", name);
    const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
    // What it declares: a version range of the library (and of the policy package for the
    // inventory), @pulumi/pulumi, its own TypeScript.
    expect(manifest.dependencies["azure-batch-lookup"]).toMatch(/^\^\d/);
    expect(manifest.dependencies["@pulumi/pulumi"]).toMatch(/^\^3\./);
    expect(Object.keys(manifest.devDependencies ?? {}).sort()).toEqual(["@types/node", "typescript"]);
    const usesPolicies = manifest.dependencies["azure-batch-policies"] !== undefined;
    if (name === "inventory") expect(manifest.dependencies["azure-batch-policies"]).toMatch(/^\^\d/);
    dir = createScratchProject(`example-${name}`, exampleFiles(source));
    await npmInstall(dir, usesPolicies ? [await packLibrary(), await packPolicies()] : [await packLibrary()]);
  }, NPM_INSTALL_TIMEOUT_MS);
  afterAll(() => removeScratchProject(dir));

  it("installs one @pulumi/pulumi and its own TypeScript, and type-checks with it", async () => {
    expect(pulumiCopies(dir)).toHaveLength(1);
    expect(installedCopies(dir, "typescript")).toEqual([path.join(dir, "node_modules", "typescript")]);
    await typeCheck(dir);
  }, 120_000);

  it(
    "previews against the emulator with the printed settings",
    async () => {
      const preview = await previewWithPrintedSettings(dir, `standalone-${name}`);
      const account = defaultAccount();
      if (name === "wiring") {
        expect(preview.outputs).toMatchObject({
          accountEndpoint: account.properties.accountEndpoint,
          autoStorageAccountId: account.properties.autoStorage.storageAccountId,
        });
      } else {
        const subscriptionId = suite.emulator.env.ARM_SUBSCRIPTION_ID!;
        expect(preview.outputs.accountCount).toBe(suite.emulator.listAccounts({ subscriptionId }).length);
        expect(preview.outputs.accountCount).toBeGreaterThan(0);
        expect(Object.keys(preview.outputs.accountsPerSubscriptionAndLocation as object)).toEqual([subscriptionId]);
        expect(typeof preview.outputs.failingMandatoryRules).toBe("object");
      }
    },
    ENGINE_TIMEOUT_MS,
  );
});

describe("the quickstart (Pulumi.yaml and index.ts of the repository root) in a new project", () => {
  let dir: string;
  beforeAll(async () => {
    dir = createScratchProject("quickstart", {
      "Pulumi.yaml": fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"),
      "index.ts": fs.readFileSync(path.join(REPO_ROOT, "index.ts"), "utf8"),
      // The repository root's tsconfig.json builds the library; a project of its own takes the
      // examples' (what the README's quickstart points to).
      "tsconfig.json": fs.readFileSync(path.join(REPO_ROOT, "examples", "wiring", "tsconfig.json"), "utf8"),
    });
    // As "Using the library" says: the library next to @pulumi/pulumi (and TypeScript).
    await npmInstall(dir, [
      await packLibrary(),
      `@pulumi/pulumi@${repoPackageVersion("@pulumi/pulumi")}`,
      `typescript@${repoPackageVersion("typescript")}`,
      `@types/node@${repoPackageVersion("@types/node")}`,
    ]);
  }, NPM_INSTALL_TIMEOUT_MS);
  afterAll(() => removeScratchProject(dir));

  it("type-checks with its own TypeScript", async () => {
    await typeCheck(dir);
  }, 120_000);

  it(
    "previews against the emulator with the printed settings",
    async () => {
      const account = defaultAccount();
      const preview = await previewWithPrintedSettings(dir, "standalone-quickstart");
      expect(preview.outputs).toMatchObject({
        accountId: account.id,
        accountEndpoint: account.properties.accountEndpoint,
        autoStorageAccountId: account.properties.autoStorage.storageAccountId,
        referencedAccountEndpoint: account.properties.accountEndpoint,
      });
    },
    ENGINE_TIMEOUT_MS,
  );
});
