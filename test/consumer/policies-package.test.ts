// azure-batch-policies as a user gets it: both packages packed, installed from their tarballs into
// scratch projects outside the repository (with the newest @pulumi/policy and @pulumi/pulumi the
// registry serves), type-checked, and run with the real Pulumi CLI both ways:
//   - the ready pack: `pulumi preview --policy-pack <stack>/node_modules/azure-batch-policies`;
//   - a policy pack project of the user's own that constructs `new BatchGuard({...})`.
// The stack references the emulator's sampleacct (BatchAccountGet.json) with BatchAccountReference
// and previews through its own @pulumi/pulumi's Automation API (inline program), as the language
// host is not available here (see docs/development.md, "Examples and the Pulumi engine").

import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { driver } from "../e2e/engine";
import { createScratchProject, npmInstall, packLibrary, packPolicies, REPO_ROOT, removeScratchProject } from "../support/consumer";

const TIMEOUT = 15 * 60_000;

const STACK_PROGRAM = `// A user's stack: an existing Batch account it depends on.
const { BatchAccountReference } = require("azure-batch-lookup");
const reference = new BatchAccountReference("batch-account", { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast" });
module.exports = { endpoint: reference.accountEndpoint };
`;

// Previews the stack with its own @pulumi/pulumi (inline program), printing one JSON line.
const RUNNER = `const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const [packDir, configFile] = process.argv.slice(2);
(async () => {
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "consumer", projectName: "consumer-stack", program: async () => require("./index.js") },
    { workDir: __dirname },
  );
  await stack.setAllConfig(JSON.parse(process.env.CONSUMER_CONFIG));
  const policies = [];
  let error;
  try {
    await stack.preview({ policyPacks: [packDir], policyPackConfigs: configFile ? [configFile] : undefined, onEvent: (e) => e.policyEvent && policies.push(e.policyEvent) });
  } catch (e) {
    error = String(e && e.message ? e.message : e);
  }
  console.log(JSON.stringify({ ok: error === undefined, error, policies }));
})();
`;

const OWN_PACK = `import { BatchGuard, type BatchPolicyConfig } from "azure-batch-policies";

const config: BatchPolicyConfig = {
  all: "disabled",
  "batch-public-network-access-disabled": "mandatory",
  "batch-resource-logs-enabled": { enforcementLevel: "advisory" },
};
new BatchGuard(config, { name: "my-batch-guard" });
`;

interface Preview {
  ok: boolean;
  error?: string;
  policies: { policyPackName: string; policyName: string; enforcementLevel: string; message: string }[];
}

let emulator: RunningEmulator;
let stackDir: string;
let packDir: string;
let stateDir: string;
const warnings: string[] = [];

/** Runs the stack's runner. Asynchronously: the emulator answers from this process's event loop. */
async function preview(policyPack: string, packConfig?: Record<string, unknown>): Promise<Preview> {
  let configFile: string | undefined;
  if (packConfig !== undefined) {
    configFile = path.join(stateDir, `pack-config-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(configFile, JSON.stringify(packConfig));
  }
  const env = driver().isolatedEnv({
    stateDir,
    stackDir,
    inheritEnv: false,
    env: { NODE_EXTRA_CA_CERTS: emulator.caCertPath, NODE_PATH: path.join(stackDir, "node_modules") },
  });
  env.CONSUMER_CONFIG = JSON.stringify({
    "azure-batch-lookup:endpoint": { value: emulator.url },
    "azure-batch-lookup:token": { value: emulator.token, secret: true },
    "azure-batch-lookup:subscriptionId": { value: EXAMPLES_SUBSCRIPTION_ID },
  });
  const args = ["run.js", policyPack, ...(configFile === undefined ? [] : [configFile])];
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: stackDir, env, encoding: "utf8", timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr }),
    );
  });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (!line.startsWith("{")) throw new Error(`the runner printed no result (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line) as Preview;
}

beforeAll(async () => {
  emulator = await startEmulator();
  stateDir = createScratchProject("policies-state");
  const tarballs = { lookup: await packLibrary(), policies: await packPolicies() };
  const deps = (extra: Record<string, string>) => ({ "@pulumi/pulumi": "latest", "@pulumi/policy": "latest", ...extra });
  stackDir = createScratchProject("policies-stack", {
    "package.json": JSON.stringify(
      {
        name: "consumer-stack",
        private: true,
        main: "index.js",
        dependencies: deps({ "azure-batch-lookup": `file:${tarballs.lookup}`, "azure-batch-policies": `file:${tarballs.policies}` }),
      },
      null,
      2,
    ),
    "Pulumi.yaml": "name: consumer-stack\nruntime: nodejs\n",
    "index.js": STACK_PROGRAM,
    "run.js": RUNNER,
  });
  packDir = createScratchProject("policies-pack", {
    "package.json": JSON.stringify(
      {
        name: "my-batch-guard",
        version: "1.0.0",
        private: true,
        main: "index.js",
        dependencies: deps({ "azure-batch-lookup": `file:${tarballs.lookup}`, "azure-batch-policies": `file:${tarballs.policies}` }),
      },
      null,
      2,
    ),
    "PulumiPolicy.yaml": "runtime: nodejs\n",
    "index.ts": OWN_PACK,
    // The pack runs its compiled index.js (the type-check test compiles it). The policy runner
    // registers Pulumi's bundled TypeScript 3.8 with ./tsconfig.json's options, which rejects
    // modern ones, so the build configuration has another name.
    "tsconfig.build.json": JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          skipLibCheck: true,
          types: [],
        },
        files: ["index.ts"],
      },
      null,
      2,
    ),
  });
  for (const dir of [stackDir, packDir]) warnings.push((await npmInstall(dir, [])).stderr);
}, TIMEOUT);

afterAll(async () => {
  await emulator?.stop();
  for (const dir of [stateDir, stackDir, packDir]) removeScratchProject(dir);
});

describe("azure-batch-policies installed from its tarball", () => {
  it("installs without warnings from the package, with nothing of the repository in either project", () => {
    // (npm 11 lists azure-batch-lookup's own `prepare` script under install-scripts; that is the root package's.)
    for (const w of warnings) expect(w).not.toMatch(/azure-batch-policies/);
    for (const dir of [stackDir, packDir]) {
      const installed = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/azure-batch-policies/package.json"), "utf8"));
      expect(installed.dependencies["azure-batch-lookup"]).toBe("^0.1.0");
      expect(fs.realpathSync(path.join(dir, "node_modules/azure-batch-policies")).startsWith(REPO_ROOT)).toBe(false);
      // One @pulumi/pulumi and one @pulumi/policy: the peers, never a nested copy.
      expect(fs.existsSync(path.join(dir, "node_modules/azure-batch-policies/node_modules/@pulumi"))).toBe(false);
      expect(fs.existsSync(path.join(dir, "node_modules/azure-batch-lookup/node_modules/@pulumi"))).toBe(false);
    }
    expect(fs.readdirSync(path.join(stackDir, "node_modules/azure-batch-policies")).sort()).toEqual([
      "LICENSE",
      "PulumiPolicy.yaml",
      "README.md",
      "dist",
      "package.json",
    ]);
  });

  it("type-checks a pack that uses BatchGuard (module nodenext, strict) and compiles it", () => {
    const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: packDir, encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(fs.existsSync(path.join(packDir, "index.js"))).toBe(true);
  });

  it("loads the same library with require and import", () => {
    const script = `const cjs = require("azure-batch-policies"); import("azure-batch-policies").then((esm) => {
      const names = Object.keys(cjs).filter((n) => n !== "__esModule").sort();
      console.log(JSON.stringify({ same: esm.BatchGuard === cjs.BatchGuard && esm.checkBatchAccount === cjs.checkBatchAccount, names, esm: names.every((n) => n in esm) }));
    });`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: stackDir, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.same).toBe(true);
    expect(out.esm).toBe(true);
    expect(out.names).toEqual(
      expect.arrayContaining([
        "BatchGuard",
        "checkBatchAccount",
        "checkBatchPool",
        "RULES",
        "POOL_RULES",
        "STACK_RULES",
        "PolicyConfigError",
      ]),
    );
  });

  it(
    "the ready pack: pulumi preview --policy-pack node_modules/azure-batch-policies judges the referenced account",
    async () => {
      const result = await preview(path.join(stackDir, "node_modules/azure-batch-policies"), {
        all: "disabled",
        "batch-public-network-access-disabled": "mandatory",
        "batch-resource-logs-enabled": "advisory",
      });
      expect(result.ok, result.error).toBe(false);
      expect(result.policies.map((p) => `${p.policyPackName} ${p.policyName} ${p.enforcementLevel}`).sort()).toEqual([
        "azure-batch-policies batch-public-network-access-disabled mandatory",
        "azure-batch-policies batch-resource-logs-enabled advisory",
      ]);
      expect(result.policies.find((p) => p.policyName === "batch-public-network-access-disabled")!.message).toContain(
        'Batch account "sampleacct": publicNetworkAccess is "Enabled"',
      );
    },
    TIMEOUT,
  );

  it(
    "the ready pack fails at load on a misspelled option, naming the policy and the option",
    async () => {
      const result = await preview(path.join(stackDir, "node_modules/azure-batch-policies"), {
        "batch-network-rules-restricted": { minimumPrefixLenght: 24 },
      });
      expect(result.ok).toBe(false);
      expect(result.policies).toEqual([]);
      expect(result.error).toContain(
        'batch-network-rules-restricted: unknown option "minimumPrefixLenght" (options: minimumPrefixLength, endpoints)',
      );
    },
    TIMEOUT,
  );

  it(
    "the user's own pack: new BatchGuard({...}) with its configuration in code",
    async () => {
      const result = await preview(packDir);
      expect(result.ok, result.error).toBe(false);
      expect(result.policies, result.error).not.toEqual([]);
      expect(result.policies.map((p) => `${p.policyPackName} ${p.policyName} ${p.enforcementLevel}`).sort()).toEqual([
        "my-batch-guard batch-public-network-access-disabled mandatory",
        "my-batch-guard batch-resource-logs-enabled advisory",
      ]);
    },
    TIMEOUT,
  );
});
