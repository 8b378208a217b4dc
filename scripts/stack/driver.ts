// The stack driver as a library: runs one operation on a Pulumi stack directory (Pulumi.yaml +
// index.ts) with the real Pulumi CLI, in a child Node.js process.
//
// The CLI does the real work: the engine, the local file backend, dynamic providers (their own
// process, through the `pulumi-resource-pulumi-nodejs` shim) and policy packs (through the
// `pulumi-analyzer-policy-nodejs` shim). The program itself runs through the Automation API's
// inline mode, where @pulumi/pulumi serves the language runtime in the child (child.ts,
// in-process.ts): the pinned CLI is built from the Go module proxy, which does not serve the
// Node.js language host. When a real `pulumi-language-nodejs` is installed, `pulumi preview` in
// the stack directory does the same.
//
// Each run happens in a child process with an isolated environment (private PULUMI_HOME, file
// backend, passphrase, no update checks or plugin downloads), so environment variables that
// Node.js reads only at startup (NODE_EXTRA_CA_CERTS, for the emulator's certificate) apply to the
// program too, and so every run starts from a clean module cache. The command line is
// scripts/run-stack.ts.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_STATE_DIR, isolatedEnv, REPO_ROOT } from "./environment";
import type { ChildRequest } from "./in-process";
import type { RunStackOptions, RunStackResult } from "./types";

export { DEFAULT_PASSPHRASE, DEFAULT_STATE_DIR, isolatedEnv, pulumiBinDir, REPO_ROOT } from "./environment";
export * from "./types";

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

/** How to start the child entry (child.ts): compiled JS directly, TypeScript through ts-node. */
function childScript(): string[] {
  if (__filename.endsWith(".js")) return [path.join(__dirname, "child.js")];
  return ["-r", "ts-node/register/transpile-only", path.join(__dirname, "child.ts")];
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
