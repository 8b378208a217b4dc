// The plugin installed the way Pulumi installs providers: the release archives (npm run
// plugin:archives) served from a loopback HTTP server standing in for the GitHub releases that the
// schema's pluginDownloadURL names; PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES points that URL at the
// server. With an empty PULUMI_HOME, no plugin on PATH and automatic plugin acquisition on, the
// engine downloads the archive, unpacks it and runs the bundled plugin on the Node.js on PATH, for
// a YAML, a Python and a Go program and for `pulumi plugin install --server`.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { ARCHITECTURES, archiveName, buildArchives, PLATFORMS, PLUGIN_BINARY } from "../../scripts/plugin-archives";
import { describeRun, PulumiCli } from "../support/pulumi-cli";
import {
  buildGoExample,
  CONTOSO_PROD,
  ensurePythonEnv,
  ensureYamlLanguageHost,
  exampleSettings,
  programEnv,
  programSettings,
  REPO_ROOT,
  runDriver,
} from "./support";

const exec = promisify(execFile);
const TIMEOUT = 240_000;
const VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version as string;
const RELEASES = "https://github.com/azure-batch-lookup/azure-batch-lookup/releases/download/";
const GO_ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64" };
const PLATFORM_ARCHIVE = archiveName(VERSION, process.platform, GO_ARCH[process.arch] ?? process.arch);

let archives: string;
let server: http.Server;
let serverUrl: string;
const requests: string[] = [];
let emulator: RunningEmulator;
let nodeOnly: string;
const clis: PulumiCli[] = [];

/** An empty PULUMI_HOME and backend; PATH: the CLI, a directory holding only `node` (>= 22.19), the system's directories without any plugin. */
async function freshCli(): Promise<{ cli: PulumiCli; env: Record<string, string> }> {
  const cli = await PulumiCli.create();
  clis.push(cli);
  const system = (process.env.PATH ?? "").split(path.delimiter).filter((d) => d !== "" && !fs.existsSync(path.join(d, PLUGIN_BINARY)));
  const PATH = [cli.binDir, nodeOnly, ...system].join(path.delimiter);
  const env = {
    ...programEnv(emulator, PATH),
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
    PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${RELEASES.replace(/[.]/g, "\\.")}(?P<tag>[^/]+)=${serverUrl}/releases/\${tag}`,
    // The bundle must not find the repository's packages.
    NODE_PATH: "",
  };
  return { cli, env };
}

beforeAll(async () => {
  ensureYamlLanguageHost();
  archives = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-lookup-releases-"));
  await buildArchives(path.join(archives, `v${VERSION}`));
  server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const match = /^\/releases\/(v[^/]+)\/([^/]+)$/.exec(decodeURIComponent(req.url ?? ""));
    const file = match && path.join(archives, match[1]!, match[2]!);
    if (file === null || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/gzip", "content-length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emulator = await startEmulator();
  nodeOnly = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-lookup-node-"));
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules", ".bin", "node"), path.join(nodeOnly, "node"));
}, 600_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.stop();
  for (const cli of clis) await cli.dispose();
  fs.rmSync(archives, { recursive: true, force: true });
  fs.rmSync(nodeOnly, { recursive: true, force: true });
});

describe("release archives", () => {
  it("one per platform and architecture, each with the bundled plugin, its source map, the schema and the platform's launcher", async () => {
    for (const platform of PLATFORMS) {
      for (const arch of ARCHITECTURES) {
        const { stdout } = await exec("tar", ["-tzf", path.join(archives, `v${VERSION}`, archiveName(VERSION, platform, arch))]);
        const launcher = platform === "windows" ? `${PLUGIN_BINARY}.cmd` : PLUGIN_BINARY;
        expect(stdout.trim().split("\n").sort()).toEqual(
          ["LICENSE", "launch.js", "plugin.js", "plugin.js.map", launcher, "schema.json"].sort(),
        );
      }
    }
  });

  it("the launcher names the Node.js it needs when the node on PATH is too old or missing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-lookup-launcher-"));
    try {
      await exec("tar", ["-xzf", path.join(archives, `v${VERSION}`, PLATFORM_ARCHIVE), "-C", dir]);
      // A Node.js 22.18: the real one, made to report that version before anything else runs.
      const oldNode = path.join(dir, "old-node");
      fs.mkdirSync(oldNode);
      const preload = path.join(dir, "node-22.18.js");
      fs.writeFileSync(
        preload,
        'Object.defineProperty(process, "versions", { value: { ...process.versions, node: "22.18.0" } });\n' +
          'Object.defineProperty(process, "version", { value: "v22.18.0" });\n',
      );
      const realNode = path.join(REPO_ROOT, "node_modules", ".bin", "node");
      fs.writeFileSync(path.join(oldNode, "node"), `#!/bin/sh\nexec "${realNode}" --require "${preload}" "$@"\n`, { mode: 0o755 });
      const tooOld = await exec(path.join(dir, PLUGIN_BINARY), [], {
        env: { PATH: [oldNode, "/usr/bin", "/bin"].join(path.delimiter) },
      }).then(
        () => "",
        (err: { stderr: string }) => err.stderr,
      );
      expect(tooOld).toMatch(/needs Node\.js 22\.19 or newer on PATH; the node found there is v22\.18\.0/);
      const none = await exec("/bin/sh", [path.join(dir, PLUGIN_BINARY)], { env: { PATH: path.join(dir, "no-such-dir") } }).then(
        () => "",
        (err: { stderr: string }) => err.stderr,
      );
      expect(none).toMatch(/needs Node\.js 22\.19 or newer on PATH, and there is no node on PATH/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("installed by the engine from pluginDownloadURL", () => {
  it(
    "pulumi plugin install resource azure-batch-lookup <version> --server <url>",
    async () => {
      const { cli, env } = await freshCli();
      const r = await cli.run(
        ["plugin", "install", "resource", "azure-batch-lookup", VERSION, "--server", `${serverUrl}/releases/v\${VERSION}`],
        {
          env,
          timeoutMs: TIMEOUT - 20_000,
        },
      );
      if (r.code !== 0) throw new Error(describeRun(r));
      const listed = JSON.parse((await cli.run(["plugin", "ls", "--json"], { env })).stdout) as { name: string; version: string }[];
      expect(listed.map((p) => `${p.name}@${p.version}`)).toEqual([`azure-batch-lookup@${VERSION}`]);
      expect(fs.existsSync(path.join(cli.home, "plugins", `resource-azure-batch-lookup-v${VERSION}`, PLUGIN_BINARY))).toBe(true);
      // The installed plugin's schema, by name and version, as a C# or Java user would fetch it.
      const schema = await cli.run(["package", "get-schema", `azure-batch-lookup@${VERSION}`], { env, timeoutMs: 120_000 });
      if (schema.code !== 0) throw new Error(describeRun(schema));
      expect(JSON.parse(schema.stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8")));
    },
    TIMEOUT,
  );

  it(
    "a YAML program (examples/yaml): the engine downloads the plugin, then preview, up and destroy run on it",
    async () => {
      const { cli, env } = await freshCli();
      const before = requests.length;
      const program = path.join(cli.root, "yaml");
      fs.cpSync(path.join(REPO_ROOT, "examples", "yaml"), program, { recursive: true });
      const runOk = (args: string[]) => cli.runOk(args, { cwd: program, env, timeoutMs: TIMEOUT - 20_000 });
      await runOk(["stack", "init", "dev"]);
      await runOk(["config", "set", "azure-batch-lookup:subscriptionId", CONTOSO_SUBSCRIPTION_ID]);
      await runOk(["config", "set", "--secret", "azure-batch-lookup:token", emulator.token]);
      await runOk(["config", "set", "accountName", "contosoprodweu"]);
      await runOk(["config", "set", "resourceGroupName", "rg-batch-prod-westeurope"]);
      await runOk(["up", "--yes"]);
      expect(requests.slice(before)).toContain(`/releases/v${VERSION}/${PLATFORM_ARCHIVE}`);
      expect(fs.existsSync(path.join(cli.home, "plugins", `resource-azure-batch-lookup-v${VERSION}`, "plugin.js"))).toBe(true);
      const outputs = JSON.parse((await runOk(["stack", "output", "--json"])).stdout);
      expect(outputs.location).toBe("westeurope");
      expect((outputs.pools as { name: string }[]).map((p) => p.name).sort()).toEqual(["render-legacy", "render-secure"]);
      expect((outputs.diagnosticSettings as { name: string }[]).map((s) => s.name)).toEqual(["to-log-analytics"]);
      await runOk(["destroy", "--yes"]);
    },
    TIMEOUT,
  );

  it(
    "a Python program: the SDK's pulumi-plugin.json carries the download URL, the engine downloads the plugin",
    async () => {
      const venv = ensurePythonEnv();
      const { cli, env } = await freshCli();
      const before = requests.length;
      const program = path.join(cli.root, "python");
      fs.cpSync(path.join(REPO_ROOT, "test", "plugin", "programs", "python"), program, { recursive: true });
      const result = await runDriver(
        "main.py",
        path.join(venv, "bin", "python"),
        [
          "main.py",
          ...programSettings(emulator, CONTOSO_PROD.subscriptionId),
          "--config",
          `accountName=${CONTOSO_PROD.accountName}`,
          "--config",
          `resourceGroupName=${CONTOSO_PROD.resourceGroupName}`,
          "up",
        ],
        { cwd: program, env: cli.environment({ ...env, PYTHONDONTWRITEBYTECODE: "1" }), timeout: TIMEOUT - 20_000 },
      );
      expect(result.outputs.secondPoolNames).toEqual(["render-legacy", "render-secure"]);
      expect(requests.slice(before)).toContain(`/releases/v${VERSION}/${PLATFORM_ARCHIVE}`);
      expect(fs.existsSync(path.join(cli.home, "plugins", `resource-azure-batch-lookup-v${VERSION}`, "plugin.js"))).toBe(true);
    },
    TIMEOUT,
  );

  it(
    "a Go program (examples/go): the Go SDK carries the download URL, the engine downloads the plugin",
    async () => {
      const { cli, env } = await freshCli();
      const binary = await buildGoExample(path.join(cli.root, "go"));
      const before = requests.length;
      const run = (operation: string) =>
        runDriver("examples/go", binary, [...exampleSettings(emulator), operation], {
          cwd: path.dirname(binary),
          env: cli.environment(env),
          timeout: TIMEOUT - 20_000,
        });
      const up = await run("up");
      expect(up.outputs.pools).toEqual(["render-legacy", "render-secure"]);
      expect(requests.slice(before)).toContain(`/releases/v${VERSION}/${PLATFORM_ARCHIVE}`);
      expect(fs.existsSync(path.join(cli.home, "plugins", `resource-azure-batch-lookup-v${VERSION}`, "plugin.js"))).toBe(true);
      expect((await run("destroy")).changeSummary.delete).toBe(2);
    },
    TIMEOUT * 2,
  );
});
