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

import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as automation from "@pulumi/pulumi/automation";

export type StackOperation = "preview" | "up" | "refresh" | "destroy" | "outputs" | "export";
export const STACK_OPERATIONS: readonly StackOperation[] = ["preview", "up", "refresh", "destroy", "outputs", "export"];

/** A configuration value; secrets are encrypted in the stack's settings file. */
export type ConfigInput = string | { value: string; secret?: boolean };

export interface RunStackOptions {
  /** Directory holding Pulumi.yaml and the program (index.ts, or Pulumi.yaml's `main`). */
  dir: string;
  operation: StackOperation;
  /** Stack name; default "dev". */
  stackName?: string;
  /** The program file, instead of Pulumi.yaml's `main` or `index.ts` (for example a variant of the program). */
  program?: string;
  /** Stack configuration, `namespace:key` or `key` (then in the project's namespace). */
  config?: Record<string, ConfigInput>;
  /** Configuration keys to remove before the run. */
  removeConfig?: string[];
  /** Policy pack directories (preview and up). */
  policyPacks?: string[];
  /** Policy pack configuration JSON files, one per pack, or objects written to such files. */
  policyPackConfigs?: Array<string | Record<string, unknown>>;
  /** Environment for the program, the CLI, providers and policy packs, on top of the isolated one. */
  env?: Record<string, string | undefined>;
  /** Keep PULUMI_*, ARM_* and AZURE_* variables of this process. Default true (set false in tests). */
  inheritEnv?: boolean;
  /** Where the backend, PULUMI_HOME and workspaces live. Default `<repo>/.pulumi-state`. */
  stateDir?: string;
  /** Refresh before preview/up. */
  refresh?: boolean;
  /** Streams the engine's display output (the text `pulumi preview` prints). */
  onOutput?: (text: string) => void;
  /** Kills the run after this long. Default 5 minutes. */
  timeoutMs?: number;
}

export interface StepSummary {
  op: string;
  urn: string;
  type: string;
  diffs?: string[];
  detailedDiff?: Record<string, { diffKind: string; inputDiff: boolean }>;
  /** For updates and replacements: top-level properties whose new inputs differ from the old state. */
  changedKeys?: string[];
}

export interface PolicyResult {
  policyPackName: string;
  policyName: string;
  enforcementLevel: string;
  message: string;
  resourceUrn?: string;
}

export interface RunStackResult {
  operation: StackOperation;
  ok: boolean;
  /** The CLI's error (stderr and message) when `ok` is false. */
  error?: string;
  /** Everything the engine printed. */
  stdout: string;
  stderr: string;
  /** The stack's outputs: from the preview's or update's stack outputs event, or from the state. */
  outputs: Record<string, unknown>;
  /** Output names the engine reported as secret. */
  secretOutputs: string[];
  steps: StepSummary[];
  policies: PolicyResult[];
  diagnostics: Array<{ severity: string; message: string; urn?: string }>;
  changeSummary?: Record<string, number>;
  /** For `export`: the deployment (`pulumi stack export`). */
  deployment?: unknown;
  /** Wall-clock duration of the run, milliseconds. */
  durationMs: number;
}

// ---- locations and environment ------------------------------------------------------------

/** The repository root: the nearest directory above this file with the package's package.json. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "azure-batch-lookup") return dir;
    if (path.dirname(dir) === dir) throw new Error(`run-stack: no azure-batch-lookup package.json above ${start}`);
  }
}

export const DEFAULT_STATE_DIR = path.join(REPO_ROOT, ".pulumi-state");
export const DEFAULT_PASSPHRASE = "azure-batch-lookup-local-passphrase";

let binDirCache: string | undefined;

/**
 * The directory of the pinned pulumi CLI and its Node.js shims, from scripts/ensure-pulumi.sh
 * (which builds them when missing). Throws with the script's own explanation when it cannot.
 */
export function pulumiBinDir(): string {
  if (binDirCache !== undefined) return binDirCache;
  const result = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, PATH: `${path.join(REPO_ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}` },
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (result.stdout ?? "").trim().split("\n");
  const dir = lines[lines.length - 1]?.trim() ?? "";
  if (result.status !== 0 || dir === "" || !fs.existsSync(path.join(dir, "pulumi"))) {
    throw new Error(
      `The Pulumi CLI is not available and scripts/ensure-pulumi.sh could not install it (exit ${result.status}):\n` +
        `${(result.stderr ?? "").trim() || result.error?.message || "(no output)"}`,
    );
  }
  binDirCache = dir;
  return dir;
}

/** node_modules directories from `dir` up to the root, for NODE_PATH. */
function nodeModulesChain(dir: string): string[] {
  const chain: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules");
    if (fs.existsSync(candidate)) chain.push(candidate);
    if (path.dirname(d) === d) return chain;
  }
}

const INHERITED_PREFIXES = ["PULUMI_", "ARM_", "AZURE_"];

/**
 * The isolated environment of a run: the pinned CLI and Node.js 24 first on PATH, a private
 * PULUMI_HOME, a file backend under `stateDir`, a passphrase, no update checks and no plugin
 * downloads. NODE_PATH lets the dynamic provider process (started in the workspace directory)
 * resolve `azure-batch-lookup/reference-provider` from the stack directory's node_modules.
 */
export function isolatedEnv(options: {
  stateDir?: string;
  stackDir?: string;
  env?: Record<string, string | undefined>;
  inheritEnv?: boolean;
}): Record<string, string> {
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (options.inheritEnv === false && INHERITED_PREFIXES.some((p) => k.startsWith(p))) continue;
    base[k] = v;
  }
  const nodePath = [...(options.stackDir ? nodeModulesChain(options.stackDir) : []), ...nodeModulesChain(REPO_ROOT)];
  const env: Record<string, string> = {
    ...base,
    PATH: [pulumiBinDir(), path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: path.join(stateDir, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: base.PULUMI_CONFIG_PASSPHRASE ?? DEFAULT_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NODE_PATH: [...new Set([...nodePath, ...(base.NODE_PATH ? base.NODE_PATH.split(path.delimiter) : [])])].join(path.delimiter),
  };
  delete env.PULUMI_ACCESS_TOKEN;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  fs.mkdirSync(path.join(stateDir, "home"), { recursive: true });
  fs.mkdirSync(path.join(stateDir, "backend"), { recursive: true });
  return env;
}

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
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }, options.timeoutMs ?? 5 * 60_000);
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

// ---- the child side: the inline program and the CLI ------------------------------------------

interface ChildRequest {
  dir: string;
  operation: StackOperation;
  stackName: string;
  program?: string;
  config: Record<string, ConfigInput>;
  removeConfig: string[];
  policyPacks: string[];
  policyPackConfigs: string[];
  stateDir: string;
  refresh: boolean;
}

/** Registers ts-node the way Pulumi does for TypeScript programs, without type checking. */
function registerTypeScript(stackDir: string): void {
  // Already registered (this module itself runs through ts-node): that registration compiles the program too.
  if ((process as unknown as Record<symbol, unknown>)[Symbol.for("ts-node.register.instance")] !== undefined) return;
  const tsconfig = path.join(stackDir, "tsconfig.json");
  const hasProject = fs.existsSync(tsconfig);
  const tsnode = require("ts-node") as typeof import("ts-node");
  tsnode.register({
    transpileOnly: true,
    project: hasProject ? tsconfig : undefined,
    skipProject: !hasProject,
    compilerOptions: hasProject ? {} : { module: "commonjs", target: "ES2022", esModuleInterop: true },
  });
}

/** The program module, run as Pulumi's Node.js language host runs it: its exports are the stack outputs. */
function inlineProgram(programPath: string): automation.PulumiFn {
  return async () => {
    let exported = require(programPath) as Record<string, unknown> | (() => unknown);
    if (typeof exported === "object" && exported !== null && typeof exported.default === "function") {
      exported = exported.default as () => unknown;
    }
    if (typeof exported === "function") return (await exported()) as Record<string, unknown>;
    return exported;
  };
}

function emptyResult(operation: StackOperation): RunStackResult {
  return {
    operation,
    ok: true,
    stdout: "",
    stderr: "",
    outputs: {},
    secretOutputs: [],
    steps: [],
    policies: [],
    diagnostics: [],
    durationMs: 0,
  };
}

function collectEvent(result: RunStackResult, event: automation.EngineEvent): void {
  const pre = event.resourcePreEvent?.metadata;
  if (pre !== undefined) {
    const step: StepSummary = { op: pre.op, urn: pre.urn, type: pre.type };
    if (pre.diffs != null) step.diffs = pre.diffs;
    if (pre.detailedDiff != null) step.detailedDiff = pre.detailedDiff as StepSummary["detailedDiff"];
    if ((pre.op === "update" || pre.op === "replace") && pre.old !== undefined && pre.new !== undefined) {
      const olds = (pre.old.outputs ?? {}) as Record<string, unknown>;
      const news = (pre.new.inputs ?? {}) as Record<string, unknown>;
      step.changedKeys = [...new Set([...Object.keys(olds), ...Object.keys(news)])]
        .filter((k) => k !== "__provider" && JSON.stringify(olds[k]) !== JSON.stringify(news[k]))
        .sort();
    }
    result.steps.push(step);
  }
  const outs = event.resOutputsEvent?.metadata;
  if (outs !== undefined && outs.type === "pulumi:pulumi:Stack" && outs.new?.outputs !== undefined) {
    result.outputs = outs.new.outputs;
  }
  const policy = event.policyEvent;
  if (policy !== undefined) {
    result.policies.push({
      policyPackName: policy.policyPackName,
      policyName: policy.policyName,
      enforcementLevel: policy.enforcementLevel,
      message: policy.message,
      resourceUrn: policy.resourceUrn,
    });
  }
  const diag = event.diagnosticEvent;
  if (diag !== undefined && (diag.severity === "error" || diag.severity === "warning")) {
    result.diagnostics.push({ severity: diag.severity, message: diag.message.trim(), urn: diag.urn });
  }
}

/** Runs the request in this process (the child). */
export async function runInProcess(request: ChildRequest): Promise<RunStackResult> {
  const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation") as typeof automation;
  const started = Date.now();
  const result = emptyResult(request.operation);

  // Project settings come from the stack directory; the workspace lives under the state
  // directory so that runs never write Pulumi.<stack>.yaml into the examples.
  const settings = readProjectSettings(request.dir);
  const programPath = request.program ?? resolveProgram(request.dir, settings.main);
  const { main: _main, ...projectSettings } = settings;
  const workDir = path.join(
    request.stateDir,
    "work",
    `${settings.name}-${crypto.createHash("sha256").update(request.dir).digest("hex").slice(0, 8)}`,
  );
  fs.mkdirSync(workDir, { recursive: true });
  const stackFile = `Pulumi.${request.stackName}.yaml`;
  // A stack settings file next to the program (a user's `pulumi config set`) is the base of every run.
  const userStackFile = fs.existsSync(path.join(request.dir, stackFile));
  if (userStackFile) fs.copyFileSync(path.join(request.dir, stackFile), path.join(workDir, stackFile));

  registerTypeScript(request.dir);
  const program = inlineProgram(programPath);
  // One `pulumi version` for both the command and the workspace.
  const pulumiCommand = await PulumiCommand.get();
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: request.stackName, projectName: settings.name, program },
    { workDir, projectSettings, pulumiCommand },
  );
  if (request.removeConfig.length > 0) await stack.removeAllConfig(request.removeConfig);
  const config: Record<string, { value: string; secret?: boolean }> = {};
  for (const [key, value] of Object.entries(request.config)) {
    const full = key.includes(":") ? key : `${settings.name}:${key}`;
    config[full] = typeof value === "string" ? { value } : value;
  }
  // `pulumi config set-all` only when the configuration changed since the last run of this stack.
  const configStamp = path.join(workDir, `.run-stack-config-${request.stackName}`);
  const configHash = crypto.createHash("sha256").update(JSON.stringify(config)).digest("hex");
  const unchanged = !userStackFile && request.removeConfig.length === 0 && fs.existsSync(configStamp) && fs.readFileSync(configStamp, "utf8") === configHash;
  if (Object.keys(config).length > 0 && !unchanged) await stack.setAllConfig(config);
  fs.writeFileSync(configStamp, configHash);

  // What the engine displayed; a failed command's result carries no stdout of its own.
  let displayed = "";
  const onOutput = (s: string) => {
    displayed += s;
    process.stdout.write(s);
  };
  const onEvent = (e: automation.EngineEvent) => collectEvent(result, e);
  const policy = { policyPacks: request.policyPacks, policyPackConfigs: request.policyPackConfigs };
  try {
    switch (request.operation) {
      case "preview": {
        const r = await stack.preview({ ...policy, onOutput, onEvent, refresh: request.refresh, diff: false, color: "never" });
        result.stdout = r.stdout;
        result.stderr = r.stderr;
        result.changeSummary = r.changeSummary as Record<string, number>;
        break;
      }
      case "up": {
        const r = await stack.up({ ...policy, onOutput, onEvent, refresh: request.refresh, color: "never" });
        result.stdout = r.stdout;
        result.stderr = r.stderr;
        result.changeSummary = r.summary.resourceChanges as Record<string, number> | undefined;
        setOutputs(result, r.outputs);
        break;
      }
      case "refresh": {
        const r = await stack.refresh({ onOutput, onEvent, color: "never" });
        result.stdout = r.stdout;
        result.stderr = r.stderr;
        result.changeSummary = r.summary.resourceChanges as Record<string, number> | undefined;
        break;
      }
      case "destroy": {
        const r = await stack.destroy({ onOutput, onEvent, color: "never" });
        result.stdout = r.stdout;
        result.stderr = r.stderr;
        result.changeSummary = r.summary.resourceChanges as Record<string, number> | undefined;
        break;
      }
      case "outputs":
        setOutputs(result, await stack.outputs());
        break;
      case "export":
        // As `pulumi stack export` prints it: secrets stay encrypted (the Automation API's
        // exportStack would decrypt them with --show-secrets).
        result.deployment = JSON.parse(
          execFileSync("pulumi", ["stack", "export", "--stack", request.stackName], { cwd: workDir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }),
        );
        break;
    }
  } catch (err) {
    result.ok = false;
    const e = err as { message?: string; commandResult?: { stdout: string; stderr: string } };
    result.error = e.message ?? String(err);
    result.stderr = e.commandResult?.stderr ?? result.stderr;
  }
  if (displayed !== "") result.stdout = displayed;
  result.durationMs = Date.now() - started;
  return result;
}

function setOutputs(result: RunStackResult, outputs: automation.OutputMap): void {
  result.outputs = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
  result.secretOutputs = Object.entries(outputs).filter(([, v]) => v.secret).map(([k]) => k);
}

/** Pulumi.yaml of a stack directory (read with the YAML parser @pulumi/pulumi itself uses). */
function readProjectSettings(dir: string): automation.ProjectSettings {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (file === undefined) throw new Error(`run-stack: no Pulumi.yaml in ${dir}`);
  const yamlPath = require.resolve("js-yaml", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] });
  const yaml = require(yamlPath) as { load(text: string): unknown };
  const settings = yaml.load(fs.readFileSync(file, "utf8")) as automation.ProjectSettings;
  if (typeof settings?.name !== "string") throw new Error(`run-stack: ${file} has no project name`);
  return settings;
}

function resolveProgram(dir: string, main: string | undefined): string {
  const candidate = path.resolve(dir, main ?? ".");
  if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  for (const name of ["index.ts", "index.js"]) {
    const file = path.join(candidate, name);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`run-stack: no program in ${candidate} (expected index.ts or Pulumi.yaml main)`);
}

// ---- command line -------------------------------------------------------------------------

function parseArgs(argv: string[]): { options: RunStackOptions; json: boolean } | { request: string; result: string } {
  const at = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined) throw new Error(`run-stack: ${flag} needs a value`);
    return v;
  };
  if (argv[0] === "--request") return { request: at(1, "--request"), result: at(3, "--result") };
  const positional: string[] = [];
  const options: Partial<RunStackOptions> & { config: Record<string, ConfigInput>; policyPacks: string[]; policyPackConfigs: string[] } = {
    config: {},
    policyPacks: [],
    policyPackConfigs: [],
  };
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const keyValue = (flag: string): [string, string] => {
      const v = at(++i, flag);
      const eq = v.indexOf("=");
      if (eq <= 0) throw new Error(`run-stack: ${flag} takes KEY=VALUE, got ${v}`);
      return [v.slice(0, eq), v.slice(eq + 1)];
    };
    switch (arg) {
      case "--stack": options.stackName = at(++i, arg); break;
      case "--program": options.program = at(++i, arg); break;
      case "--state-dir": options.stateDir = at(++i, arg); break;
      case "--policy-pack": options.policyPacks.push(at(++i, arg)); break;
      case "--policy-pack-config": options.policyPackConfigs.push(at(++i, arg)); break;
      case "--config": { const [k, v] = keyValue(arg); options.config[k] = v; break; }
      case "--secret": { const [k, v] = keyValue(arg); options.config[k] = { value: v, secret: true }; break; }
      case "--refresh": options.refresh = true; break;
      case "--inherit-env": options.inheritEnv = at(++i, arg) !== "false"; break;
      case "--json": json = true; break;
      default:
        if (arg.startsWith("--")) throw new Error(`run-stack: unknown option ${arg}`);
        positional.push(arg);
    }
  }
  const [dir, operation] = positional;
  if (dir === undefined || operation === undefined || !STACK_OPERATIONS.includes(operation as StackOperation)) {
    throw new Error(`usage: run-stack <stack-dir> <${STACK_OPERATIONS.join("|")}> [--stack NAME] [--config K=V] [--secret K=V] [--policy-pack DIR] [--policy-pack-config FILE] [--program FILE] [--state-dir DIR] [--refresh] [--json]`);
  }
  return { options: { ...options, dir, operation: operation as StackOperation }, json };
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
    for (const p of result.policies) lines.push(`  [${p.enforcementLevel}] ${p.policyPackName}/${p.policyName}: ${p.message.split("\n")[0]}`);
  }
  lines.push(result.ok ? `${result.operation}: succeeded in ${(result.durationMs / 1000).toFixed(1)} s` : `${result.operation}: FAILED\n${result.error ?? ""}`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
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
