// Runs the real Pulumi CLI (the pinned version scripts/ensure-pulumi.sh finds or builds) in an
// isolated environment: its own PULUMI_HOME and file backend in a temp directory, no update checks,
// no automatic plugin downloads, no colors, and the project's Node.js first on PATH (the Node.js
// policy pack and dynamic providers run through the shims next to the CLI).
//
//   const cli = await PulumiCli.create();
//   try {
//     const r = await cli.run(["policy", "analyze", "--policy-pack", "policies", "--file", state], { cwd: REPO_ROOT });
//     expect(r.code).toBe(0);
//   } finally {
//     await cli.dispose();
//   }
//
// If the CLI cannot be found or built, everything here throws: tests that need the real engine fail
// loudly instead of skipping.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiBinDir as ensurePulumiBinDir, isolatedEnv } from "../../scripts/stack/driver";
import { NO_METADATA_SERVICE } from "./no-cloud";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** The passphrase the isolated stacks are encrypted with. */
export const TEST_PASSPHRASE = "azure-batch-lookup-tests";

export class PulumiCliNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PulumiCliNotFoundError";
  }
}

/**
 * The directory holding `pulumi` and the Node.js shims (`pulumi-analyzer-policy-nodejs`,
 * `pulumi-resource-pulumi-nodejs`), from scripts/ensure-pulumi.sh through the stack driver, which
 * builds the CLI when it is missing (minutes) and throws with the script's explanation otherwise.
 */
export async function pulumiBinDir(): Promise<string> {
  try {
    return ensurePulumiBinDir();
  } catch (err) {
    throw new PulumiCliNotFoundError(
      `${(err as Error).message}\nRun \`bash scripts/ensure-pulumi.sh\` to see what is missing (Go toolchain, npm install).`,
    );
  }
}

export interface RunOptions {
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** Extra environment variables (for example `PULUMI_CONFIG_PASSPHRASE`, `ARM_*`); they win over the isolation defaults. */
  env?: Record<string, string>;
  /** Kill the CLI after this long (default 120 s); the result then has `timedOut: true`. */
  timeoutMs?: number;
  /** Written to the CLI's stdin, which is then closed. */
  stdin?: string;
  /** Append `--non-interactive --color never` (default true). */
  globalFlags?: boolean;
}

export interface RunResult {
  args: string[];
  /** The exit status, or null when the process was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/** Parses `--json` output that is one JSON object per line (engine events), skipping blank lines. */
export function parseJsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch (e) {
        throw new Error(`line ${i + 1} of the CLI's JSON output is not JSON (${(e as Error).message}): ${line}`);
      }
    });
}

/** Describes a run for assertion messages. */
export function describeRun(r: RunResult): string {
  return `pulumi ${r.args.join(" ")} exited ${r.code ?? r.signal}${r.timedOut ? " (timed out)" : ""} after ${r.durationMs} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** An isolated Pulumi environment: a temp PULUMI_HOME and a file backend, removed by `dispose`. */
export class PulumiCli {
  private constructor(
    readonly binDir: string,
    /** The temp directory holding `home/` and `backend/`; tests may put state files or projects here. */
    readonly root: string,
  ) {}

  static async create(): Promise<PulumiCli> {
    const binDir = await pulumiBinDir();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-pulumi-"));
    fs.mkdirSync(path.join(root, "home"));
    fs.mkdirSync(path.join(root, "backend"));
    return new PulumiCli(binDir, root);
  }

  get home(): string {
    return path.join(this.root, "home");
  }

  get backendUrl(): string {
    return `file://${path.join(this.root, "backend")}`;
  }

  /**
   * The environment every run gets (before `RunOptions.env`): the stack driver's isolation, with
   * no PULUMI_*, ARM_* or AZURE_* variable inherited from this process.
   */
  environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return isolatedEnv({
      stateDir: this.root,
      inheritEnv: false,
      env: { PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE, NO_COLOR: "1", FORCE_COLOR: "0", ...NO_METADATA_SERVICE, ...extra },
    });
  }

  /** Runs `pulumi <args>`; never throws for a non-zero exit (check `code`), only when it cannot start. */
  run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const fullArgs = options.globalFlags === false ? [...args] : [...args, "--non-interactive", "--color", "never"];
    const started = Date.now();
    return new Promise<RunResult>((resolve, reject) => {
      const child = spawn(path.join(this.binDir, "pulumi"), fullArgs, {
        cwd: options.cwd ?? REPO_ROOT,
        env: this.environment(options.env),
        stdio: ["pipe", "pipe", "pipe"],
        detached: true, // its own process group, so a timeout also stops the plugins it started
      });
      let stdout = "";
      let stderr = "";
      let timedOut = false;
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }, options.timeoutMs ?? 120_000);
      child.on("error", (e) => {
        clearTimeout(timer);
        reject(new PulumiCliNotFoundError(`Could not start ${path.join(this.binDir, "pulumi")}: ${e.message}`));
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ args: fullArgs, code, signal, stdout, stderr, timedOut, durationMs: Date.now() - started });
      });
      child.stdin.end(options.stdin ?? "");
    });
  }

  /** Runs and throws (with the whole output) unless the CLI exits 0. */
  async runOk(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const r = await this.run(args, options);
    if (r.code !== 0) throw new Error(describeRun(r));
    return r;
  }

  /** The CLI's version, `v3.259.0`. */
  async version(): Promise<string> {
    return (await this.runOk(["version"], { globalFlags: false })).stdout.trim();
  }

  async dispose(): Promise<void> {
    await fs.promises.rm(this.root, { recursive: true, force: true });
  }
}
