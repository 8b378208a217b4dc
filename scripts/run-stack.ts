// Runs a Pulumi stack directory (Pulumi.yaml + index.ts) with the real Pulumi CLI.
//
// The CLI does the real work: the engine, the local file backend, dynamic providers (their own
// process, through the `pulumi-resource-pulumi-nodejs` shim) and policy packs (through the
// `pulumi-analyzer-policy-nodejs` shim). The program itself runs through the Automation API's
// inline mode, where @pulumi/pulumi serves the language runtime in this process: the pinned CLI is
// built from the Go module proxy, which does not serve the Node.js language host. When a real
// `pulumi-language-nodejs` is installed, `pulumi preview` in the stack directory does the same.
//
// Each run happens in a child Node.js process with an isolated environment (private PULUMI_HOME,
// file backend, passphrase, no update checks or plugin downloads), so environment variables that
// Node.js reads only at startup (NODE_EXTRA_CA_CERTS, for the emulator's certificate) apply to the
// program too, and so every run starts from a clean module cache.
//
//   node dist/scripts/run-stack.js <stack-dir> <preview|up|refresh|destroy|outputs|export> [options]
//
// Options: --stack NAME, --config KEY=VALUE, --secret KEY=VALUE, --policy-pack DIR,
// --policy-pack-config FILE, --program FILE, --state-dir DIR, --inherit-env false, --json.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_STATE_DIR, isolatedEnv, REPO_ROOT } from "./stack/environment";
import { type ChildRequest, runInProcess } from "./stack/in-process";
import { type ConfigInput, type RunStackOptions, type RunStackResult, STACK_OPERATIONS, type StackOperation } from "./stack/types";

export { DEFAULT_PASSPHRASE, DEFAULT_STATE_DIR, isolatedEnv, pulumiBinDir, REPO_ROOT } from "./stack/environment";
export * from "./stack/types";

// ---- the parent side: one child process per run ----------------------------------------------

const CHILD_MARKER = "AZURE_BATCH_LOOKUP_RUN_STACK_CHILD";

/** Runs one operation on a stack in a child process with an isolated environment. */
export async function runStack(options: RunStackOptions): Promise<RunStackResult> {
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  const dir = path.resolve(options.dir);
  const env = isolatedEnv({ stateDir, stackDir: dir, env: options.env, inheritEnv: options.inheritEnv });
  env[CHILD_MARKER] = "1";
  const exchange = fs.mkdtempSync(path.join(os.tmpdir(), "run-stack-"));
  try {
    const policyPackConfigs = (options.policyPackConfigs ?? []).map((c, i) => {
      if (typeof c === "string") return path.resolve(c);
      const file = path.join(exchange, `policy-config-${i}.json`);
      fs.writeFileSync(file, JSON.stringify(c, null, 2));
      return file;
    });
    const request: ChildRequest = {
      dir,
      operation: options.operation,
      stackName: options.stackName ?? "dev",
      program: options.program === undefined ? undefined : path.resolve(options.program),
      config: options.config ?? {},
      removeConfig: options.removeConfig ?? [],
      policyPacks: (options.policyPacks ?? []).map((p) => path.resolve(p)),
      policyPackConfigs,
      stateDir,
      refresh: options.refresh ?? false,
    };
    const requestFile = path.join(exchange, "request.json");
    const resultFile = path.join(exchange, "result.json");
    fs.writeFileSync(requestFile, JSON.stringify(request));
    const script = childScript();
    const started = Date.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(nodeBinary(), [...script, "--request", requestFile, "--result", resultFile], {
        cwd: REPO_ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
        // Its own process group: a timeout also stops the CLI and the plugins it started.
        detached: true,
      });
      let err = "";
      child.stdout.setEncoding("utf8").on("data", (s: string) => options.onOutput?.(s));
      child.stderr.setEncoding("utf8").on("data", (s: string) => {
        err += s;
        options.onOutput?.(s);
      });
      const timer = setTimeout(
        () => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
          } catch {
            child.kill("SIGKILL");
          }
        },
        options.timeoutMs ?? 5 * 60_000,
      );
      child.on("error", reject);
      child.on("close", (c) => {
        clearTimeout(timer);
        resolve({ code: c, stderr: err });
      });
    });
    if (!fs.existsSync(resultFile)) {
      return {
        operation: options.operation,
        ok: false,
        error: `run-stack child exited with code ${code} before reporting a result:\n${stderr}`,
        stdout: "",
        stderr,
        outputs: {},
        secretOutputs: [],
        steps: [],
        policies: [],
        diagnostics: [],
        durationMs: Date.now() - started,
      };
    }
    return JSON.parse(fs.readFileSync(resultFile, "utf8")) as RunStackResult;
  } finally {
    fs.rmSync(exchange, { recursive: true, force: true });
  }
}

/** Node.js 24 from node_modules (the system one may be too old for the SDK). */
function nodeBinary(): string {
  const local = path.join(REPO_ROOT, "node_modules", ".bin", "node");
  return fs.existsSync(local) ? local : process.execPath;
}

/** How to start this module in a child: compiled JS directly, TypeScript through ts-node. */
function childScript(): string[] {
  if (__filename.endsWith(".js")) return [__filename];
  return ["-r", "ts-node/register/transpile-only", __filename];
}

// ---- command line -------------------------------------------------------------------------

const USAGE = `usage: run-stack <stack-dir> <${STACK_OPERATIONS.join("|")}> [--stack NAME] [--config K=V]... [--secret K=V]... [--policy-pack DIR]... [--policy-pack-config FILE]... [--program FILE] [--state-dir DIR] [--refresh] [--inherit-env true|false] [--json]`;

type CommandLine = { options: RunStackOptions; json: boolean } | { request: string; result: string } | { help: true };

/** A `--config KEY=VALUE` (or `--secret KEY=VALUE`, a secret value) as a stack configuration setting. */
export function configSetting(flag: string, text: string, fail: (message: string) => Error): [string, ConfigInput] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw fail(`--${flag} takes KEY=VALUE, got ${text}`);
  const value = text.slice(eq + 1);
  return [text.slice(0, eq), flag === "secret" ? { value, secret: true } : value];
}

function parseRunStackArgs(argv: string[]): CommandLine {
  let parsed: ReturnType<typeof parseRunStackCommandLine>;
  try {
    parsed = parseRunStackCommandLine(argv);
  } catch (err) {
    throw new Error(`run-stack: ${(err as Error).message}\n${USAGE}`);
  }
  const { values, positionals, tokens } = parsed;
  if (values.help === true) return { help: true };
  // The child side of runStack: `--request FILE --result FILE`.
  if (values.request !== undefined || values.result !== undefined) {
    if (values.request === undefined || values.result === undefined) throw new Error("run-stack: --request and --result go together");
    return { request: values.request, result: values.result };
  }
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
      request: { type: "string" },
      result: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** A short human summary of a result: outputs, policy results, failure. */
export function formatResult(result: RunStackResult): string {
  const lines: string[] = [];
  if (Object.keys(result.outputs).length > 0) {
    lines.push("Stack outputs:");
    for (const [k, v] of Object.entries(result.outputs)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
  }
  if (result.policies.length > 0) {
    lines.push("Policy results:");
    for (const p of result.policies)
      lines.push(`  [${p.enforcementLevel}] ${p.policyPackName}/${p.policyName}: ${p.message.split("\n")[0]}`);
  }
  lines.push(
    result.ok
      ? `${result.operation}: succeeded in ${(result.durationMs / 1000).toFixed(1)} s`
      : `${result.operation}: FAILED\n${result.error ?? ""}`,
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const parsed = parseRunStackArgs(process.argv.slice(2));
  if ("help" in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if ("request" in parsed) {
    const request = JSON.parse(fs.readFileSync(parsed.request, "utf8")) as ChildRequest;
    const result = await runInProcess(request);
    fs.writeFileSync(parsed.result, JSON.stringify(result));
    process.exit(result.ok ? 0 : 1);
  }
  const result = await runStack({ ...parsed.options, onOutput: parsed.json ? undefined : (s) => process.stdout.write(s) });
  if (parsed.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`\n${formatResult(result)}\n`);
  process.exitCode = result.ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}
