// The stack driver's command line: runs one operation on a Pulumi stack directory with the real
// Pulumi CLI (see scripts/stack/driver.ts, the library behind it) and prints a summary or JSON.
//
//   node dist/scripts/run-stack.js <stack-dir> <preview|up|refresh|destroy|outputs|export> [options]
//
// Options: --stack NAME, --config KEY=VALUE, --secret KEY=VALUE, --policy-pack DIR,
// --policy-pack-config FILE, --program FILE, --state-dir DIR, --inherit-env false, --json.

import { parseArgs } from "node:util";
import { configSetting } from "./stack/config-flag";
import { formatResult, runStack } from "./stack/driver";
import { type ConfigInput, type RunStackOptions, STACK_OPERATIONS, type StackOperation } from "./stack/types";

const USAGE = `usage: run-stack <stack-dir> <${STACK_OPERATIONS.join("|")}> [--stack NAME] [--config K=V]... [--secret K=V]... [--policy-pack DIR]... [--policy-pack-config FILE]... [--program FILE] [--state-dir DIR] [--refresh] [--inherit-env true|false] [--json]`;

type CommandLine = { options: RunStackOptions; json: boolean } | { help: true };

function parseRunStackArgs(argv: string[]): CommandLine {
  let parsed: ReturnType<typeof parseRunStackCommandLine>;
  try {
    parsed = parseRunStackCommandLine(argv);
  } catch (err) {
    throw new Error(`run-stack: ${(err as Error).message}\n${USAGE}`);
  }
  const { values, positionals, tokens } = parsed;
  if (values.help === true) return { help: true };
  const config: Record<string, ConfigInput> = {};
  // In command-line order, so that the last value given for a key wins.
  for (const token of tokens) {
    if (token.kind !== "option" || (token.name !== "config" && token.name !== "secret")) continue;
    const [k, v] = configSetting(token.name, token.value!, (message) => new Error(`run-stack: ${message}`));
    config[k] = v;
  }
  const [dir, operation, ...extra] = positionals;
  if (dir === undefined || operation === undefined || extra.length > 0 || !STACK_OPERATIONS.includes(operation as StackOperation)) {
    throw new Error(USAGE);
  }
  const options: RunStackOptions = {
    dir,
    operation: operation as StackOperation,
    config,
    policyPacks: values["policy-pack"] ?? [],
    policyPackConfigs: values["policy-pack-config"] ?? [],
  };
  if (values.stack !== undefined) options.stackName = values.stack;
  if (values.program !== undefined) options.program = values.program;
  if (values["state-dir"] !== undefined) options.stateDir = values["state-dir"];
  if (values.refresh === true) options.refresh = true;
  if (values["inherit-env"] !== undefined) options.inheritEnv = values["inherit-env"] !== "false";
  return { options, json: values.json === true };
}

function parseRunStackCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    tokens: true,
    options: {
      stack: { type: "string" },
      program: { type: "string" },
      "state-dir": { type: "string" },
      "policy-pack": { type: "string", multiple: true },
      "policy-pack-config": { type: "string", multiple: true },
      config: { type: "string", multiple: true },
      secret: { type: "string", multiple: true },
      refresh: { type: "boolean" },
      "inherit-env": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function main(): Promise<void> {
  const parsed = parseRunStackArgs(process.argv.slice(2));
  if ("help" in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const result = await runStack({ ...parsed.options, onOutput: parsed.json ? undefined : (s) => process.stdout.write(s) });
  if (parsed.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`\n${formatResult(result)}\n`);
  process.exitCode = result.ok ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
