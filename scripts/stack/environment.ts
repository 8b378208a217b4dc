// Where the pinned CLI and the state live, and the isolated environment of a run.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

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
 * resolve `@pulumi/pulumi` and `azure-batch-lookup/reference-provider` from the stack directory's
 * node_modules (the repository's when no stack directory is given).
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
  // A stack's own node_modules only: a project outside the repository (a user's, a scratch
  // project of the tests) must not find packages it does not install itself.
  const nodePath = nodeModulesChain(options.stackDir ?? REPO_ROOT);
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
