// `npm start`: previews the quickstart stack (Pulumi.yaml + index.ts at the repository root) with
// the policy pack in policies/, with the real Pulumi CLI on a local file backend.
//
//   npm start                      against the local ARM emulator (started here, default data set)
//   npm start -- --azure           against Azure: your credentials (az login, AZURE_* / ARM_*) and
//                                  configuration; or AZURE_BATCH_LOOKUP_DEMO=azure npm start
//
// Options: --config KEY=VALUE and --secret KEY=VALUE (stack configuration, for example
// batch-quickstart:accountName=myaccount), --policy-pack-config FILE, --no-policies, --quiet (do
// not stream the engine's output), --strict (exit 1 when a mandatory policy fails the preview),
// --stack NAME (default "demo"), --state-dir DIR (default .pulumi-state/demo).

import * as path from "node:path";
import { parseArgs } from "node:util";
import type { RunningEmulator } from "../emulator";
import { configSetting } from "./stack/config-flag";
import { type ConfigInput, pulumiBinDir, REPO_ROOT, type RunStackResult, runStack } from "./stack/driver";

interface DemoOptions {
  azure: boolean;
  config: Record<string, ConfigInput>;
  policyPackConfigs: string[];
  policies: boolean;
  quiet: boolean;
  strict: boolean;
  stackName: string;
  stateDir: string;
}

const USAGE = `usage: npm start [-- [--azure] [--config KEY=VALUE]... [--secret KEY=VALUE]... [--policy-pack-config FILE]
                       [--no-policies] [--quiet] [--strict] [--stack NAME] [--state-dir DIR]]`;

/** `KEY=VALUE` of --config and --secret, split at the first "=". */
function parseDemoArgs(argv: string[]): DemoOptions {
  let parsed: ReturnType<typeof parseDemoCommandLine>;
  try {
    parsed = parseDemoCommandLine(argv);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`);
  }
  const { values, tokens } = parsed;
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const options: DemoOptions = {
    azure: (process.env.AZURE_BATCH_LOOKUP_DEMO ?? "").toLowerCase() === "azure",
    config: {},
    policyPackConfigs: (values["policy-pack-config"] ?? []).map((f) => path.resolve(f)),
    policies: values["no-policies"] !== true,
    quiet: values.quiet === true,
    strict: values.strict === true,
    stackName: values.stack,
    stateDir: path.resolve(values["state-dir"] ?? path.join(REPO_ROOT, ".pulumi-state", "demo")),
  };
  // In command-line order: the last of --azure and --emulator wins, and so does the last value of a key.
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    if (token.name === "azure") options.azure = true;
    else if (token.name === "emulator") options.azure = false;
    else if (token.name === "config" || token.name === "secret") {
      const [k, v] = configSetting(token.name, token.value!, (message) => new Error(`${message}\n${USAGE}`));
      options.config[k] = v;
    }
  }
  return options;
}

function parseDemoCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    tokens: true,
    options: {
      azure: { type: "boolean" },
      emulator: { type: "boolean" },
      config: { type: "string", multiple: true },
      secret: { type: "string", multiple: true },
      "policy-pack-config": { type: "string", multiple: true },
      "no-policies": { type: "boolean" },
      quiet: { type: "boolean" },
      strict: { type: "boolean" },
      stack: { type: "string", default: "demo" },
      "state-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

const say = (line = ""): void => {
  process.stdout.write(`${line}\n`);
};
const rule = (title: string) => say(`\n── ${title} ${"─".repeat(Math.max(0, 72 - title.length))}`);

function printLookups(result: RunStackResult): void {
  rule("Resolved lookups (stack outputs of the preview)");
  const entries = Object.entries(result.outputs);
  if (entries.length === 0) {
    say("  (none: the program did not get far enough to resolve them)");
    return;
  }
  const width = Math.max(...entries.map(([k]) => k.length));
  for (const [k, v] of entries) say(`  ${k.padEnd(width)}  ${typeof v === "string" ? v : JSON.stringify(v)}`);
}

function printPolicies(result: RunStackResult, enabled: boolean): void {
  rule("Policy results (azure-batch-policies)");
  if (!enabled) {
    say("  (policy pack not used: --no-policies)");
    return;
  }
  if (result.policies.length === 0) {
    say(
      result.ok
        ? "  No violations: every referenced account complies."
        : "  (no policy results: the preview failed before the policies ran)",
    );
    return;
  }
  const order = (level: string) => (level === "mandatory" ? 0 : 1);
  for (const p of [...result.policies].sort((a, b) => order(a.enforcementLevel) - order(b.enforcementLevel))) {
    const resource = p.resourceUrn?.split("::").pop() ?? "(stack)";
    const detail =
      p.message
        .split("\n")
        .filter((l) => l.trim() !== "")
        .pop() ?? p.message;
    say(`  [${p.enforcementLevel}] ${p.policyName} on ${resource}`);
    say(`      ${detail.trim()}`);
  }
}

async function main(): Promise<number> {
  const options = parseDemoArgs(process.argv.slice(2));
  say("azure-batch-lookup demo: `pulumi preview` of the quickstart stack (Pulumi.yaml, index.ts)");
  say(`with the policy pack in policies/, on a local file backend (${path.relative(REPO_ROOT, options.stateDir) || "."}).`);

  const bin = pulumiBinDir();
  say(`Pulumi CLI: ${path.join(bin, "pulumi")}`);

  let emulator: RunningEmulator | undefined;
  let stopping: Promise<void> | undefined;
  const stopEmulator = (): Promise<void> =>
    (stopping ??= emulator === undefined ? Promise.resolve() : emulator.stop().then(() => say("\nStopped the ARM emulator.")));
  const onSignal = (signal: NodeJS.Signals) => {
    void stopEmulator().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    let config: Record<string, ConfigInput> = {};
    let env: Record<string, string> = {};
    if (options.azure) {
      say("Target: Azure (credentials from `az login`, AZURE_* / ARM_* variables or managed identity;");
      say("        subscription from --config azure-batch-lookup:subscriptionId=... or ARM_SUBSCRIPTION_ID).");
    } else {
      const { startEmulator, EXAMPLES_SUBSCRIPTION_ID } = require("../emulator") as typeof import("../emulator");
      emulator = await startEmulator();
      const accounts = emulator.listAccounts().length;
      say(
        `Target: the ARM emulator at ${emulator.url} (default data set: ${accounts} accounts in ${emulator.subscriptions().length} subscriptions).`,
      );
      say(`        Its CA certificate (NODE_EXTRA_CA_CERTS): ${emulator.caCertPath}`);
      config = {
        "azure-batch-lookup:endpoint": emulator.url,
        "azure-batch-lookup:token": { value: emulator.token, secret: true },
        "azure-batch-lookup:subscriptionId": EXAMPLES_SUBSCRIPTION_ID,
      };
      env = { NODE_EXTRA_CA_CERTS: emulator.caCertPath! };
    }

    rule("pulumi preview");
    const result = await runStack({
      dir: REPO_ROOT,
      operation: "preview",
      stackName: options.stackName,
      stateDir: options.stateDir,
      config: { ...config, ...options.config },
      env,
      inheritEnv: options.azure,
      policyPacks: options.policies ? [path.join(REPO_ROOT, "policies")] : [],
      policyPackConfigs: options.policies ? options.policyPackConfigs : [],
      onOutput: options.quiet ? undefined : (s) => process.stdout.write(s),
    });

    printLookups(result);
    printPolicies(result, options.policies);

    rule("Result");
    const blockedByPolicy = !result.ok && result.policies.some((p) => p.enforcementLevel === "mandatory");
    if (result.ok) {
      say(`The preview succeeded (${(result.durationMs / 1000).toFixed(1)} s).`);
    } else if (blockedByPolicy) {
      say("The preview was BLOCKED by mandatory policies: the stack references a Batch account that");
      say("violates them. The program only names the account; the policies judged its real properties,");
      say("read by BatchAccountReference during the preview. Fix the account, or choose the policies'");
      say("enforcement with --policy-pack-config FILE (see policies/README.md). Exit code 0: the demo");
      say("ran as intended (--strict exits 1 instead).");
    } else {
      say("The preview failed:");
      say(result.error ?? "(no error message)");
    }
    if (!options.azure) say("\nTo preview the same stack against Azure: npm start -- --azure (see README.md).");
    if (result.ok) return 0;
    return blockedByPolicy && !options.strict ? 0 : 1;
  } finally {
    await stopEmulator();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
