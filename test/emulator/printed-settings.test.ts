/**
 * What the emulator tells a user to paste (`emu.env`, printed by `npm run emulator`):
 * - ARM_SUBSCRIPTION_ID is the default data set's default subscription, which holds the account
 *   every example looks up by default (sampleacct in default-azurebatch-japaneast);
 * - NODE_EXTRA_CA_CERTS names a bundle that keeps the CA file the user's shell already named (a
 *   corporate proxy, a registry mirror) and adds the emulator's CA: a Node.js process started with
 *   it trusts both, where the emulator's CA alone would break every other HTTPS connection.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_TOKEN, EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { banner } from "../../emulator/cli";
import { generateTlsMaterial } from "../../emulator/tls";

/** How a Node.js process started with `caFile` as NODE_EXTRA_CA_CERTS fares against each URL: "trusted" or the TLS error code. */
function tlsVerdicts(caFile: string | undefined, urls: string[]): Promise<Record<string, string>> {
  const script = `
    const https = require("node:https");
    const check = (url) => new Promise((resolve) => {
      https.get(url, (res) => { res.resume(); resolve("trusted"); }).on("error", (e) => resolve(e.code ?? e.message));
    });
    Promise.all(${JSON.stringify(urls)}.map(check)).then((v) => process.stdout.write(JSON.stringify(v)));
  `;
  const env = { ...process.env };
  if (caFile === undefined) delete env.NODE_EXTRA_CA_CERTS;
  else env.NODE_EXTRA_CA_CERTS = caFile;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", () => {
      const verdicts = JSON.parse(out) as string[];
      resolve(Object.fromEntries(urls.map((u, i) => [u, verdicts[i]!])));
    });
  });
}

describe("the settings the emulator prints", () => {
  // `existing` stands for a server whose CA the user already trusts (a CA of its own).
  let existing: RunningEmulator;
  let emu: RunningEmulator;
  beforeAll(async () => {
    existing = await startEmulator({ tlsCertificate: await generateTlsMaterial("a CA the user already trusts"), trustedCaFile: undefined });
    emu = await startEmulator({ trustedCaFile: existing.caCertPath });
  });
  afterAll(async () => {
    await emu?.stop();
    await existing?.stop();
  });

  it("ARM_SUBSCRIPTION_ID holds the examples' default account", () => {
    expect(emu.env.ARM_SUBSCRIPTION_ID).toBe(EXAMPLES_SUBSCRIPTION_ID);
    expect(
      emu.getAccount({
        subscriptionId: emu.env.ARM_SUBSCRIPTION_ID!,
        resourceGroupName: "default-azurebatch-japaneast",
        accountName: "sampleacct",
      }),
    ).toBeDefined();
    expect(banner(emu)).toContain(`export ARM_SUBSCRIPTION_ID=${EXAMPLES_SUBSCRIPTION_ID}`);
  });

  it("NODE_EXTRA_CA_CERTS keeps the CA file already trusted and adds the emulator's", async () => {
    expect(emu.caBundlePath).not.toBe(emu.caCertPath);
    expect(emu.env.NODE_EXTRA_CA_CERTS).toBe(emu.caBundlePath);
    expect(emu.caBundleIncludes).toBe(existing.caCertPath);
    expect(banner(emu)).toContain(`export NODE_EXTRA_CA_CERTS=${emu.caBundlePath}`);
    const bundle = fs.readFileSync(emu.caBundlePath!, "utf8");
    expect(bundle).toContain(existing.caCertPem!.trim());
    expect(bundle).toContain(emu.caCertPem!.trim());
    expect(existing.caCertPem).not.toBe(emu.caCertPem);

    const urls = [`${existing.url}/`, `${emu.url}/`];
    // The printed setting: both servers trusted.
    expect(await tlsVerdicts(emu.env.NODE_EXTRA_CA_CERTS, urls)).toEqual({ [urls[0]!]: "trusted", [urls[1]!]: "trusted" });
    // The emulator's CA alone (what used to be printed) loses the CA the user relied on.
    expect((await tlsVerdicts(emu.caCertPath, urls))[urls[0]!]).not.toBe("trusted");
  });

  it("with no CA file named before, it names the emulator's CA file", async () => {
    expect(existing.env.NODE_EXTRA_CA_CERTS).toBe(existing.caCertPath);
    expect(existing.caBundleIncludes).toBeUndefined();
    expect(EMULATOR_TOKEN).toBe(existing.token);
  });

  it("the bundle goes away with the emulator's temporary CA directory", async () => {
    const other = await startEmulator({ trustedCaFile: existing.caCertPath });
    const file = other.caBundlePath!;
    expect(fs.existsSync(file)).toBe(true);
    expect(path.dirname(file)).toBe(path.dirname(other.caCertPath!));
    expect(file.startsWith(os.tmpdir())).toBe(true);
    await other.stop();
    expect(fs.existsSync(file)).toBe(false);
  });
});
