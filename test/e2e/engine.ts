// Shared setup of the end-to-end suites: the real Pulumi CLI (scripts/ensure-pulumi.sh) driving
// stacks through scripts/stack/driver against the ARM emulator, each suite with its own emulator and
// its own file backend.
//
// The driver is loaded from dist/ (`npm test` builds first): each run is a child Node.js process
// started from the compiled script, exactly as `npm start` and users run it.

import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import {
  type ArmBatchAccount,
  EMULATOR_TOKEN,
  type EmulatorOptions,
  EXAMPLES_SUBSCRIPTION_ID,
  type RunningEmulator,
  startEmulator,
} from "../../emulator";
import type * as RunStackModule from "../../scripts/stack/driver";

export type { ConfigInput, RunStackOptions, RunStackResult } from "../../scripts/stack/driver";

import type { ConfigInput, RunStackOptions, RunStackResult } from "../../scripts/stack/driver";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const POLICY_PACK_DIR = path.join(REPO_ROOT, "policies");
export const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");

const compiledDriver = path.join(REPO_ROOT, "dist", "scripts", "stack", "driver.js");

/** The compiled driver; a clear failure when the build is missing. */
export function driver(): typeof RunStackModule {
  if (!fs.existsSync(compiledDriver)) {
    throw new Error(`${compiledDriver} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
  return createRequire(__filename)(compiledDriver) as typeof RunStackModule;
}

/**
 * The pinned Pulumi CLI's bin directory. Never skips: when the CLI is missing and cannot be
 * installed, this throws ensure-pulumi.sh's explanation and every test of the suite fails.
 */
export function requirePulumiCli(): string {
  return driver().pulumiBinDir();
}

/** Generous per-test timeout for tests that run the engine several times. */
export const ENGINE_TIMEOUT_MS = 180_000;

export interface EngineSuite {
  emulator: RunningEmulator;
  /** This suite's backend, PULUMI_HOME and workspaces (a fresh temporary directory). */
  stateDir: string;
  /** Configuration pointing the library at the emulator (the token as a secret). */
  emulatorConfig(subscriptionId?: string): Record<string, ConfigInput>;
  /**
   * Runs one operation with the emulator's configuration and CA, in this suite's isolated state.
   * `emulatorConfig: false` leaves the configuration entirely to `config` and `env`.
   */
  run(options: Omit<RunStackOptions, "stateDir"> & { emulatorConfig?: boolean }): Promise<RunStackResult>;
  stop(): Promise<void>;
}

export async function startEngineSuite(name: string, emulatorOptions: EmulatorOptions = {}): Promise<EngineSuite> {
  requirePulumiCli();
  const emulator = await startEmulator(emulatorOptions);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `azure-batch-e2e-${name}-`));
  const emulatorConfig = (subscriptionId: string = EXAMPLES_SUBSCRIPTION_ID): Record<string, ConfigInput> => ({
    "azure-batch-lookup:endpoint": emulator.url,
    "azure-batch-lookup:token": { value: emulator.token, secret: true },
    "azure-batch-lookup:subscriptionId": subscriptionId,
  });
  return {
    emulator,
    stateDir,
    emulatorConfig,
    run: ({ emulatorConfig: useEmulatorConfig = true, ...options }) =>
      driver().runStack({
        ...options,
        stateDir,
        inheritEnv: false,
        config: { ...(useEmulatorConfig ? emulatorConfig() : {}), ...options.config },
        env: { NODE_EXTRA_CA_CERTS: emulator.caCertPath, ...options.env },
        timeoutMs: options.timeoutMs ?? ENGINE_TIMEOUT_MS - 10_000,
      }),
    stop: async () => {
      await emulator.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The official examples' sampleacct, which the default data set holds in its default subscription. */
export const SAMPLE = {
  subscriptionId: EXAMPLES_SUBSCRIPTION_ID,
  resourceGroupName: "default-azurebatch-japaneast",
  accountName: "sampleacct",
};

/** sampleacct as the suite's emulator holds it now. */
export function sampleAccount(suite: EngineSuite): ArmBatchAccount & { properties: Record<string, any> } {
  const account = suite.emulator.getAccount(SAMPLE);
  if (account === undefined) throw new Error("the default data set has no sampleacct");
  return account as ArmBatchAccount & { properties: Record<string, any> };
}

/** Fails with the engine's own explanation when a run did not succeed. */
export function expectSucceeded(result: RunStackResult): RunStackResult {
  if (!result.ok) {
    throw new Error(`pulumi ${result.operation} failed:\n${result.error ?? ""}\n--- output ---\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Every file under `dir` whose content contains `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && fs.readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The resources of an exported deployment (`pulumi stack export`). */
export function stateResources(result: RunStackResult): StateResource[] {
  const deployment = result.deployment as { deployment?: { resources?: StateResource[] } } | undefined;
  return deployment?.deployment?.resources ?? [];
}

export { EMULATOR_TOKEN, EXAMPLES_SUBSCRIPTION_ID };
