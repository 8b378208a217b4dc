// Runs the compiled `azure-batch-policies` bin (policies/dist/audit/cli.js) as a child process, the
// way a user runs it, against an emulator this process serves. The environment is the user's
// minus every setting the library reads, plus the emulator's (endpoint, token, CA bundle).

import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { type CommandResult, REPO_ROOT, run } from "./consumer";
import { assertGitHubSarif } from "./sarif/validate";

export const AUDIT_BIN = path.join(REPO_ROOT, "policies", "dist", "audit", "cli.js");

/** Library settings a developer's shell may carry; none of them may leak into a test run. */
const LIBRARY_SETTINGS = [
  "ARM_SUBSCRIPTION_ID",
  "AZURE_SUBSCRIPTION_ID",
  "ARM_ENVIRONMENT",
  "AZURE_ENVIRONMENT",
  "ARM_RESOURCE_MANAGER_ENDPOINT",
  "AZURE_RESOURCE_MANAGER_ENDPOINT",
  "ARM_RESOURCE_MANAGER_AUDIENCE",
  "AZURE_BATCH_LOOKUP_TOKEN",
  "ARM_TENANT_ID",
  "ARM_CLIENT_ID",
  "ARM_CLIENT_SECRET",
  "AZURE_BATCH_LOOKUP_MAX_CONCURRENT_REQUESTS",
  "AZURE_LOG_LEVEL",
  "PULUMI_CONFIG",
];

/** The environment of a user pointed at the emulator (`env` overrides; undefined removes). */
export function emulatorEnv(emulator: RunningEmulator, env: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of LIBRARY_SETTINGS) out[k] = undefined;
  // The audit prints progress in CI; a test that wants it sets CI (or --progress) itself.
  out.CI = undefined;
  return { ...out, ...emulator.env, ...env };
}

/** The SARIF logs a command line writes: the file of --output-sarif, the -o file or stdout of --format sarif. */
function sarifTargets(args: readonly string[]): { stdout: boolean; files: string[] } {
  const value = (...flags: string[]) => {
    const i = args.findIndex((a) => flags.includes(a));
    return i === -1 ? undefined : args[i + 1];
  };
  const files: string[] = [];
  const extra = value("--output-sarif");
  if (extra !== undefined) files.push(extra);
  const main = value("-f", "--format") === "sarif";
  const output = value("-o", "--output");
  if (main && output !== undefined) files.push(output);
  return { stdout: main && output === undefined, files };
}

/**
 * `node policies/dist/audit/cli.js <args>` in `cwd` (default: a directory outside nothing but the
 * repository). Every complete SARIF log the run writes (exit code 0 or 1) is checked against the
 * SARIF schema and GitHub code scanning's ingestion rules (sarif/validate.ts).
 */
export async function runAudit(
  emulator: RunningEmulator,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<CommandResult> {
  if (!fs.existsSync(AUDIT_BIN)) throw new Error(`${AUDIT_BIN} is missing: run \`npm run build\` first (\`npm test\` does).`);
  const cwd = options.cwd ?? REPO_ROOT;
  const result = await run(process.execPath, [AUDIT_BIN, ...args], cwd, {
    env: emulatorEnv(emulator, options.env),
    timeoutMs: 120_000,
  });
  if (result.status === 0 || result.status === 1) {
    const { stdout, files } = sarifTargets(args);
    if (stdout) assertGitHubSarif(result.stdout, `audit ${args.join(" ")}: stdout`);
    for (const file of files) assertGitHubSarif(fs.readFileSync(path.resolve(cwd, file), "utf8"), `audit ${args.join(" ")}: ${file}`);
  }
  return result;
}
