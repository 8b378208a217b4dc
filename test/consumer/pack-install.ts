// A minimal pack-and-install helper for the consumer tests of azure-batch-policies: `npm pack` both
// packages of the repository (from their build), and `npm install` the tarballs into scratch
// projects in the system's temporary directory, outside the repository, with the newest
// @pulumi/policy and @pulumi/pulumi the registry serves.

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../support/pulumi-cli";

export interface Tarballs {
  lookup: string;
  policies: string;
}

const npm = (args: string[], cwd: string): string =>
  execFileSync("npm", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" },
  });

/** Packs azure-batch-lookup (the root) and azure-batch-policies (policies/) from their current build. */
export function packBoth(dest: string): Tarballs {
  for (const dist of ["dist/provider/index.js", "policies/dist/index.js", "policies/dist/ready-pack.js"]) {
    if (!fs.existsSync(path.join(REPO_ROOT, dist))) throw new Error(`${dist} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
  const lookup = npm(["pack", "--ignore-scripts", "--silent", "--pack-destination", dest], REPO_ROOT).trim().split("\n").pop()!;
  const policies = npm(["pack", "--ignore-scripts", "--silent", "--workspace", "policies", "--pack-destination", dest], REPO_ROOT)
    .trim()
    .split("\n")
    .pop()!;
  return { lookup: path.join(dest, lookup), policies: path.join(dest, policies) };
}

/** A scratch directory outside the repository. */
export function scratchDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `azure-batch-consumer-${name}-`));
  if (path.relative(REPO_ROOT, dir).split(path.sep)[0] !== "..") throw new Error(`${dir} is inside the repository`);
  return dir;
}

/** Writes `files` into `dir` and runs `npm install` there; returns npm's warnings (stderr). */
export function createProject(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund"], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`npm install in ${dir} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return r.stderr;
}
