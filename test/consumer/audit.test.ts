// `npx azure-batch-policies audit` as a user runs it: both packages packed, installed from their
// tarballs into a scratch project outside the repository (npm adds the peer dependencies itself),
// and the command run there against the emulator over HTTPS, configured only through the
// environment the emulator prints (endpoint, token, CA bundle, subscription).

import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { emulatorEnv } from "../support/audit-cli";
import {
  type CommandResult,
  createScratchProject,
  linesMentioning,
  NPM_INSTALL_TIMEOUT_MS,
  npmInstall,
  packLibrary,
  packPolicies,
  removeScratchProject,
  run,
} from "../support/consumer";
import { assertGitHubSarif } from "../support/sarif/validate";

let emulator: RunningEmulator;
let dir: string | undefined;
let install: CommandResult;

beforeAll(async () => {
  emulator = await startEmulator();
  const [lookup, policies] = [await packLibrary(), await packPolicies()];
  dir = createScratchProject("audit", {
    "policy-config.json": JSON.stringify({ all: "advisory", "batch-provisioning-succeeded": "mandatory" }),
  });
  install = await npmInstall(dir, [lookup, policies]);
}, NPM_INSTALL_TIMEOUT_MS * 2);

afterAll(async () => {
  await emulator?.stop();
  removeScratchProject(dir);
});

/** `npx --no azure-batch-policies <args>` in the scratch project (`--no`: never fetch from the registry). */
function npx(args: string[], env: Record<string, string | undefined> = {}): Promise<CommandResult> {
  return run("npx", ["--no", "azure-batch-policies", ...args], dir!, {
    env: emulatorEnv(emulator, { ARM_SUBSCRIPTION_ID: EXAMPLES_SUBSCRIPTION_ID, ...env }),
    timeoutMs: 120_000,
  });
}

describe("npx azure-batch-policies audit in a user's project", () => {
  it("installs the bin without warnings from the package", () => {
    expect(linesMentioning(install, "azure-batch-policies")).toEqual([]);
    const bin = path.join(dir!, "node_modules", ".bin", "azure-batch-policies");
    expect(fs.existsSync(bin)).toBe(true);
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
  });

  it("audits the default subscription (ARM_SUBSCRIPTION_ID) as a table and fails on a mandatory rule", async () => {
    const r = await npx(["audit"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^ACCOUNT +RESOURCE +SUBSCRIPTION +RESOURCE GROUP +LOCATION +SEVERITY +POLICY +RESULT +MESSAGE$/m);
    expect(r.stdout).toMatch(/^Summary: 2 accounts \(0 pools, 0 private endpoints\) in the default subscription, \d+ rules$/m);
    expect(r.stdout).toMatch(/^ {2}[1-9]\d* FAIL \(mandatory\), /m);
    expect(r.status).toBe(1);
  }, 180_000);

  it("takes a --config file, the tenant scope and --format sarif: a log GitHub code scanning ingests", async () => {
    const r = await npx(["audit", "--tenant", "--config", "policy-config.json", "--format", "sarif", "--output", "audit.sarif"]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("azure-batch-policies audit: wrote audit.sarif");
    // Only contosodevnew (provisioningState Creating) fails the one mandatory rule.
    expect(r.status).toBe(1);
    const text = fs.readFileSync(path.join(dir!, "audit.sarif"), "utf8");
    assertGitHubSarif(text);
    const sarif = JSON.parse(text);
    expect(sarif.version).toBe("2.1.0");
    const errors = sarif.runs[0].results.filter((x: any) => x.level === "error");
    expect(errors.map((x: any) => [x.ruleId, x.locations[0].logicalLocations[0].name])).toEqual([
      ["batch-provisioning-succeeded", "contosodevnew"],
    ]);
    expect(errors[0].locations[0].logicalLocations[0].fullyQualifiedName).toContain(`/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/`);
  }, 180_000);

  it("prints --help and exits 2 naming the flag on a mistake", async () => {
    // (npx itself answers a --help that comes right after the command's name.)
    const help = await npx(["audit", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: azure-batch-policies audit [flags]");
    const bad = await npx(["audit", "--format", "yaml"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('azure-batch-policies: --format "yaml" is not one of table, json, sarif.');
  }, 180_000);
});
