// Token requests go through the client's proxy (the `proxy` option or azure-batch-lookup:proxy,
// as ARM's requests do), through a CONNECT tunnel; a managed identity's endpoint never does. The
// library never proxies loopback, so the Entra ID is reached by a name only the test proxy
// resolves (login.proxied.test), with a certificate that covers it.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ENTRA_SECRET_APP, EXAMPLES_SUBSCRIPTION_ID, MANAGED_IDENTITY_PATH, type RunningEmulator, startEmulator } from "../../emulator";
import { generateTlsMaterial, type TlsMaterial } from "../../emulator/tls";
import { closeClients, getBatchAccount } from "../../provider";
import { setPulumiConfigReader } from "../../provider/settings/resolve";
import { type ConnectProxy, startConnectProxy } from "../support/connect-proxy";
import { useSignInEnv } from "../support/sign-in-env";

const NAME = "login.proxied.test";
const ACCOUNT = { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast", subscriptionId: EXAMPLES_SUBSCRIPTION_ID };

let material: TlsMaterial;
let emu: RunningEmulator;
let proxy: ConnectProxy;
let restoreEnv: () => void;

beforeAll(async () => {
  material = await generateTlsMaterial("azure-batch-lookup sign-in proxy test CA", [NAME]);
  emu = await startEmulator({ tlsCertificate: material });
  proxy = await startConnectProxy({ hosts: { [NAME]: "127.0.0.1" } });
});

afterAll(async () => {
  await proxy.close();
  await emu.stop();
});

beforeEach(() => {
  restoreEnv = useSignInEnv(emu);
  process.env.ARM_ACTIVE_DIRECTORY_AUTHORITY_HOST = `https://${NAME}:${emu.port}`;
  proxy.connects.length = 0;
  emu.entra.reset();
});

afterEach(async () => {
  setPulumiConfigReader(undefined);
  restoreEnv();
  await closeClients();
});

function secretPrincipal(): void {
  Object.assign(process.env, {
    ARM_TENANT_ID: emu.entra.directory.tenantId,
    ARM_CLIENT_ID: ENTRA_SECRET_APP.clientId,
    ARM_CLIENT_SECRET: ENTRA_SECRET_APP.secret,
  });
}

const lookup = (options: { proxy?: string } = {}) => getBatchAccount(ACCOUNT, { endpoint: emu.url, ca: material.ca, ...options });

/** The lookup's error (it must fail). */
const failure = (options: { proxy?: string } = {}) =>
  lookup(options).then(
    () => {
      throw new Error("the lookup should fail");
    },
    (e: unknown) => e as { code: string; message: string },
  );

describe("token requests and the proxy", () => {
  it("go through the proxy of the `proxy` option, in a CONNECT tunnel", async () => {
    secretPrincipal();
    await lookup({ proxy: proxy.url });
    expect(proxy.connects.map((c) => c.target)).toContain(`${NAME}:${emu.port}`);
    expect(emu.entra.requests.map((r) => r.proof)).toEqual(["secret"]);
    expect(proxy.sawCredentialsInClear()).toBe(false);
  });

  it("go through the proxy of azure-batch-lookup:proxy", async () => {
    secretPrincipal();
    setPulumiConfigReader((key) => (key === "azure-batch-lookup:proxy" ? proxy.url : undefined));
    await lookup();
    expect(proxy.connects.map((c) => c.target)).toContain(`${NAME}:${emu.port}`);
  });

  it('with `proxy: ""`, the environment\'s proxy is not used for them either (the name then does not resolve)', async () => {
    secretPrincipal();
    process.env.HTTPS_PROXY = proxy.url;
    const err = await failure({ proxy: "" });
    expect(err).toMatchObject({ code: "CredentialUnavailable" });
    expect(proxy.connects).toEqual([]);
  });

  it("a managed identity's endpoint is never proxied", async () => {
    process.env.ARM_USE_MSI = "true";
    process.env.IDENTITY_ENDPOINT = `https://${NAME}:${emu.port}${MANAGED_IDENTITY_PATH}`;
    const err = await failure({ proxy: proxy.url });
    expect(err).toMatchObject({ code: "CredentialUnavailable" });
    expect(err.message).toContain("a managed identity (chosen by ARM_USE_MSI)");
    expect(proxy.connects).toEqual([]);
    expect(emu.entra.requests).toEqual([]);
  });
});
