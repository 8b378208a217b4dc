// Installs the packed library into scratch projects outside the repository, as a user would:
// `npm pack` once per build, a fresh directory under os.tmpdir(), `npm install` of the tarball
// next to the packages a user's project has, and the project's own TypeScript compiler.
//
//   const tarball = await packLibrary();
//   const project = createScratchProject("consumer", { "index.ts": "..." });
//   const install = await npmInstall(project, [tarball, "@pulumi/pulumi@3.276.0"]);
//   await typeCheck(project);         // throws with tsc's diagnostics
//   expect(pulumiCopies(project)).toHaveLength(1);
//
// The policy package and the examples reuse these pieces.

import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as semver from "semver";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Flags of every install: no advisory or funding round trips, the npm cache first. */
export const NPM_INSTALL_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline"];

/** Generous timeout for one npm install (a cold cache fetches from the registry). */
export const NPM_INSTALL_TIMEOUT_MS = 5 * 60_000;

function manifestOf(packageDir: string): { name: string; version: string; files: string[]; peerDependencies: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, packageDir, "package.json"), "utf8"));
}

function rootManifest(): ReturnType<typeof manifestOf> {
  return manifestOf(".");
}

/**
 * The environment of npm and of the project's tools: the repository's Node.js first on PATH (npm
 * runs on the `node` it finds), and none of the `npm_*` variables an outer `npm test` sets, which
 * would otherwise make a nested npm act on this repository's configuration.
 */
export function consumerEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && v !== undefined) env[k] = v;
  env.PATH = [path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter);
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface CommandResult {
  command: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * Runs a command in `cwd` with {@link consumerEnv}; never throws for a non-zero exit. Asynchronous,
 * so that an emulator served by the calling process keeps answering while the command runs.
 */
export function run(command: string, args: string[], cwd: string, options: RunOptions = {}): Promise<CommandResult> {
  const described = `${command} ${args.join(" ")}`;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: consumerEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timeoutMs = options.timeoutMs ?? NPM_INSTALL_TIMEOUT_MS;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      stderr += `\n(killed after ${timeoutMs} ms)`;
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`${described} could not run in ${cwd}: ${err.message}`));
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ command: described, status, stdout, stderr });
    });
  });
}

/** Like {@link run}, and throws with the whole output unless the command exits 0. */
export async function runOk(command: string, args: string[], cwd: string, options: RunOptions = {}): Promise<CommandResult> {
  const r = await run(command, args, cwd, options);
  if (r.status !== 0) throw new Error(`${r.command} (in ${cwd}) exited ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

/** Every file a package of the repository ships (relative to the repository), for the build fingerprint. */
function shippedFiles(packageDir: string): string[] {
  const files: string[] = [path.join(packageDir, "package.json")];
  const walk = (rel: string) => {
    const abs = path.join(REPO_ROOT, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) for (const e of fs.readdirSync(abs).sort()) walk(path.join(rel, e));
    else files.push(rel);
  };
  for (const entry of manifestOf(packageDir).files) walk(path.join(packageDir, entry));
  return files;
}

/** The build each package's tarball is made from (`npm test` builds first). */
const BUILD_OUTPUTS: Record<string, string> = { ".": "dist/provider/index.js", policies: "policies/dist/index.js" };

/**
 * `npm pack` of a package of the repository (the root, or `policies`), once per build: the tarball
 * is cached under os.tmpdir() by a fingerprint of everything the package ships, so the test files of
 * one run (each in its own process) share one pack. Needs the build; scripts are not run, so packing
 * never rebuilds.
 */
export async function packPackage(packageDir: "." | "policies"): Promise<string> {
  const manifest = manifestOf(packageDir);
  if (!fs.existsSync(path.join(REPO_ROOT, BUILD_OUTPUTS[packageDir]!))) {
    throw new Error(`${BUILD_OUTPUTS[packageDir]} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
  const hash = crypto.createHash("sha256");
  for (const f of shippedFiles(packageDir))
    hash
      .update(f)
      .update("\0")
      .update(fs.readFileSync(path.join(REPO_ROOT, f)));
  const dir = path.join(os.tmpdir(), `${manifest.name}-pack-${hash.digest("hex").slice(0, 16)}`);
  const tarball = path.join(dir, `${manifest.name}-${manifest.version}.tgz`);
  if (fs.existsSync(tarball)) return tarball;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), `${manifest.name}-packing-`));
  const workspace = packageDir === "." ? [] : ["--workspace", packageDir];
  await runOk("npm", ["pack", "--ignore-scripts", "--pack-destination", staging, ...workspace], REPO_ROOT);
  try {
    fs.renameSync(staging, dir);
  } catch (err) {
    // Another test process packed the same build first: use its tarball.
    if (!fs.existsSync(tarball)) throw err;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return tarball;
}

/** The root package `azure-batch-lookup`, packed (see {@link packPackage}). */
export function packLibrary(): Promise<string> {
  return packPackage(".");
}

/** The policy package `azure-batch-policies`, packed (see {@link packPackage}). */
export function packPolicies(): Promise<string> {
  return packPackage("policies");
}

/** A new empty project directory under os.tmpdir() (outside the repository) with the given files. */
export function createScratchProject(name: string, files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `azure-batch-consumer-${name}-`));
  const all = { "package.json": `${JSON.stringify({ name: `scratch-${name}`, version: "1.0.0", private: true }, null, 2)}\n`, ...files };
  for (const [rel, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Removes a scratch project. */
export function removeScratchProject(dir: string | undefined): void {
  if (dir?.startsWith(os.tmpdir())) fs.rmSync(dir, { recursive: true, force: true });
}

/** `npm install <specs>` in the project (one install; throws with npm's output if it fails). */
export function npmInstall(dir: string, specs: string[]): Promise<CommandResult> {
  return runOk("npm", ["install", ...NPM_INSTALL_FLAGS, ...specs], dir);
}

/** The lines of npm's output that mention a package name (npm's own warnings name the package). */
export function linesMentioning(result: CommandResult, name: string): string[] {
  return `${result.stdout}\n${result.stderr}`.split("\n").filter((line) => line.includes(name));
}

/** The newest `@pulumi/pulumi` the registry serves (asked at test time). */
export async function newestPulumiVersion(): Promise<string> {
  return (await runOk("npm", ["view", "@pulumi/pulumi", "version"], os.tmpdir())).stdout.trim();
}

/** The lowest version of the library's `@pulumi/pulumi` peer range. */
export function lowestPeerPulumiVersion(): string {
  const range = rootManifest().peerDependencies["@pulumi/pulumi"];
  const min = range === undefined ? null : semver.minVersion(range);
  if (min === null) throw new Error(`package.json has no usable @pulumi/pulumi peer range (${range})`);
  return min.version;
}

/** The library's `@pulumi/pulumi` peer range, as package.json states it. */
export function peerPulumiRange(): string {
  return rootManifest().peerDependencies["@pulumi/pulumi"]!;
}

/** The version of a package installed in the repository (to install the same one in a scratch project). */
export function repoPackageVersion(name: string): string {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")).version;
}

/**
 * The TypeScript a user would install next to this `@pulumi/pulumi`: the repository's when the
 * SDK's peer range admits it, otherwise the newest the range admits (older SDKs cap TypeScript).
 */
export async function typescriptFor(pulumiVersion: string): Promise<string> {
  const peer = (await runOk("npm", ["view", `@pulumi/pulumi@${pulumiVersion}`, "peerDependencies.typescript"], os.tmpdir())).stdout.trim();
  const ours = repoPackageVersion("typescript");
  if (peer === "" || semver.satisfies(ours, peer)) return `typescript@${ours}`;
  return `typescript@${peer}`;
}

/** Every installed copy of a package in the project (directories holding its package.json). */
export function installedCopies(dir: string, name: string): string[] {
  const copies: string[] = [];
  const visit = (nodeModules: string) => {
    if (!fs.existsSync(nodeModules)) return;
    const candidate = path.join(nodeModules, name, "package.json");
    if (fs.existsSync(candidate)) copies.push(path.dirname(candidate));
    for (const entry of fs.readdirSync(nodeModules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const pkgs = entry.name.startsWith("@")
        ? fs
            .readdirSync(path.join(nodeModules, entry.name), { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => path.join(entry.name, e.name))
        : [entry.name];
      for (const pkg of pkgs) visit(path.join(nodeModules, pkg, "node_modules"));
    }
  };
  visit(path.join(dir, "node_modules"));
  return copies;
}

/** Every copy of `@pulumi/pulumi` in the project: a user project must have exactly one. */
export function pulumiCopies(dir: string): string[] {
  return installedCopies(dir, "@pulumi/pulumi");
}

/** The version of a package as installed at the top of the project. */
export function installedVersion(dir: string, name: string): string {
  return JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")).version;
}

/**
 * A strict `module: nodenext` tsconfig, the setting under which both CommonJS (`.ts`, `.cts`) and
 * ES modules (`.mts`) resolve the package's exports map. Declarations are checked too.
 */
export function strictNodeNextTsconfig(
  options: { include?: string[]; outDir?: string; noEmit?: boolean; skipLibCheck?: boolean } = {},
): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "ES2022",
        lib: ["ES2023"],
        types: ["node"],
        skipLibCheck: options.skipLibCheck ?? false,
        ...(options.noEmit ? { noEmit: true } : { outDir: options.outDir ?? "out" }),
      },
      include: options.include ?? ["*.ts", "*.cts", "*.mts"],
    },
    null,
    2,
  )}\n`;
}

/** The project's own `tsc -p <tsconfig>`; throws with its diagnostics when it reports any. */
export function typeCheck(dir: string, tsconfig = "tsconfig.json"): Promise<CommandResult> {
  const tsc = path.join(dir, "node_modules", "typescript", "bin", "tsc");
  if (!fs.existsSync(tsc)) throw new Error(`${dir} has no TypeScript of its own: install typescript first`);
  return runOk("node", [tsc, "-p", tsconfig, "--pretty", "false"], dir);
}
