// A Python program on the generated Python SDK (sdk/python, built as a wheel and installed into the
// repository's virtual environment by scripts/ensure-python.sh), run through the Python Automation
// API's inline mode with the real CLI against the emulator: type-checked under mypy --strict, then
// preview (with the policy pack), up, refresh, destroy, and a failing lookup. The plugin is the
// packed package installed outside the repository, found by the CLI on PATH.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { filesContaining } from "../e2e/engine";
import { PulumiCli } from "../support/pulumi-cli";
import {
  advisoryPolicyPack,
  CONTOSO_ACCOUNT_NAMES,
  CONTOSO_PROD,
  copyProgram,
  EXAMPLE_UP_OUTPUTS,
  ensurePythonEnv,
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
let python: string;
let env: NodeJS.ProcessEnv;

const runProgram = (operation: string, extra: string[] = []) =>
  runDriver("main.py", python, ["main.py", ...programSettings(emulator), ...extra, operation], {
    cwd: program,
    env,
    timeout: TIMEOUT - 20_000,
  });

beforeAll(async () => {
  const venv = ensurePythonEnv();
  python = path.join(venv, "bin", "python");
  const install = await installPlugin();
  emulator = await startEmulator();
  cli = await PulumiCli.create();
  program = copyProgram("python", path.join(cli.root, "python"));
  env = cli.environment({ ...programEnv(emulator, pluginPath(cli, install)), PYTHONDONTWRITEBYTECODE: "1" });
}, 600_000);

afterAll(async () => {
  await emulator?.stop();
  await cli?.dispose();
});

describe("Python program on the generated SDK (Automation API, inline)", () => {
  it("type-checks against the installed SDK under mypy --strict", async () => {
    const { stdout } = await exec(python, ["-m", "mypy", "--strict", "--cache-dir", path.join(cli.root, "mypy-cache"), "main.py"], {
      cwd: program,
      env,
    });
    expect(stdout).toMatch(/^Success: no issues found in 1 source file/m);
  });

  it("mypy --strict rejects a program that misuses the SDK", async () => {
    const broken = path.join(program, "broken.py");
    fs.writeFileSync(
      broken,
      [
        "import pulumi_azure_batch_lookup as batch",
        "",
        "account = batch.get_batch_account(account_name=42, resource_group_name='rg')",
        "endpoint: int = account.account_endpoint",
        "",
      ].join("\n"),
    );
    const failed = await exec(python, ["-m", "mypy", "--strict", "--cache-dir", path.join(cli.root, "mypy-cache"), "broken.py"], {
      cwd: program,
      env,
    }).then(
      () => undefined,
      (err: { stdout: string }) => err.stdout,
    );
    expect(failed).toMatch(/broken\.py:3: error: Argument "account_name" to "get_batch_account" has incompatible type "int"/);
    expect(failed).toMatch(/broken\.py:4: error: Incompatible types in assignment/);
  });

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
    "up: every lookup, both references and the explicit provider's subscription; no token in clear",
    async () => {
      const r = await runProgram("up");
      const o = r.outputs;
      expect(o.accountEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
      expect(o.publicNetworkAccess).toBe("Enabled");
      expect(o.outputLocation).toBe("japaneast");
      expect(o.subscriptionAccountNames).toEqual(["sampleacct", "sampleacctsysid"]);
      expect(o.subscriptionIdsAccountSubscriptions).toEqual([EXAMPLES_SUBSCRIPTION_ID, CONTOSO_SUBSCRIPTION_ID].sort());
      expect(o.tenantAccountSubscriptions).toEqual(expect.arrayContaining([EXAMPLES_SUBSCRIPTION_ID, CONTOSO_SUBSCRIPTION_ID]));
      expect((o.tenantAccountSubscriptions as string[]).length).toBeGreaterThan(2);
      expect(o.secondAccountNames).toEqual(CONTOSO_ACCOUNT_NAMES);
      expect(o.secondResourceGroupAccountNames).toEqual(["contosonetrules", "contosoprodweu"]);
      expect(o.secondPoolNames).toEqual(["render-legacy", "render-secure"]);
      expect(o.secondDiagnosticSettingNames).toEqual(["to-log-analytics"]);
      expect(o.secondDnsZoneGroupNames).toEqual(["default"]);
      expect(o.sharedId).toBe(
        `/subscriptions/${EXAMPLES_SUBSCRIPTION_ID}/resourceGroups/default-azurebatch-japaneast/providers/Microsoft.Batch/batchAccounts/sampleacct`,
      );
      expect(o.sharedEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
      expect(o.secondSharedSubscriptionId).toBe(CONTOSO_SUBSCRIPTION_ID);
      expect(o.secondSharedLocation).toBe("westeurope");
      expect(filesContaining(path.join(cli.root, "backend"), emulator.token)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "refresh re-reads the referenced accounts; destroy leaves the accounts in Azure",
    async () => {
      emulator.patchAccount(CONTOSO_PROD, { location: "northeurope" });
      try {
        const refreshed = await runProgram("refresh");
        expect(refreshed.changeSummary.update).toBe(1);
        const up = await runProgram("up");
        expect(up.outputs.secondSharedLocation).toBe("northeurope");
      } finally {
        emulator.resetData();
      }
      const destroyed = await runProgram("destroy");
      expect(destroyed.changeSummary.delete).toBeGreaterThanOrEqual(3);
      expect(emulator.getAccount(CONTOSO_PROD)).toBeDefined();
    },
    TIMEOUT,
  );

  it(
    "a failing lookup surfaces the library's code and message",
    async () => {
      const failed = await runProgram("preview", ["--stack", "failing", "--config", "accountName=nosuchaccount"]).then(
        () => "",
        (err: Error) => err.message,
      );
      expect(failed).toMatch(/BatchLookupError ResourceNotFound \(HTTP 404\)/);
      expect(failed).toMatch(/nosuchaccount/);
    },
    TIMEOUT,
  );
});

describe("examples/python (its program function, through the Automation API's inline mode)", () => {
  const example = () => path.join(cli.root, "example-python");
  const runExample = (operation: string) =>
    runDriver(
      "examples/python",
      python,
      [
        path.join(program, "driver.py"),
        "--program-file",
        path.join(example(), "__main__.py"),
        "--project",
        "batch-lookup-python",
        ...exampleSettings(emulator),
        operation,
      ],
      { cwd: example(), env, timeout: TIMEOUT - 20_000 },
    );

  it(
    "type-checks under mypy --strict; up reads the account and its estate; destroy forgets the reference",
    async () => {
      fs.cpSync(path.join(REPO_ROOT, "examples", "python"), example(), { recursive: true });
      const { stdout } = await exec(python, ["-m", "mypy", "--strict", "--cache-dir", path.join(cli.root, "mypy-cache"), "__main__.py"], {
        cwd: example(),
        env,
      });
      expect(stdout).toMatch(/^Success: no issues found in 1 source file/m);
      const up = await runExample("up");
      expect(up.changeSummary.create).toBe(2); // the stack and the reference
      expect(up.outputs).toEqual(EXAMPLE_UP_OUTPUTS);
      const destroyed = await runExample("destroy");
      expect(destroyed.changeSummary.delete).toBe(2);
    },
    TIMEOUT,
  );
});
