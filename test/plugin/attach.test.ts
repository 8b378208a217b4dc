// The engine attaching to a plugin it did not start (PULUMI_DEBUG_PROVIDERS=azure-batch-lookup:<port>,
// how a provider is debugged): the real CLI and pulumi-language-yaml preview a YAML program through
// the installed plugin started by hand, with no plugin on PATH; the plugin logs to the engine that
// attached (shown by `--debug`), and reads the account on the stack's configuration.

import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { describeRun, PulumiCli } from "../support/pulumi-cli";
import { type ProviderProcess, startProviderProcess } from "./grpc-client";
import { ensureYamlLanguageHost, installPlugin, pluginBinDir, programEnv, REPO_ROOT } from "./support";

const TIMEOUT = 240_000;
const PROGRAM = `name: attach-yaml
runtime: yaml
resources:
  shared:
    type: azure-batch-lookup:index:BatchAccountReference
    properties:
      accountName: sampleacct
      resourceGroupName: default-azurebatch-japaneast
outputs:
  endpoint: \${shared.accountEndpoint}
`;

let emulator: RunningEmulator;
let cli: PulumiCli;
let plugin: ProviderProcess;
let program: string;
let env: Record<string, string>;

beforeAll(async () => {
  ensureYamlLanguageHost();
  const install = await installPlugin();
  emulator = await startEmulator();
  cli = await PulumiCli.create();
  program = path.join(cli.root, "attach");
  fs.mkdirSync(program);
  fs.writeFileSync(path.join(program, "Pulumi.yaml"), PROGRAM);
  // No plugin on PATH: only the process started here can serve the program.
  env = programEnv(emulator, [cli.binDir, path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter));
  plugin = await startProviderProcess(path.join(pluginBinDir(install), "pulumi-resource-azure-batch-lookup"), [], { cwd: program, env });
  for (const args of [
    ["stack", "init", "dev"],
    ["config", "set", "azure-batch-lookup:subscriptionId", EXAMPLES_SUBSCRIPTION_ID],
    ["config", "set", "--secret", "azure-batch-lookup:token", emulator.token],
  ]) {
    const r = await cli.run(args, { cwd: program, env });
    if (r.code !== 0) throw new Error(describeRun(r));
  }
}, 600_000);

afterAll(async () => {
  await plugin?.stop();
  await emulator?.stop();
  await cli?.dispose();
});

describe("a plugin the engine attaches to", () => {
  it(
    "serves the preview, and logs to the engine that attached",
    async () => {
      const port = plugin.client.address.split(":").pop();
      const r = await cli.run(["preview", "--debug"], {
        cwd: program,
        env: { ...env, PULUMI_DEBUG_PROVIDERS: `azure-batch-lookup:${port}` },
        timeoutMs: TIMEOUT - 20_000,
      });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout).toMatch(/azure-batch-lookup provider \(process \d+\) attached to the engine at 127\.0\.0\.1:\d+/);
      expect(r.stdout).toMatch(/azure-batch-lookup:index:BatchAccountReference\s+shared\s+create/);
      expect(emulator.stats().requests.some((req) => req.method === "GET" && /\/batchAccounts\/sampleacct/i.test(req.url))).toBe(true);
    },
    TIMEOUT,
  );
});
