// A Pulumi YAML program on the provider plugin, with the real CLI and pulumi-language-yaml against
// the emulator: both functions, two references, an explicit provider for a second subscription;
// preview (with the policy pack), up, outputs, refresh, destroy. The plugin is the packed package
// installed outside the repository, found by the CLI on PATH.

import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { checkBatchAccount } from "../../policies/check";
import { getBatchAccount, StaticTokenCredential } from "../../provider";
import { filesContaining } from "../e2e/engine";
import { PulumiCli } from "../support/pulumi-cli";
import {
  advisoryPolicyPack,
  CONTOSO_ACCOUNT_NAMES,
  CONTOSO_PROD,
  copyProgram,
  ensureYamlLanguageHost,
  initYamlStack,
  installPlugin,
  pluginPath,
  programEnv,
} from "./support";

const REFERENCE = "azure-batch-lookup:index:BatchAccountReference";
const TIMEOUT = 240_000;

let emulator: RunningEmulator;
let cli: PulumiCli;
let program: string;
let env: Record<string, string>;

const run = (args: string[]) => cli.run(args, { cwd: program, env, timeoutMs: TIMEOUT - 20_000 });
const runOk = (args: string[]) => cli.runOk(args, { cwd: program, env, timeoutMs: TIMEOUT - 20_000 });

beforeAll(async () => {
  ensureYamlLanguageHost();
  const install = await installPlugin();
  emulator = await startEmulator();
  cli = await PulumiCli.create();
  program = copyProgram("yaml", path.join(cli.root, "yaml"));
  env = programEnv(emulator, pluginPath(cli, install));
  await initYamlStack(runOk, emulator);
}, 600_000);

afterAll(async () => {
  await emulator?.stop();
  await cli?.dispose();
});

describe("Pulumi YAML program on the provider plugin", () => {
  it(
    "preview: the policy pack judges the plugin's reference as checkBatchAccount judges the account",
    async () => {
      const r = await runOk(["preview", ...advisoryPolicyPack(cli.root)]);
      const reported = new Set(
        [...r.stdout.matchAll(/\[advisory\][^\n]*?\s(batch-[a-z-]+)\s+\(azure-batch-lookup:index:BatchAccountReference: shared\)/g)].map(
          (m) => m[1]!,
        ),
      );
      const account = await getBatchAccount(
        { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast", subscriptionId: EXAMPLES_SUBSCRIPTION_ID },
        {
          endpoint: emulator.url,
          credential: new StaticTokenCredential(emulator.token),
          ca: fs.readFileSync(emulator.caCertPath!, "utf8"),
        },
      );
      const expected = checkBatchAccount(account, { all: "advisory" }, { existing: true }).violations.map((v) => v.policyName);
      expect(expected.length).toBeGreaterThan(0);
      // The account rules report what checkBatchAccount reports; the stack rule adds resource logs.
      expect([...reported].sort()).toEqual([...new Set([...expected, "batch-resource-logs-enabled"])].sort());
      expect(r.stdout).toContain(`${REFERENCE}: secondShared`);
    },
    TIMEOUT,
  );

  it(
    "up: both functions, both references, the explicit provider's subscription; no token in clear in the state",
    async () => {
      await runOk(["up", "--yes", "--skip-preview"]);
      const outputs = JSON.parse((await runOk(["stack", "output", "--json", "--show-secrets"])).stdout);
      expect(outputs.accountEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
      expect(outputs.publicNetworkAccess).toBe("Enabled");
      expect(outputs.sharedId).toBe(
        `/subscriptions/${EXAMPLES_SUBSCRIPTION_ID}/resourceGroups/default-azurebatch-japaneast/providers/Microsoft.Batch/batchAccounts/sampleacct`,
      );
      expect(outputs.sharedEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
      // The explicit provider: its subscriptionId wins over the environment's (the empty subscription).
      const names = (outputs.secondAccounts as { name: string; subscriptionId: string }[]).map((a) => a.name).sort();
      expect(names).toEqual(CONTOSO_ACCOUNT_NAMES);
      expect(outputs.secondSharedSubscriptionId).toBe(CONTOSO_SUBSCRIPTION_ID);
      expect(outputs.secondSharedLocation).toBe("westeurope");
      // The estate lookups, through the explicit provider.
      const namesOf = (list: unknown) => (list as { name: string }[]).map((x) => x.name).sort();
      expect(namesOf(outputs.secondPools)).toEqual(["render-legacy", "render-secure"]);
      expect((outputs.secondPools as { accountName: string }[]).every((p) => p.accountName === "contosoprodweu")).toBe(true);
      expect(namesOf(outputs.secondDiagnosticSettings)).toEqual(["to-log-analytics"]);
      expect(namesOf(outputs.secondDnsZoneGroups)).toEqual(["default"]);

      const state = JSON.parse((await runOk(["stack", "export"])).stdout) as { deployment: { resources: Record<string, any>[] } };
      const references = state.deployment.resources.filter((r) => r.type === REFERENCE);
      expect(references.map((r) => r.outputs.accountName).sort()).toEqual(["contosoprodweu", "sampleacct"]);
      const providers = state.deployment.resources.filter((r) => r.type === "pulumi:providers:azure-batch-lookup");
      expect(providers.map((p) => p.inputs.subscriptionId).sort()).toEqual([EXAMPLES_SUBSCRIPTION_ID, CONTOSO_SUBSCRIPTION_ID].sort());
      for (const p of providers) expect(p.inputs.token).toHaveProperty("ciphertext");
      expect(filesContaining(cli.root, emulator.token)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "refresh re-reads the accounts into outputs and inputs",
    async () => {
      emulator.patchAccount(
        { subscriptionId: EXAMPLES_SUBSCRIPTION_ID, resourceGroupName: "default-azurebatch-japaneast", accountName: "sampleacct" },
        { properties: { publicNetworkAccess: "Disabled" } },
      );
      await runOk(["refresh", "--yes", "--skip-preview"]);
      const state = JSON.parse((await runOk(["stack", "export"])).stdout) as { deployment: { resources: Record<string, any>[] } };
      const shared = state.deployment.resources.find((r) => r.type === REFERENCE && r.outputs.accountName === "sampleacct")!;
      expect(shared.outputs.publicNetworkAccess).toBe("Disabled");
      expect(shared.inputs.publicNetworkAccess).toBe("Disabled");
      emulator.resetData();
    },
    TIMEOUT,
  );

  it(
    "an error keeps the library's code and message",
    async () => {
      await runOk(["config", "set", "accountName", "nosuchaccount"]);
      try {
        const r = await run(["preview"]);
        expect(r.code).not.toBe(0);
        expect(`${r.stdout}\n${r.stderr}`).toMatch(/BatchLookupError ResourceNotFound \(HTTP 404\)/);
      } finally {
        await runOk(["config", "rm", "accountName"]);
      }
    },
    TIMEOUT,
  );

  it(
    "destroy forgets the references and never deletes an account",
    async () => {
      await runOk(["destroy", "--yes", "--skip-preview"]);
      const state = JSON.parse((await runOk(["stack", "export"])).stdout) as { deployment: { resources?: unknown[] } };
      expect(state.deployment.resources ?? []).toEqual([]);
      expect(
        emulator.getAccount({
          subscriptionId: EXAMPLES_SUBSCRIPTION_ID,
          resourceGroupName: "default-azurebatch-japaneast",
          accountName: "sampleacct",
        }),
      ).toBeDefined();
      expect(emulator.getAccount(CONTOSO_PROD)).toBeDefined();
    },
    TIMEOUT,
  );
});
