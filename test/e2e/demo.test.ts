// `npm start`: starts the emulator with its default data, previews the quickstart stack with the
// policy pack, prints the resolved lookups and the policy results, and stops the emulator.
// `--azure` runs the same stack with nothing but the user's configuration and environment: here
// that configuration points at an emulator, which proves no emulator-specific code path is needed.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLES_SUBSCRIPTION_ID, startEmulator } from "../../emulator";
import { ENGINE_TIMEOUT_MS, REPO_ROOT, requirePulumiCli } from "./engine";

const stateDirs: string[] = [];
afterAll(() => {
  for (const dir of stateDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function npmStart(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-demo-"));
  stateDirs.push(stateDir);
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["start", "--silent", "--", "--state-dir", stateDir, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (output += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (output += s));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("npm start", () => {
  it(
    "previews the quickstart stack against the emulator with the policy pack, then stops the emulator",
    async () => {
      requirePulumiCli();
      const { code, output } = await npmStart([]);
      expect(code, output).toBe(0);
      const emulatorUrl = /Target: the ARM emulator at (https:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      expect(emulatorUrl, output).not.toBeNull();
      // The engine's own preview output, streamed.
      expect(output).toContain("Previewing update (demo)");
      expect(output).toMatch(/BatchAccountReference\s+batch-account\s+create/);
      // The resolved lookups.
      expect(output).toMatch(/accountEndpoint\s+sampleacct\.japaneast\.batch\.azure\.com/);
      expect(output).toMatch(
        /autoStorageAccountId\s+\/subscriptions\/12345678-1234-1234-1234-123456789012\/resourceGroups\/default-azurebatch-japaneast\/providers\/Microsoft\.Storage\/storageAccounts\/samplestorage/,
      );
      // The policy results, on the referenced account.
      expect(output).toContain("Policy results (azure-batch-policies)");
      expect(output).toMatch(/\[(mandatory|advisory)\] batch-[a-z-]+ on batch-account/);
      expect(output).toContain("Stopped the ARM emulator.");
      expect(await portIsClosed(Number(emulatorUrl![2]))).toBe(true);
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "--azure previews the same stack with only the user's configuration and environment",
    async () => {
      requirePulumiCli();
      const emulator = await startEmulator();
      try {
        const { code, output } = await npmStart(
          [
            "--azure",
            "--quiet",
            "--no-policies",
            "--config",
            `azure-batch-lookup:endpoint=${emulator.url}`,
            "--secret",
            `azure-batch-lookup:token=${emulator.token}`,
          ],
          { NODE_EXTRA_CA_CERTS: emulator.caCertPath!, ARM_SUBSCRIPTION_ID: EXAMPLES_SUBSCRIPTION_ID },
        );
        expect(code, output).toBe(0);
        expect(output).toContain("Target: Azure");
        expect(output).not.toContain("Target: the ARM emulator");
        expect(output).toMatch(/accountEndpoint\s+sampleacct\.japaneast\.batch\.azure\.com/);
        expect(output).toContain("The preview succeeded");
        expect(emulator.stats().requests.some((r) => r.route === "get")).toBe(true);
      } finally {
        await emulator.stop();
      }
    },
    ENGINE_TIMEOUT_MS,
  );
});
