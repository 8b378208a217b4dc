// The emulator in a user's hands: the packed library installed from its tarball into a scratch
// project outside the repository, its `azure-batch-lookup-emulator` bin started from there with the
// options of `npm run emulator`, the settings it prints pasted into another process, and the
// lookups, the audit and the emulator's own help all working from that installation alone.

import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandResult,
  consumerEnv,
  createScratchProject,
  linesMentioning,
  NPM_INSTALL_TIMEOUT_MS,
  npmInstall,
  packLibrary,
  packPolicies,
  REPO_ROOT,
  removeScratchProject,
  repoPackageVersion,
  run,
} from "../support/consumer";

const SETTINGS = ["ARM_RESOURCE_MANAGER_ENDPOINT", "AZURE_BATCH_LOOKUP_TOKEN", "NODE_EXTRA_CA_CERTS", "ARM_SUBSCRIPTION_ID"];

let dir: string | undefined;
let install: CommandResult;
let emulator: ChildProcess | undefined;

beforeAll(async () => {
  dir = createScratchProject("emulator-bin");
  install = await npmInstall(dir, [await packLibrary(), await packPolicies(), `@pulumi/pulumi@${repoPackageVersion("@pulumi/pulumi")}`]);
}, NPM_INSTALL_TIMEOUT_MS * 2);

afterAll(() => {
  emulator?.kill("SIGKILL");
  removeScratchProject(dir);
});

/** The installed bin, as `npx azure-batch-lookup-emulator` runs it in the project. */
function bin(): string {
  return path.join(dir!, "node_modules", ".bin", "azure-batch-lookup-emulator");
}

/** The user's environment without any library setting (the emulator's printed ones come next). */
function userEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return consumerEnv({ ...Object.fromEntries(SETTINGS.map((k) => [k, undefined])), ...extra });
}

/** Starts the installed bin and resolves with its banner once it listens. */
function startInstalled(args: string[]): Promise<{ child: ChildProcess; banner: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(), args, { cwd: dir!, env: userEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (out.includes("Press Ctrl-C to stop.")) resolve({ child, banner: out });
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("close", (code) => reject(new Error(`the emulator exited ${code} before listening:\n${out}\n${err}`)));
  });
}

/** The `export K=V` lines of a banner. */
function printedSettings(banner: string): Record<string, string> {
  return Object.fromEntries([...banner.matchAll(/^ {2}export ([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe("npx azure-batch-lookup-emulator from the installed package", () => {
  it("is installed as a bin, without warnings from the package", () => {
    expect(linesMentioning(install, "azure-batch-lookup")).toEqual([]);
    expect(fs.statSync(bin()).mode & 0o111).not.toBe(0);
  });

  it("takes the options of `npm run emulator` (the same help)", async () => {
    const installed = await run(bin(), ["--help"], dir!, { env: userEnv() });
    const repo = await run(process.execPath, [path.join(REPO_ROOT, "dist", "emulator", "cli.js"), "--help"], REPO_ROOT, { env: userEnv() });
    expect(installed.status).toBe(0);
    expect(installed.stdout).toBe(repo.stdout);
    expect(installed.stdout).toContain("Usage: azure-batch-lookup-emulator [options]");
    for (const option of ["--port", "--page-size", "--data", "--subscriptions", "--token", "--ca-file"])
      expect(installed.stdout).toContain(option);
  });

  it("prints the settings to paste, and a lookup and the audit work with them alone; Ctrl-C stops it", async () => {
    const started = await startInstalled(["--page-size", "2"]);
    emulator = started.child;
    const settings = printedSettings(started.banner);
    expect(Object.keys(settings).sort()).toEqual([...SETTINGS].sort());
    expect(started.banner).toMatch(/^Azure Batch ARM emulator listening on https:\/\/127\.0\.0\.1:\d+$/m);
    expect(fs.existsSync(settings.NODE_EXTRA_CA_CERTS!)).toBe(true);

    // A script in the user's project, configured only by the pasted settings.
    const script = `
        const { getBatchAccount, listBatchAccounts, closeClients } = require("azure-batch-lookup");
        (async () => {
          const account = await getBatchAccount({ accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast" });
          const { value } = await listBatchAccounts();
          console.log(JSON.stringify({ endpoint: account.accountEndpoint, names: value.map((a) => a.name) }));
          await closeClients();
        })().catch((e) => { console.error(e); process.exitCode = 1; });`;
    const lookup = await run(process.execPath, ["-e", script], dir!, { env: userEnv(settings), timeoutMs: 60_000 });
    expect(lookup.stderr).toBe("");
    const result = JSON.parse(lookup.stdout);
    expect(result.endpoint).toMatch(/^sampleacct\./);
    expect(result.names).toContain("sampleacct");

    const audit = await run(path.join(dir!, "node_modules", ".bin", "azure-batch-policies"), ["audit", "--tenant", "-f", "json"], dir!, {
      env: userEnv(settings),
      timeoutMs: 120_000,
    });
    expect([0, 1]).toContain(audit.status);
    expect(JSON.parse(audit.stdout).summary.accounts).toBeGreaterThan(1);

    const stopped = new Promise<number | null>((resolve) => started.child.on("exit", (code) => resolve(code)));
    started.child.kill("SIGINT");
    expect(await stopped).toBe(0);
    emulator = undefined;
  }, 180_000);
});
