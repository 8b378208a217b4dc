/**
 * The command line: in-process through main(), and (when `npm run build` has produced it) the
 * compiled dist/emulator/cli.js as a child process, stopped with Ctrl-C (SIGINT).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { EMULATOR_TOKEN } from "../../emulator";
import { GENERATED_SUBSCRIPTION_ID, main, parseCliArgs, USAGE } from "../../emulator/cli";
import { AUTH, allPages, armGet, listPath, trustCa } from "./helpers";

const DIST_CLI = path.resolve(__dirname, "../../dist/emulator/cli.js");

describe("emulator CLI", () => {
  it("main() starts the emulator and prints URL, CA path, token and env settings", async () => {
    const lines: string[] = [];
    const emu = (await main(["--page-size", "2", "--generate", "5"], (t) => lines.push(t)))!;
    try {
      const out = lines.join("\n");
      expect(out).toContain(`listening on ${emu.url}`);
      expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(out).toContain(`CA certificate:  ${emu.caCertPath}`);
      expect(out).toContain(EMULATOR_TOKEN);
      expect(out).toContain(`export ARM_RESOURCE_MANAGER_ENDPOINT=${emu.url}`);
      expect(out).toContain(`export NODE_EXTRA_CA_CERTS=${emu.caBundlePath}`);
      expect(out).toContain("Ctrl-C");
      trustCa(emu.caCertPem);
      const pages = await allPages(`${emu.url}${listPath(GENERATED_SUBSCRIPTION_ID)}?api-version=2024-07-01`);
      expect(pages.map((p) => p.value.length)).toEqual([2, 2, 1]);
    } finally {
      await emu.stop();
    }
  });

  it("--subscriptions / --accounts-per-subscription add a generated tenant; --graph-quota sets the Resource Graph quota", () => {
    const options = parseCliArgs([
      "--subscriptions",
      "200",
      "--accounts-per-subscription",
      "50",
      "--management-groups",
      "4",
      "--tenant-seed",
      "9",
      "--graph-quota",
      "15",
    ])!;
    expect(options.generateTenant).toEqual({ subscriptions: 200, accountsPerSubscription: 50, managementGroups: 4, seed: 9 });
    expect(options.resourceGraph).toEqual({ quota: { queries: 15, windowMs: 5000 } });
    expect(parseCliArgs(["--subscriptions", "3"])!.generateTenant).toMatchObject({ subscriptions: 3, accountsPerSubscription: 10 });
    expect(() => parseCliArgs(["--subscriptions", "two"])).toThrow(/--subscriptions needs a non-negative integer/);
    expect(USAGE).toContain("--accounts-per-subscription");
  });

  it("--help prints usage; bad arguments are errors", async () => {
    const lines: string[] = [];
    expect(await main(["--help"], (t) => lines.push(t))).toBeUndefined();
    expect(lines.join("")).toBe(USAGE);
    expect(() => parseCliArgs(["--port", "abc"])).toThrow(/--port needs a non-negative integer/);
    expect(() => parseCliArgs(["--frobnicate"])).toThrow(/frobnicate/);
    expect(
      parseCliArgs(["--http", "--token", "t", "--empty-pages", "1", "--api-version", "2024-07-01", "--api-version", "2024-02-01"]),
    ).toMatchObject({
      https: false,
      tokens: [{ token: "t" }],
      emptyPages: 1,
      apiVersions: ["2024-07-01", "2024-02-01"],
    });
    await expect(main(["--host", "0.0.0.0"], () => {})).rejects.toThrow(/loopback/);
  });

  it.runIf(fs.existsSync(DIST_CLI))("node dist/emulator/cli.js runs until Ctrl-C", async () => {
    const child = spawn(process.execPath, [DIST_CLI, "--http", "--page-size", "3"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 10_000);
        child.stdout.on("data", (d) => {
          out += d;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const res = await armGet(
        `${url}/subscriptions/6c2a1f3e-8d4b-4f7a-9e15-3b0c7d9a2e41/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01`,
        AUTH,
      );
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).value).toHaveLength(3);
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
