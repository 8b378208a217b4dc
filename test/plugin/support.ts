// Shared pieces of the provider plugin's tests: the packed package installed outside the
// repository (its node_modules/.bin holds pulumi-resource-azure-batch-lookup, which the CLI finds
// on PATH as an ambient plugin), the YAML language host, and the environment of a CLI run.

import { execFile, execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { CONTOSO_SUBSCRIPTION_ID, EMPTY_SUBSCRIPTION_ID, EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator } from "../../emulator";
import { npmInstall, packLibrary, REPO_ROOT } from "../support/consumer";
import { NO_METADATA_SERVICE } from "../support/no-cloud";
import type { PulumiCli } from "../support/pulumi-cli";

export { REPO_ROOT };

const execFileAsync = promisify(execFile);

/** The @pulumi/pulumi the plugin runs with in the scratch install: the repository's pinned one. */
const PULUMI_VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).devDependencies[
  "@pulumi/pulumi"
] as string;

/**
 * `npm install <packed azure-batch-lookup> @pulumi/pulumi` in a directory under os.tmpdir(), once
 * per tarball: test files (each in its own process) share it. Returns the directory.
 */
export async function installPlugin(): Promise<string> {
  const tarball = await packLibrary();
  const hash = crypto.createHash("sha256").update(fs.readFileSync(tarball)).update(PULUMI_VERSION).digest("hex").slice(0, 16);
  const dir = path.join(os.tmpdir(), `azure-batch-lookup-plugin-${hash}`);
  if (fs.existsSync(path.join(dir, "node_modules", ".bin", "pulumi-resource-azure-batch-lookup"))) return dir;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-lookup-plugin-installing-"));
  fs.writeFileSync(
    path.join(staging, "package.json"),
    `${JSON.stringify({ name: "plugin-install", version: "1.0.0", private: true }, null, 2)}\n`,
  );
  await npmInstall(staging, [tarball, `@pulumi/pulumi@${PULUMI_VERSION}`]);
  try {
    fs.renameSync(staging, dir);
  } catch (err) {
    if (!fs.existsSync(dir)) throw err;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** The directory holding pulumi-resource-azure-batch-lookup in an install. */
export function pluginBinDir(installDir: string): string {
  return path.join(installDir, "node_modules", ".bin");
}

/** scripts/ensure-pulumi-yaml.sh: the CLI's directory, with pulumi-language-yaml (built once, cached). */
export function ensureYamlLanguageHost(): string {
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi-yaml.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop()!;
}

/** PATH for a CLI run: the installed plugin first, then the CLI and the project's Node.js. */
export function pluginPath(cli: PulumiCli, installDir: string): string {
  return [pluginBinDir(installDir), cli.binDir, path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter);
}

/** Copies a program of test/plugin/programs into `dir`. */
export function copyProgram(name: string, dir: string): string {
  fs.cpSync(path.join(REPO_ROOT, "test", "plugin", "programs", name), dir, { recursive: true });
  return dir;
}

/**
 * The environment of a program run against the emulator: `PATH`, the emulator's CA, and its
 * endpoint for both providers. The default provider's subscription comes from the stack's
 * configuration, which wins over ARM_SUBSCRIPTION_ID (an empty subscription, so a mix-up shows).
 */
export function programEnv(emulator: RunningEmulator, PATH: string): Record<string, string> {
  return {
    PATH,
    ...NO_METADATA_SERVICE,
    NODE_EXTRA_CA_CERTS: emulator.caCertPath!,
    ARM_RESOURCE_MANAGER_ENDPOINT: emulator.url,
    ARM_SUBSCRIPTION_ID: EMPTY_SUBSCRIPTION_ID,
  };
}

/** The emulator's Contoso account the examples look up and the test programs read through their second provider. */
export const CONTOSO_PROD = {
  subscriptionId: CONTOSO_SUBSCRIPTION_ID,
  resourceGroupName: "rg-batch-prod-westeurope",
  accountName: "contosoprodweu",
} as const;

/** The accounts of Contoso's subscription in the emulator's default data set, sorted by name. */
export const CONTOSO_ACCOUNT_NAMES = [
  "contosodevlegacy",
  "contosodevnew",
  "contosohpcbyos",
  "contosonetrules",
  "contosoperimeter",
  "contosoprodweu",
];

/** A preview's flags for the repository's policy pack with every policy advisory (its config written into `dir`). */
export function advisoryPolicyPack(dir: string): string[] {
  const packConfig = path.join(dir, "advisory.json");
  fs.writeFileSync(packConfig, JSON.stringify({ all: "advisory" }));
  return ["--policy-pack", path.join(REPO_ROOT, "policies"), "--policy-pack-config", packConfig];
}

/** What a driver (programs/go/driver.go, programs/python/driver.py) prints as its last line. */
export interface ProgramResult {
  operation: string;
  changeSummary: Record<string, number>;
  outputs: Record<string, unknown>;
  stdout?: string;
}

/** What up of examples/go and examples/python gives with exampleSettings. */
export const EXAMPLE_UP_OUTPUTS = {
  accountEndpoint: "contosoprodweu.westeurope.batch.azure.com",
  publicNetworkAccess: "Disabled",
  pools: ["render-legacy", "render-secure"],
  diagnosticSettings: ["to-log-analytics"],
  privateDnsZoneGroups: ["default"],
  accountsInResourceGroup: ["contosonetrules", "contosoprodweu"],
  location: "westeurope",
};

/**
 * Runs a driver (`file` with `args`, the operation last) and returns what it prints; a failure
 * is an error named by `label` that carries the driver's stdout and stderr.
 */
export async function runDriver(
  label: string,
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeout: number },
): Promise<ProgramResult> {
  try {
    const { stdout } = await execFileAsync(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split("\n").pop()!) as ProgramResult;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${label} ${args.at(-1)} failed: ${e.message}\n--- stdout\n${e.stdout}\n--- stderr\n${e.stderr}`);
  }
}

/**
 * The test programs' settings as the drivers' flags (two dashes, which Go's flag package takes as
 * well as one): the default provider in `subscriptionId`, the second provider in Contoso's.
 */
export function programSettings(emulator: RunningEmulator, subscriptionId: string = EXAMPLES_SUBSCRIPTION_ID): string[] {
  return [
    "--config",
    `azure-batch-lookup:subscriptionId=${subscriptionId}`,
    "--secret",
    `azure-batch-lookup:token=${emulator.token}`,
    "--config",
    `secondSubscriptionId=${CONTOSO_SUBSCRIPTION_ID}`,
    "--secret",
    `secondToken=${emulator.token}`,
  ];
}

/** The examples' settings as the drivers' flags: Contoso's account contosoprodweu, in the stack "example". */
export function exampleSettings(emulator: RunningEmulator): string[] {
  return [
    "--config",
    `azure-batch-lookup:subscriptionId=${CONTOSO_PROD.subscriptionId}`,
    "--secret",
    `azure-batch-lookup:token=${emulator.token}`,
    "--config",
    `accountName=${CONTOSO_PROD.accountName}`,
    "--config",
    `resourceGroupName=${CONTOSO_PROD.resourceGroupName}`,
    "--stack",
    "example",
  ];
}

/** `pulumi stack init dev` for the YAML program, with the default provider's and the second subscription's settings. */
export async function initYamlStack(runOk: (args: string[]) => Promise<unknown>, emulator: RunningEmulator): Promise<void> {
  await runOk(["stack", "init", "dev"]);
  await runOk(["config", "set", "azure-batch-lookup:subscriptionId", EXAMPLES_SUBSCRIPTION_ID]);
  await runOk(["config", "set", "--secret", "azure-batch-lookup:token", emulator.token]);
  await runOk(["config", "set", "secondSubscriptionId", CONTOSO_SUBSCRIPTION_ID]);
  await runOk(["config", "set", "--secret", "secondToken", emulator.token]);
}

/** scripts/ensure-python.sh: the repository's virtual environment, with `pulumi`, mypy and the SDK's wheel installed. */
export function ensurePythonEnv(): string {
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-python.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop()!;
}

/**
 * examples/go built with the test program's Automation API driver (test/plugin/programs/go/driver.go)
 * in place of its main.go, into `dir`; the example as it stands is vetted first. Returns the binary.
 */
export async function buildGoExample(dir: string): Promise<string> {
  const goEnv = { ...process.env, GOFLAGS: "-mod=mod" };
  const example = path.join(REPO_ROOT, "examples", "go");
  await execFileAsync("go", ["vet", "."], { cwd: example, env: goEnv, timeout: 600_000 });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ["program.go", "go.mod", "go.sum"]) fs.copyFileSync(path.join(example, f), path.join(dir, f));
  fs.copyFileSync(path.join(REPO_ROOT, "test", "plugin", "programs", "go", "driver.go"), path.join(dir, "driver.go"));
  const goMod = path.join(dir, "go.mod");
  fs.writeFileSync(goMod, fs.readFileSync(goMod, "utf8").replace("=> ../../sdk/go", `=> ${path.join(REPO_ROOT, "sdk", "go")}`));
  await execFileAsync("go", ["build", "-o", "example", "."], { cwd: dir, env: goEnv, timeout: 600_000 });
  return path.join(dir, "example");
}
