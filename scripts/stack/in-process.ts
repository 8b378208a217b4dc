// The child side of a run: the program runs inline through the Automation API, in this process.

import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as automation from "@pulumi/pulumi/automation";
import type { ConfigInput, RunStackResult, StackOperation, StepSummary } from "./types";

export interface ChildRequest {
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

/**
 * `require` as seen from the stack directory. The program and the Automation API must share one
 * @pulumi/pulumi (the runtime state lives in its modules): the project's own, as Pulumi's language
 * host would load it, not whichever copy this driver happens to sit next to.
 */
function projectRequire(stackDir: string): NodeRequire {
  return createRequire(path.join(stackDir, "package.json"));
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
  const sdk = projectRequire(request.dir);
  const { LocalWorkspace, PulumiCommand } = sdk("@pulumi/pulumi/automation") as typeof automation;
  const started = Date.now();
  const result = emptyResult(request.operation);

  // Project settings come from the stack directory; the workspace lives under the state
  // directory so that runs never write Pulumi.<stack>.yaml into the examples.
  const settings = readProjectSettings(request.dir, sdk);
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

  // A compiled program (a .js `program`) needs no TypeScript hook.
  if (/\.[cm]?ts$/.test(programPath)) registerTypeScript(request.dir);
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
  const unchanged =
    !userStackFile &&
    request.removeConfig.length === 0 &&
    fs.existsSync(configStamp) &&
    fs.readFileSync(configStamp, "utf8") === configHash;
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
          execFileSync("pulumi", ["stack", "export", "--stack", request.stackName], {
            cwd: workDir,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
          }),
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
  result.secretOutputs = Object.entries(outputs)
    .filter(([, v]) => v.secret)
    .map(([k]) => k);
}

/** Pulumi.yaml of a stack directory (read with the YAML parser @pulumi/pulumi itself uses). */
function readProjectSettings(dir: string, sdk: NodeRequire): automation.ProjectSettings {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (file === undefined) throw new Error(`run-stack: no Pulumi.yaml in ${dir}`);
  const yamlPath = require.resolve("js-yaml", { paths: [path.dirname(sdk.resolve("@pulumi/pulumi/package.json"))] });
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
