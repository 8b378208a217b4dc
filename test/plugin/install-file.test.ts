// The plugin installed into PULUMI_HOME from an archive, as the README describes
// (`pulumi plugin install resource azure-batch-lookup <version> --file <archive>`), rather than found
// on PATH: the archive holds a script that execs the packed package's bin, installed outside the
// repository, and a YAML preview with no plugin on PATH runs it from PULUMI_HOME.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { PulumiCli } from "../support/pulumi-cli";
import { copyProgram, ensureYamlLanguageHost, initYamlStack, installPlugin, pluginBinDir, programEnv, REPO_ROOT } from "./support";

const PLUGIN = "pulumi-resource-azure-batch-lookup";
const VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version as string;
const TIMEOUT = 240_000;

let emulator: RunningEmulator;
let cli: PulumiCli;
let install: string;

beforeAll(async () => {
  ensureYamlLanguageHost();
  install = await installPlugin();
  emulator = await startEmulator();
  cli = await PulumiCli.create();
}, 600_000);

afterAll(async () => {
  await emulator?.stop();
  await cli?.dispose();
});

describe("pulumi plugin install --file", () => {
  it(
    "installs the plugin into PULUMI_HOME, and a YAML preview with no plugin on PATH runs it from there",
    async () => {
      const staging = path.join(cli.root, "archive");
      fs.mkdirSync(staging);
      fs.writeFileSync(path.join(staging, PLUGIN), `#!/bin/sh\nexec "${path.join(pluginBinDir(install), PLUGIN)}" "$@"\n`, { mode: 0o755 });
      const archive = path.join(cli.root, `${PLUGIN}.tar.gz`);
      execFileSync("tar", ["-czf", archive, "-C", staging, PLUGIN]);
      await cli.runOk(["plugin", "install", "resource", "azure-batch-lookup", VERSION, "--file", archive]);
      const installed = JSON.parse((await cli.runOk(["plugin", "ls", "--json"])).stdout) as {
        name: string;
        kind: string;
        version: string;
      }[];
      expect(installed).toContainEqual(expect.objectContaining({ name: "azure-batch-lookup", kind: "resource", version: VERSION }));

      // The CLI (with the YAML host), the Node.js the plugin needs, the system; no plugin on PATH.
      const PATH = [cli.binDir, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter);
      expect(PATH.split(path.delimiter).filter((dir) => fs.existsSync(path.join(dir, PLUGIN)))).toEqual([]);
      const program = copyProgram("yaml", path.join(cli.root, "yaml"));
      const env = programEnv(emulator, PATH);
      const runOk = (args: string[]) => cli.runOk(args, { cwd: program, env, timeoutMs: TIMEOUT - 20_000 });
      await initYamlStack(runOk, emulator);
      const preview = await runOk(["preview"]);
      expect(preview.stdout).toMatch(/\+\s+azure-batch-lookup:index:BatchAccountReference\s+shared\s+create/);
      expect(emulator.stats().byRoute.get).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
