// Builds the provider plugin's release archives, as the Pulumi engine downloads them from the
// schema's pluginDownloadURL: pulumi-resource-azure-batch-lookup-v<version>-<os>-<arch>.tar.gz for
// linux, darwin and windows on amd64 and arm64. Each holds the plugin bundled into one JavaScript
// file with everything it loads (no node_modules tree) and its source map, schema.json, the
// LICENSE, and a launcher that runs the bundle on the Node.js (>= 22.19) found on PATH: a shell
// script, or a .cmd on windows (the engine looks for pulumi-resource-<name>.exe or .cmd there).
// The bundle is plain JavaScript, the same in every archive.
//
//   node dist/scripts/plugin-archives.js [--out DIR]    (default: dist/plugin-archives)

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import { PROVIDER_PACKAGE } from "../provider/plugin/tokens";

const REPO_ROOT = path.resolve(__dirname, fs.existsSync(path.join(__dirname, "..", "package.json")) ? ".." : "../..");
export const PLUGIN_BINARY = `pulumi-resource-${PROVIDER_PACKAGE}`;
export const PLATFORMS = ["linux", "darwin", "windows"] as const;
export const ARCHITECTURES = ["amd64", "arm64"] as const;
/** The oldest Node.js the launcher accepts: package.json's engines. */
const NODE_MINIMUM = { major: 22, minor: 19 };

/** The archive's name, as the engine asks for it. */
export function archiveName(version: string, platform: string, arch: string): string {
  return `${PLUGIN_BINARY}-v${version}-${platform}-${arch}.tar.gz`;
}

// The first file the launcher runs: checks the Node.js version before loading the bundle, whose
// syntax an old Node.js may not parse.
const LAUNCH_JS = `"use strict";
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < ${NODE_MINIMUM.major} || (major === ${NODE_MINIMUM.major} && minor < ${NODE_MINIMUM.minor})) {
  process.stderr.write(
    "${PLUGIN_BINARY} needs Node.js ${NODE_MINIMUM.major}.${NODE_MINIMUM.minor} or newer on PATH; the node found there is " + process.version + " (" + process.execPath + ").\\n",
  );
  process.exit(1);
}
require("./plugin.js")
  .main()
  .catch((err) => {
    process.stderr.write("${PLUGIN_BINARY}: " + (err && err.stack ? err.stack : err) + "\\n");
    process.exit(1);
  });
`;

const LAUNCH_SH = `#!/bin/sh
# The ${PROVIDER_PACKAGE} Pulumi provider: runs the bundled plugin on the Node.js found on PATH.
dir=$(CDPATH= cd -- "\${0%/*}" && pwd)
if ! command -v node >/dev/null 2>&1; then
  echo "${PLUGIN_BINARY}: needs Node.js ${NODE_MINIMUM.major}.${NODE_MINIMUM.minor} or newer on PATH, and there is no node on PATH (https://nodejs.org)" >&2
  exit 1
fi
exec node --enable-source-maps "$dir/launch.js" "$@"
`;

const LAUNCH_CMD = `@echo off\r
rem The ${PROVIDER_PACKAGE} Pulumi provider: runs the bundled plugin on the Node.js found on PATH.\r
where node >nul 2>nul\r
if errorlevel 1 (\r
  echo ${PLUGIN_BINARY}: needs Node.js ${NODE_MINIMUM.major}.${NODE_MINIMUM.minor} or newer on PATH, and there is no node on PATH ^(https://nodejs.org^) 1>&2\r
  exit /b 1\r
)\r
node --enable-source-maps "%~dp0launch.js" %*\r
`;

// The bundle's one substitution: the gRPC runtime module (provider/plugin/grpc-runtime.ts) loads
// @pulumi/pulumi's own dependencies through a require made at @pulumi/pulumi's location at run time
// (a peer dependency's); in the bundle the same requires are resolved now, from that location in
// the @pulumi/pulumi this repository builds with.
function bundledGrpcRuntime(source: string): string {
  const made = /^const pulumiRequire = createRequire\(.*\);$/m;
  if (!made.test(source) || !source.includes("pulumiRequire(")) {
    throw new Error("provider/plugin/grpc-runtime.ts no longer loads its modules through pulumiRequire: update scripts/plugin-archives.ts");
  }
  return source.replace(made, "").replace(/\bpulumiRequire\(/g, "require(");
}

const pluginBundling: esbuild.Plugin = {
  name: "azure-batch-lookup-plugin",
  setup(build) {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }));
    build.onLoad({ filter: /[\\/]provider[\\/]plugin[\\/]grpc-runtime\.ts$/ }, (args) => ({
      contents: bundledGrpcRuntime(fs.readFileSync(args.path, "utf8")),
      loader: "ts",
      resolveDir: pulumiDir,
    }));
    // The Pulumi SDK's program runtime: only the library's Output forms and its dynamic
    // BatchAccountReference load it, lazily, and the plugin uses neither.
    build.onResolve({ filter: /^(@pulumi\/pulumi|azure-batch-lookup\/reference-provider)$/ }, (args) => ({
      path: args.path,
      external: true,
    }));
  },
};

/** Bundles the plugin into `dir`: plugin.js and plugin.js.map. */
export async function bundlePlugin(dir: string): Promise<void> {
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [path.join(REPO_ROOT, "provider", "plugin", "main.ts")],
    outfile: path.join(dir, "plugin.js"),
    bundle: true,
    platform: "node",
    target: `node${NODE_MINIMUM.major}.${NODE_MINIMUM.minor}`,
    format: "cjs",
    sourcemap: true,
    minify: false,
    legalComments: "eof",
    plugins: [pluginBundling],
    logLevel: "silent",
  });
  const problems = [...result.errors, ...result.warnings];
  if (problems.length > 0) {
    const text = await esbuild.formatMessages(problems, { kind: "warning" });
    throw new Error(`bundling the plugin:\n${text.join("\n")}`);
  }
}

/** Writes the six archives into `outDir`; returns their paths. */
export async function buildArchives(outDir: string): Promise<string[]> {
  const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version as string;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-lookup-archives-"));
  try {
    const common = path.join(staging, "common");
    fs.mkdirSync(common);
    await bundlePlugin(common);
    fs.writeFileSync(path.join(common, "launch.js"), LAUNCH_JS);
    fs.copyFileSync(path.join(REPO_ROOT, "schema.json"), path.join(common, "schema.json"));
    fs.copyFileSync(path.join(REPO_ROOT, "LICENSE"), path.join(common, "LICENSE"));
    fs.mkdirSync(outDir, { recursive: true });
    const archives: string[] = [];
    for (const platform of PLATFORMS) {
      const tree = path.join(staging, platform);
      fs.cpSync(common, tree, { recursive: true });
      const launcher = platform === "windows" ? `${PLUGIN_BINARY}.cmd` : PLUGIN_BINARY;
      fs.writeFileSync(path.join(tree, launcher), platform === "windows" ? LAUNCH_CMD : LAUNCH_SH, { mode: 0o755 });
      const files = fs.readdirSync(tree).sort();
      for (const arch of ARCHITECTURES) {
        const archive = path.join(outDir, archiveName(version, platform, arch));
        execFileSync("tar", ["-czf", archive, "--owner=0", "--group=0", "--numeric-owner", "-C", tree, ...files]);
        archives.push(archive);
      }
    }
    return archives;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: "string", default: path.join(REPO_ROOT, "dist", "plugin-archives") } } });
  const archives = await buildArchives(path.resolve(values.out));
  for (const a of archives) console.log(`${path.relative(process.cwd(), a)}  ${fs.statSync(a).size} bytes`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
