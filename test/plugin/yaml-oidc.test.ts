// The provider plugin signs in with OIDC, configured on an explicit provider of a Pulumi YAML
// program (useOidc, tenantId, clientId, oidcToken as a secret), against the emulator's local
// Entra ID, with the real CLI: the lookups reach ARM as the federated application, and the
// token is nowhere in clear in the stack's files.

import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTRA_OIDC_APP, EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { filesContaining } from "../e2e/engine";
import { describeRun, PulumiCli } from "../support/pulumi-cli";
import { copyProgram, ensureYamlLanguageHost, installPlugin, pluginPath, programEnv } from "./support";

const TIMEOUT = 240_000;

let emulator: RunningEmulator;
let cli: PulumiCli;
let program: string;
let env: Record<string, string>;
let oidcToken: string;

const runOk = async (args: string[]) => {
  const r = await cli.run(args, { cwd: program, env, timeoutMs: TIMEOUT - 20_000 });
  if (r.code !== 0) throw new Error(describeRun(r));
  return r;
};

beforeAll(async () => {
  ensureYamlLanguageHost();
  const install = await installPlugin();
  emulator = await startEmulator();
  cli = await PulumiCli.create();
  program = copyProgram("yaml-oidc", path.join(cli.root, "yaml-oidc"));
  // No static token and nothing else to sign in with: only the provider's OIDC settings.
  env = { ...programEnv(emulator, pluginPath(cli, install)), ARM_SUBSCRIPTION_ID: "" };
  oidcToken = emulator.entra.issueFederatedToken({ expiresInSeconds: 3600 });
  await runOk(["stack", "init", "dev"]);
  await runOk(["config", "set", "subscriptionId", EXAMPLES_SUBSCRIPTION_ID]);
  await runOk(["config", "set", "tenantId", emulator.entra.directory.tenantId]);
  await runOk(["config", "set", "clientId", ENTRA_OIDC_APP.clientId]);
  await runOk(["config", "set", "authorityHost", emulator.url]);
  await runOk(["config", "set", "--secret", "oidcToken", oidcToken]);
}, 600_000);

afterAll(async () => {
  await emulator?.stop();
  await cli?.dispose();
});

describe("Pulumi YAML: an explicit provider with useOidc and oidcToken", () => {
  it(
    "up: the function and the reference reach ARM as the federated application; the token stays a secret",
    async () => {
      await runOk(["up", "--yes", "--skip-preview"]);
      const outputs = JSON.parse((await runOk(["stack", "output", "--json"])).stdout);
      expect(outputs.accountEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
      expect(outputs.sharedId).toContain("/batchAccounts/sampleacct");
      const identities = new Set(
        emulator
          .stats()
          .requests.map((r) => r.authorization?.replace(/^Bearer /, "") ?? "")
          .map((t) => JSON.parse(Buffer.from(t.split(".")[1] ?? "", "base64url").toString("utf8") || "{}").oid),
      );
      expect([...identities]).toEqual([ENTRA_OIDC_APP.objectId]);
      expect(emulator.entra.requests.map((r) => r.proof)).toContain("federated");
      const state = JSON.parse((await runOk(["stack", "export"])).stdout) as { deployment: { resources: Record<string, any>[] } };
      const provider = state.deployment.resources.find((r) => r.type === "pulumi:providers:azure-batch-lookup")!;
      expect(provider.inputs.useOidc).toBe(true);
      expect(provider.inputs.oidcToken).toHaveProperty("ciphertext");
      expect(filesContaining(cli.root, oidcToken)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "a wrong token fails the preview naming OIDC and AADSTS70021",
    async () => {
      await runOk(["config", "set", "--secret", "oidcToken", emulator.entra.issueFederatedToken({ audience: "api://Other" })]);
      const r = await cli.run(["preview"], { cwd: program, env, timeoutMs: TIMEOUT - 20_000 });
      expect(r.code).not.toBe(0);
      expect(`${r.stdout}\n${r.stderr}`).toMatch(
        /OIDC \(a service principal with a federated token\) \(chosen by azure-batch-lookup:useOidc\).*AADSTS70021/s,
      );
    },
    TIMEOUT,
  );
});
