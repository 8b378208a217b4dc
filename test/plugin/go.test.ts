// A Go program on the generated Go SDK (sdk/go), run through the Go Automation API's inline mode
// with the real CLI against the emulator: built and vetted here, then preview (with the policy
// pack), up, outputs, refresh, destroy. The plugin is the packed package installed outside the
// repository, found by the CLI on PATH.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { filesContaining } from "../e2e/engine";
import { PulumiCli } from "../support/pulumi-cli";
import {
  advisoryPolicyPack,
  buildGoExample,
  CONTOSO_ACCOUNT_NAMES,
  CONTOSO_PROD,
  copyProgram,
  EXAMPLE_UP_OUTPUTS,
  exampleSettings,
  installPlugin,
  pluginPath,
  programEnv,
  programSettings,
  REPO_ROOT,
  runDriver,
} from "./support";

const exec = promisify(execFile);
const TIMEOUT = 240_000;

let emulator: RunningEmulator;
let cli: PulumiCli;
let program: string;
let env: NodeJS.ProcessEnv;

/** The Go toolchain's environment: the module cache and build cache are the user's defaults. */
const goEnv = () => ({ ...process.env, GOFLAGS: "-mod=mod" });

const runProgram = (operation: string, extra: string[] = []) =>
  runDriver("batch-lookup-go", path.join(program, "batch-lookup-go"), [...programSettings(emulator), ...extra, operation], {
    cwd: program,
    env,
    timeout: TIMEOUT - 20_000,
  });

beforeAll(async () => {
  const install = await installPlugin();
  emulator = await startEmulator();
  cli = await PulumiCli.create();
  program = copyProgram("go", path.join(cli.root, "go"));
  // The copy requires the SDK of this repository by its absolute path.
  const goMod = path.join(program, "go.mod");
  fs.writeFileSync(goMod, fs.readFileSync(goMod, "utf8").replace("=> ../../../../sdk/go", `=> ${path.join(REPO_ROOT, "sdk", "go")}`));
  await exec("go", ["vet", "."], { cwd: program, env: goEnv(), timeout: 600_000 });
  await exec("go", ["build", "-o", "batch-lookup-go", "."], { cwd: program, env: goEnv(), timeout: 600_000 });
  env = cli.environment(programEnv(emulator, pluginPath(cli, install)));
}, 900_000);

afterAll(async () => {
  await emulator?.stop();
  await cli?.dispose();
});

describe("Go program on the generated SDK (Automation API, inline)", () => {
  it(
    "preview with the policy pack judges both references",
    async () => {
      const r = await runProgram("preview", advisoryPolicyPack(cli.root));
      expect(r.changeSummary.create).toBe(4); // the stack, the explicit provider and the two references
      expect(r.stdout).toMatch(/batch-public-network-access-disabled\s+\(azure-batch-lookup:index:BatchAccountReference: shared\)/);
      expect(r.stdout).toMatch(/\(azure-batch-lookup:index:BatchAccountReference: second-shared\)/);
    },
    TIMEOUT,
  );

  it(
    "preview with an explicit provider whose subscription is known only at deployment: previewed, not failed",
    async () => {
      const r = await runProgram("preview", ["--stack", "later-provider", "--variant", "later-provider"]);
      // The stack, the two providers and the three references.
      expect(r.changeSummary.create).toBe(6);
      expect(r.stdout).toMatch(/\+\s+pulumi:providers:azure-batch-lookup\s+later-subscription\s+create/);
      expect(r.stdout).toMatch(/\+\s+azure-batch-lookup:index:BatchAccountReference\s+later-shared\s+create/);
    },
    TIMEOUT,
  );

  it(
    "up: the functions, the references and the explicit provider's subscription; no token in clear",
    async () => {
      const r = await runProgram("up");
      expect(r.outputs.accountEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
      expect(r.outputs.publicNetworkAccess).toBe("Enabled");
      expect(r.outputs.sharedEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
      expect(r.outputs.sharedId).toMatch(/\/subscriptions\/12345678-1234-1234-1234-123456789012\/.*\/batchAccounts\/sampleacct$/);
      expect((r.outputs.secondAccountNames as string[]).sort()).toEqual(CONTOSO_ACCOUNT_NAMES);
      expect(r.outputs.secondSharedSubscriptionId).toBe(CONTOSO_SUBSCRIPTION_ID);
      expect(r.outputs.secondSharedLocation).toBe("westeurope");
      expect((r.outputs.secondPoolNames as string[]).sort()).toEqual(["render-legacy", "render-secure"]);
      expect(r.outputs.secondDiagnosticSettingNames).toEqual(["to-log-analytics"]);
      expect(r.outputs.secondDnsZoneGroupNames).toEqual(["default"]);
      expect(filesContaining(path.join(cli.root, "backend"), emulator.token)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "refresh re-reads the referenced accounts; destroy leaves the accounts in Azure",
    async () => {
      emulator.patchAccount(CONTOSO_PROD, { location: "northeurope" });
      const refreshed = await runProgram("refresh");
      expect(refreshed.changeSummary.update).toBe(1);
      // Refresh updates the state (the stack's outputs change on the next up).
      const checkpoint = (fs.readdirSync(path.join(cli.root, "backend"), { recursive: true }) as string[])
        .map(String)
        .find((f) => f.endsWith(path.join("batch-lookup-go", "dev.json")))!;
      const state = JSON.parse(fs.readFileSync(path.join(cli.root, "backend", checkpoint), "utf8")) as {
        checkpoint: { latest: { resources: Record<string, any>[] } };
      };
      const secondShared = state.checkpoint.latest.resources.find((res) => res.urn.endsWith("::second-shared"))!;
      expect(secondShared.outputs.location).toBe("northeurope");
      expect(secondShared.inputs.location).toBe("northeurope");
      const destroyed = await runProgram("destroy");
      expect(destroyed.changeSummary.delete).toBeGreaterThanOrEqual(3);
      expect(emulator.getAccount(CONTOSO_PROD)).toBeDefined();
    },
    TIMEOUT,
  );
});

describe("examples/go (its program, through the Automation API's inline mode)", () => {
  it(
    "vets and builds; up reads the account and its estate; destroy forgets the reference",
    async () => {
      emulator.resetData(); // the refresh test above moved contosoprodweu
      const binary = await buildGoExample(path.join(cli.root, "example-go"));
      const runExample = (operation: string) =>
        runDriver("examples/go", binary, [...exampleSettings(emulator), operation], {
          cwd: path.dirname(binary),
          env,
          timeout: TIMEOUT - 20_000,
        });
      const up = await runExample("up");
      expect(up.changeSummary.create).toBe(2); // the stack and the reference
      expect(up.outputs).toEqual(EXAMPLE_UP_OUTPUTS);
      const destroyed = await runExample("destroy");
      expect(destroyed.changeSummary.delete).toBe(2);
    },
    TIMEOUT * 2,
  );
});
