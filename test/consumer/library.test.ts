// The packed library in a user's project, outside the repository: `npm pack`, a scratch project
// under os.tmpdir(), `npm install <tarball> @pulumi/pulumi@<version>` with the newest
// @pulumi/pulumi the registry serves and with the lowest of the peer range. In each:
// - npm prints no warning about this package, and there is one copy of @pulumi/pulumi;
// - a Pulumi program, a CommonJS script and an ES module script type-check under `strict` and
//   `module: nodenext` (declarations included) with the project's own TypeScript;
// - the scripts run against the emulator;
// - the program runs through the real Pulumi CLI (preview, then up) against the emulator, on the
//   project's own @pulumi/pulumi: lookups as Outputs and a registered BatchAccountReference.

import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES_SUBSCRIPTION_ID } from "../../emulator";
import { ENGINE_TIMEOUT_MS, type EngineSuite, expectSucceeded, SAMPLE, sampleAccount, startEngineSuite } from "../e2e/engine";
import {
  type CommandResult,
  createScratchProject,
  installedVersion,
  linesMentioning,
  lowestPeerPulumiVersion,
  NPM_INSTALL_TIMEOUT_MS,
  newestPulumiVersion,
  npmInstall,
  packLibrary,
  pulumiCopies,
  removeScratchProject,
  repoPackageVersion,
  runOk,
  strictNodeNextTsconfig,
  typeCheck,
  typescriptFor,
} from "../support/consumer";

const PROJECT_SOURCES = path.join(__dirname, "project");

function projectFiles(): Record<string, string> {
  const files: Record<string, string> = {
    "tsconfig.json": strictNodeNextTsconfig({ include: ["program.ts", "lookups.cts", "lookups.mts"] }),
  };
  for (const name of fs.readdirSync(PROJECT_SOURCES)) files[name] = fs.readFileSync(path.join(PROJECT_SOURCES, name), "utf8");
  // The same script as an ES module: compiled to `import` instead of `require`.
  files["lookups.mts"] = files["lookups.cts"]!.replace(
    "// A plain CommonJS script (compiled to `require`)",
    "// A plain ES module script (compiled to `import`)",
  );
  return files;
}

let suite: EngineSuite;
beforeAll(async () => {
  suite = await startEngineSuite("consumer");
}, 60_000);
afterAll(async () => {
  await suite?.stop();
});

// AZURE_BATCH_LOOKUP_PULUMI_VERSIONS=3.130.0,3.140.0 runs the same checks with other versions
// (how the lowest supported version was found).
const requested = process.env.AZURE_BATCH_LOOKUP_PULUMI_VERSIONS?.split(",")
  .map((v) => v.trim())
  .filter((v) => v !== "");
const versions: Array<[label: string, version: () => string | Promise<string>]> = requested?.length
  ? requested.map((v) => [`@pulumi/pulumi ${v}`, () => v])
  : [
      ["the newest @pulumi/pulumi", newestPulumiVersion],
      ["the lowest @pulumi/pulumi of the peer range", lowestPeerPulumiVersion],
    ];

describe.each(versions)("a user's project with %s", (_label, versionOf) => {
  let dir: string;
  let pulumiVersion: string;
  let install: CommandResult;

  beforeAll(async () => {
    pulumiVersion = await versionOf();
    const tarball = await packLibrary();
    dir = createScratchProject(`pulumi-${pulumiVersion}`, projectFiles());
    install = await npmInstall(dir, [
      tarball,
      `@pulumi/pulumi@${pulumiVersion}`,
      await typescriptFor(pulumiVersion),
      `@types/node@${repoPackageVersion("@types/node")}`,
    ]);
  }, NPM_INSTALL_TIMEOUT_MS);
  afterAll(() => removeScratchProject(dir));

  it("installs with no warning about this package and exactly one @pulumi/pulumi", () => {
    expect(linesMentioning(install, "azure-batch-lookup")).toEqual([]);
    expect(installedVersion(dir, "@pulumi/pulumi")).toBe(pulumiVersion);
    expect(pulumiCopies(dir)).toEqual([path.join(dir, "node_modules", "@pulumi", "pulumi")]);
  });

  it("type-checks the program and the CommonJS and ES module scripts (strict, nodenext)", async () => {
    await typeCheck(dir);
    for (const out of ["program.js", "lookups.cjs", "lookups.mjs"]) expect(fs.existsSync(path.join(dir, "out", out)), out).toBe(true);
  }, 120_000);

  it.each([
    ["lookups.cjs", "commonjs"],
    ["lookups.mjs", "esm"],
  ])(
    "runs %s against the emulator",
    async (script, moduleKind) => {
      const account = sampleAccount(suite);
      const r = await runOk("node", [path.join("out", script)], dir, {
        env: {
          NODE_EXTRA_CA_CERTS: suite.emulator.caCertPath,
          EMULATOR_URL: suite.emulator.url,
          EMULATOR_TOKEN: suite.emulator.token,
          EMULATOR_SUBSCRIPTION_ID: EXAMPLES_SUBSCRIPTION_ID,
        },
        timeoutMs: 60_000,
      });
      const listed = suite.emulator
        .listAccounts({ subscriptionId: EXAMPLES_SUBSCRIPTION_ID })
        .map((a) => a.id)
        .sort();
      expect(listed.length).toBeGreaterThan(1);
      expect(JSON.parse(r.stdout)).toEqual({
        module: moduleKind,
        accountId: account.id,
        accountEndpoint: account.properties.accountEndpoint,
        autoStorageAccountId: account.properties.autoStorage.storageAccountId,
        publicNetworkAccess: account.properties.publicNetworkAccess ?? "Enabled",
        azureApiVersion: "2024-07-01",
        listed,
        rejected: { code: "InvalidArgument", target: "accountName" },
        apiVersion: "2024-07-01",
        referenceType: "pulumi-nodejs:dynamic/azurebatch:BatchAccountReference",
        outputForms: ["function", "function", "function"],
      });
    },
    60_000,
  );

  it(
    "runs the program with the real Pulumi CLI: preview, then up",
    async () => {
      const account = sampleAccount(suite);
      const inGroup = suite.emulator
        .listAccounts({ subscriptionId: SAMPLE.subscriptionId, resourceGroupName: SAMPLE.resourceGroupName })
        .map((a) => a.name)
        .sort();
      const expected = {
        accountId: account.id,
        accountEndpoint: account.properties.accountEndpoint,
        autoStorageAccountId: account.properties.autoStorage.storageAccountId,
        accountNamesInGroup: inGroup,
        referenceEndpoint: account.properties.accountEndpoint,
        referenceLocation: account.location,
        referenceType: "pulumi-nodejs:dynamic/azurebatch:BatchAccountReference",
      };
      const stackName = `consumer-${pulumiVersion.replace(/\W/g, "-")}`;
      const program = path.join(dir, "out", "program.js");
      expect(fs.existsSync(program)).toBe(true);

      const preview = expectSucceeded(await suite.run({ dir, operation: "preview", stackName, program }));
      expect(preview.outputs).toEqual(expected);
      expect(preview.steps.find((s) => s.type.endsWith(":BatchAccountReference"))?.op).toBe("create");

      const up = expectSucceeded(await suite.run({ dir, operation: "up", stackName, program }));
      expect(up.changeSummary).toMatchObject({ create: 2 });
      expect(up.outputs).toEqual(expected);
    },
    ENGINE_TIMEOUT_MS,
  );
});
