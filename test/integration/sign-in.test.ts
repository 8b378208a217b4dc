// Signing in as azure-native does, against the emulator's local Entra ID: each way of signing in,
// configured with azure-batch-lookup: keys, with azure-native: keys and with environment variables,
// reaches ARM as its own identity (read from the token ARM verified); a wrong secret, certificate,
// assertion or audience fails naming the method and Entra ID's AADSTS code; a missing piece is an
// InvalidConfiguration before any request; no secret reaches a message, an error's properties or
// a log line at AZURE_LOG_LEVEL=verbose.

import { execFileSync, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { AzureLogger, setLogLevel } from "@azure/logger";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ENTRA_ACTIONS_REQUEST_TOKEN,
  ENTRA_CERTIFICATE_APP,
  ENTRA_OIDC_APP,
  ENTRA_SECRET_APP,
  ENTRA_SYSTEM_IDENTITY,
  ENTRA_USER_IDENTITY,
  EXAMPLES_SUBSCRIPTION_ID,
  type RunningEmulator,
  startEmulator,
} from "../../emulator";
import { ACTIONS_TOKEN_PATH } from "../../emulator/entra/token-service";
import { closeClients, getBatchAccount } from "../../provider";
import { forgetAzureCliSubscription } from "../../provider/settings/azure-cli";
import { setPulumiConfigReader } from "../../provider/settings/resolve";
import { SETTINGS, type SettingName } from "../../provider/settings/settings";
import { FAKE_AZ_DIR, useSignInEnv } from "../support/sign-in-env";

const ACCOUNT = { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast" };
const WRONG_SECRET = "wrong-client-secret-4f1c9a";
const CERT_PASSWORD = "certificate-password-7e2b";
const WRONG_PFX_PASSWORD = "not-the-pfx-password-5c0d";
/** PKCS#12 files are made with the system's openssl (3.x, with its legacy provider for the legacy kind). */
const OPENSSL = spawnSync("openssl", ["version"]).status === 0;

let emu: RunningEmulator;
let restoreEnv: () => void;
let dir: string;
/** Every value that must never be shown: secrets, tokens, keys. Grows as tests issue tokens. */
const secrets = new Set<string>([ENTRA_SECRET_APP.secret, WRONG_SECRET, CERT_PASSWORD, WRONG_PFX_PASSWORD, ENTRA_ACTIONS_REQUEST_TOKEN]);
const logLines: string[] = [];
const originalLog = AzureLogger.log;

let files: { certificate: string; encryptedCertificate: string; otherCertificate: string; oidcToken: string; wrongSubjectToken: string };
/** PKCS#12 files of the registered certificate (made only where openssl is). */
let pfx: { modern: string; legacy: string; passwordless: string; chain: string };

beforeAll(async () => {
  emu = await startEmulator();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-lookup-sign-in-"));
  const { certificatePem, privateKeyPem } = await emu.entra.clientCertificate();
  const key = crypto.createPrivateKey(privateKeyPem);
  const encrypted = key.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: CERT_PASSWORD }).toString();
  secrets.add(
    privateKeyPem
      .replace(/-----[^-]+-----/g, "")
      .replace(/\s/g, "")
      .slice(0, 64),
  );
  const { generate } = await import("selfsigned");
  const other = await generate([{ name: "commonName", value: "not-registered" }], { keyType: "rsa", keySize: 2048 });
  files = {
    certificate: path.join(dir, "sp.pem"),
    encryptedCertificate: path.join(dir, "sp-encrypted.pem"),
    otherCertificate: path.join(dir, "other.pem"),
    oidcToken: path.join(dir, "oidc-token"),
    wrongSubjectToken: path.join(dir, "wrong-subject-token"),
  };
  fs.writeFileSync(files.certificate, `${privateKeyPem}${certificatePem}`);
  fs.writeFileSync(files.encryptedCertificate, `${encrypted}${certificatePem}`);
  fs.writeFileSync(files.otherCertificate, `${other.private}${other.cert}`);
  fs.writeFileSync(files.oidcToken, federated());
  fs.writeFileSync(files.wrongSubjectToken, federated({ subject: "repo:contoso/other:ref:refs/heads/main" }));
  if (OPENSSL) {
    // The names say nothing: the library tells PKCS#12 from PEM by the content.
    pfx = {
      modern: path.join(dir, "sp.pfx"),
      legacy: path.join(dir, "sp-legacy.p12"),
      passwordless: path.join(dir, "sp-no-password.pfx"),
      chain: path.join(dir, "sp-chain.cert"),
    };
    const other = path.join(dir, "other-cert.pem");
    fs.writeFileSync(other, (await generate([{ name: "commonName", value: "an-issuer" }], { keyType: "rsa", keySize: 2048 })).cert);
    const pkcs12 = (out: string, password: string, ...options: string[]) =>
      execFileSync(
        "openssl",
        [
          "pkcs12",
          "-export",
          "-in",
          files.certificate,
          "-inkey",
          files.certificate,
          "-out",
          out,
          "-passout",
          "env:PFX_PASSWORD",
          ...options,
        ],
        { env: { ...process.env, PFX_PASSWORD: password }, stdio: "pipe" },
      );
    pkcs12(pfx.modern, CERT_PASSWORD);
    pkcs12(pfx.legacy, CERT_PASSWORD, "-legacy");
    pkcs12(pfx.passwordless, "");
    pkcs12(pfx.chain, CERT_PASSWORD, "-certfile", other);
  }
  setLogLevel("verbose");
  AzureLogger.log = (...args: unknown[]) => logLines.push(args.map(String).join(" "));
});

afterAll(async () => {
  AzureLogger.log = originalLog;
  setLogLevel(undefined as unknown as "error");
  await emu?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  restoreEnv = useSignInEnv(emu);
  emu.clearStats();
  emu.entra.reset();
});

afterEach(async () => {
  setPulumiConfigReader(undefined);
  forgetAzureCliSubscription();
  restoreEnv();
  await closeClients();
});

function federated(claims: Parameters<RunningEmulator["entra"]["issueFederatedToken"]>[0] = {}): string {
  const token = emu.entra.issueFederatedToken(claims);
  secrets.add(token);
  return token;
}

type Source = "config" | "azure-native" | "env";
const SOURCES: Source[] = ["config", "azure-native", "env"];
type Settings = Partial<Record<SettingName, string>>;

/** Sets `settings` where `source` says: keys azure-native lacks go to the environment. */
function configure(source: Source, settings: Settings): void {
  const config = new Map<string, string>();
  for (const [name, value] of Object.entries(settings) as [SettingName, string][]) {
    const s = SETTINGS[name] as { azureNativeKey?: string; env: readonly string[] };
    if (source === "config") config.set(`azure-batch-lookup:${name}`, value);
    else if (source === "azure-native" && s.azureNativeKey !== undefined) config.set(`azure-native:${s.azureNativeKey}`, value);
    else process.env[s.env[0]!] = value;
  }
  setPulumiConfigReader((key) => config.get(key));
}

function lookup(args: { subscriptionId?: string } = { subscriptionId: EXAMPLES_SUBSCRIPTION_ID }) {
  return getBatchAccount({ ...ACCOUNT, ...args }, { endpoint: emu.url, ca: emu.caCertPem!, retry: { totalTimeoutMs: 20_000 } });
}

/** The object id in the token ARM received last (ARM verified it: the lookup succeeded). */
function identityAtArm(): { oid: string; appid: string } {
  const auth = emu.stats().requests.at(-1)?.authorization ?? "";
  const token = auth.replace(/^Bearer /, "");
  secrets.add(token);
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

async function failure(promise: Promise<unknown>): Promise<Error & { code: string; target?: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the lookup should fail").toBeInstanceOf(Error);
  const shown = `${inspect(err, { depth: 6 })} ${JSON.stringify(err)} ${(err as Error).stack}`;
  for (const secret of secrets) expect(shown.includes(secret), "an error shows a secret").toBe(false);
  return err as Error & { code: string; target?: string };
}

interface MethodCase {
  method: string;
  /** How the message names the method. */
  named: RegExp;
  settings: () => Settings;
  objectId: string;
  wrong?: { what: string; settings: () => Settings; code: string };
  missing?: { settings: () => Settings; names: string[] };
}

const tenant = () => emu.entra.directory.tenantId;

const CASES: MethodCase[] = [
  {
    method: "client secret",
    named: /a service principal with a client secret \(chosen by [^)]*clientSecret|ARM_CLIENT_SECRET\)/,
    settings: () => ({ tenantId: tenant(), clientId: ENTRA_SECRET_APP.clientId, clientSecret: ENTRA_SECRET_APP.secret }),
    objectId: ENTRA_SECRET_APP.objectId,
    wrong: {
      what: "a wrong secret",
      settings: () => ({ tenantId: tenant(), clientId: ENTRA_SECRET_APP.clientId, clientSecret: WRONG_SECRET }),
      code: "AADSTS7000215",
    },
    missing: { settings: () => ({ clientId: ENTRA_SECRET_APP.clientId, clientSecret: ENTRA_SECRET_APP.secret }), names: ["tenantId"] },
  },
  {
    method: "client certificate",
    named: /a service principal with a client certificate/,
    settings: () => ({ tenantId: tenant(), clientId: ENTRA_CERTIFICATE_APP.clientId, clientCertificatePath: files.certificate }),
    objectId: ENTRA_CERTIFICATE_APP.objectId,
    wrong: {
      what: "a certificate the application does not have",
      settings: () => ({ tenantId: tenant(), clientId: ENTRA_CERTIFICATE_APP.clientId, clientCertificatePath: files.otherCertificate }),
      code: "AADSTS700027",
    },
    missing: { settings: () => ({ tenantId: tenant(), clientCertificatePath: files.certificate }), names: ["clientId"] },
  },
  {
    method: "client certificate with an encrypted key",
    named: /a service principal with a client certificate/,
    settings: () => ({
      tenantId: tenant(),
      clientId: ENTRA_CERTIFICATE_APP.clientId,
      clientCertificatePath: files.encryptedCertificate,
      clientCertificatePassword: CERT_PASSWORD,
    }),
    objectId: ENTRA_CERTIFICATE_APP.objectId,
  },
  {
    method: "OIDC token",
    named: /OIDC \(a service principal with a federated token\) \(chosen by [^)]*(useOidc|ARM_USE_OIDC)\)/,
    settings: () => ({ useOidc: "true", tenantId: tenant(), clientId: ENTRA_OIDC_APP.clientId, oidcToken: federated() }),
    objectId: ENTRA_OIDC_APP.objectId,
    wrong: {
      what: "a token for another audience",
      settings: () => ({
        useOidc: "true",
        tenantId: tenant(),
        clientId: ENTRA_OIDC_APP.clientId,
        oidcToken: federated({ audience: "api://Other" }),
      }),
      code: "AADSTS70021",
    },
    missing: {
      settings: () => ({ useOidc: "true", tenantId: tenant(), clientId: ENTRA_OIDC_APP.clientId }),
      names: ["oidcToken", "oidcTokenFilePath", "oidcRequestUrl"],
    },
  },
  {
    method: "OIDC token file",
    named: /OIDC/,
    settings: () => ({ useOidc: "true", tenantId: tenant(), clientId: ENTRA_OIDC_APP.clientId, oidcTokenFilePath: files.oidcToken }),
    objectId: ENTRA_OIDC_APP.objectId,
    wrong: {
      what: "a token of another subject",
      settings: () => ({
        useOidc: "true",
        tenantId: tenant(),
        clientId: ENTRA_OIDC_APP.clientId,
        oidcTokenFilePath: files.wrongSubjectToken,
      }),
      code: "AADSTS70021",
    },
    missing: {
      settings: () => ({ useOidc: "true", clientId: ENTRA_OIDC_APP.clientId, oidcTokenFilePath: files.oidcToken }),
      names: ["tenantId"],
    },
  },
  {
    method: "OIDC token request URL",
    named: /OIDC/,
    settings: () => ({
      useOidc: "true",
      tenantId: tenant(),
      clientId: ENTRA_OIDC_APP.clientId,
      oidcRequestUrl: `${emu.url}${ACTIONS_TOKEN_PATH}`,
      oidcRequestToken: ENTRA_ACTIONS_REQUEST_TOKEN,
    }),
    objectId: ENTRA_OIDC_APP.objectId,
    wrong: {
      what: "another audience",
      settings: () => ({
        useOidc: "true",
        tenantId: tenant(),
        clientId: ENTRA_OIDC_APP.clientId,
        oidcRequestUrl: `${emu.url}${ACTIONS_TOKEN_PATH}`,
        oidcRequestToken: ENTRA_ACTIONS_REQUEST_TOKEN,
        oidcAudience: "api://Other",
      }),
      code: "AADSTS70021",
    },
    missing: {
      settings: () => ({
        useOidc: "true",
        tenantId: tenant(),
        clientId: ENTRA_OIDC_APP.clientId,
        oidcRequestUrl: `${emu.url}${ACTIONS_TOKEN_PATH}`,
      }),
      names: ["oidcRequestToken"],
    },
  },
  {
    method: "system-assigned managed identity",
    named: /a managed identity/,
    settings: () => ({ useMsi: "true" }),
    objectId: ENTRA_SYSTEM_IDENTITY.objectId,
  },
  {
    method: "user-assigned managed identity",
    named: /a managed identity/,
    settings: () => ({ useMsi: "true", clientId: ENTRA_USER_IDENTITY.clientId }),
    objectId: ENTRA_USER_IDENTITY.objectId,
  },
];

describe.each(CASES)("$method", (c) => {
  it.each(SOURCES)("from %s: the lookup reaches ARM as the intended identity", async (source) => {
    configure(source, c.settings());
    const account = await lookup();
    expect(account.name).toBe("sampleacct");
    expect(identityAtArm().oid).toBe(c.objectId);
  });

  if (c.wrong !== undefined) {
    const wrong = c.wrong;
    it.each(SOURCES)(`from %s: ${wrong.what} fails naming the method and ${wrong.code}`, async (source) => {
      configure(source, wrong.settings());
      const err = await failure(lookup());
      expect(err.code).toBe("CredentialUnavailable");
      expect(err.message).toMatch(c.named);
      expect(err.message).toContain(wrong.code);
      expect(emu.stats().requests.length, "nothing reached ARM").toBe(0);
    });
  }

  if (c.missing !== undefined) {
    const missing = c.missing;
    it.each(SOURCES)("from %s: a missing piece is InvalidConfiguration before any request", async (source) => {
      configure(source, missing.settings());
      const err = await failure(lookup());
      expect(err.code).toBe("InvalidConfiguration");
      expect(err.message).toMatch(c.named);
      for (const name of missing.names) expect(err.message).toContain(`set ${name} with azure-batch-lookup:${name}`);
      expect(err.message).toContain("No other way of signing in is tried");
      expect(emu.entra.requests).toEqual([]);
      expect(emu.stats().requests).toEqual([]);
    });
  }
});

/** How each source names the setting that chose the certificate, and the one that gave its password. */
const CHOSEN_BY: Record<Source, { path: string; password: string }> = {
  config: { path: "azure-batch-lookup:clientCertificatePath", password: "azure-batch-lookup:clientCertificatePassword" },
  "azure-native": { path: "azure-native:clientCertificatePath", password: "azure-native:clientCertificatePassword" },
  env: { path: "ARM_CLIENT_CERTIFICATE_PATH", password: "ARM_CLIENT_CERTIFICATE_PASSWORD" },
};

describe.skipIf(!OPENSSL)("a PKCS#12 (.pfx) certificate, as azure-native takes it", () => {
  const certificate = (file: string, password?: string): Settings => ({
    tenantId: tenant(),
    clientId: ENTRA_CERTIFICATE_APP.clientId,
    clientCertificatePath: file,
    ...(password === undefined ? {} : { clientCertificatePassword: password }),
  });
  const KINDS = [
    {
      kind: "modern (PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC) with a password",
      settings: () => certificate(pfx.modern, CERT_PASSWORD),
    },
    { kind: "legacy (RC2-40 certificates, 3DES key, SHA-1 MAC) with a password", settings: () => certificate(pfx.legacy, CERT_PASSWORD) },
    { kind: "without a password", settings: () => certificate(pfx.passwordless) },
    { kind: "with an issuer's certificate besides its own", settings: () => certificate(pfx.chain, CERT_PASSWORD) },
  ];

  describe.each(KINDS)("$kind", ({ settings }) => {
    it.each(SOURCES)("from %s: the lookup reaches ARM as the certificate's service principal", async (source) => {
      configure(source, settings());
      const account = await lookup();
      expect(account.name).toBe("sampleacct");
      expect(identityAtArm()).toMatchObject({ oid: ENTRA_CERTIFICATE_APP.objectId, appid: ENTRA_CERTIFICATE_APP.clientId });
      expect(emu.entra.requests.map((r) => r.proof)).toEqual(["certificate"]);
    });
  });

  it.each(SOURCES)(
    "from %s: a wrong password is InvalidConfiguration naming the method and both settings, before any request",
    async (source) => {
      configure(source, certificate(pfx.modern, WRONG_PFX_PASSWORD));
      const err = await failure(lookup());
      expect(err).toMatchObject({ code: "InvalidConfiguration", target: "clientCertificatePassword" });
      expect(err.message).toBe(
        `Signing in with a service principal with a client certificate (chosen by ${CHOSEN_BY[source].path}): ` +
          `the clientCertificatePassword given (from ${CHOSEN_BY[source].password}) does not open the PKCS#12 file ${pfx.modern}.`,
      );
      expect(emu.entra.requests).toEqual([]);
      expect(emu.stats().requests).toEqual([]);
    },
  );

  it("a legacy file with a wrong password fails the same way", async () => {
    configure("env", certificate(pfx.legacy, WRONG_PFX_PASSWORD));
    const err = await failure(lookup());
    expect(err.code).toBe("InvalidConfiguration");
    expect(err.message).toContain(`does not open the PKCS#12 file ${pfx.legacy}`);
  });

  it("a protected file without clientCertificatePassword says to set it", async () => {
    configure("config", certificate(pfx.modern));
    const err = await failure(lookup());
    expect(err).toMatchObject({ code: "InvalidConfiguration", target: "clientCertificatePassword" });
    expect(err.message).toContain("(chosen by azure-batch-lookup:clientCertificatePath)");
    expect(err.message).toContain(`the PKCS#12 file ${pfx.modern} is protected by a password: set clientCertificatePassword`);
    expect(emu.entra.requests).toEqual([]);
  });
});

describe("the order and the environments that must work unchanged", () => {
  it("Pulumi ESC's azure-login exports (ARM_USE_OIDC, ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID as /subscriptions/<id>, ARM_OIDC_TOKEN)", async () => {
    Object.assign(process.env, {
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: ENTRA_OIDC_APP.clientId,
      ARM_TENANT_ID: tenant(),
      ARM_SUBSCRIPTION_ID: `/subscriptions/${EXAMPLES_SUBSCRIPTION_ID}`,
      ARM_OIDC_TOKEN: federated(),
    });
    await lookup({});
    expect(identityAtArm().oid).toBe(ENTRA_OIDC_APP.objectId);
    expect(emu.stats().requests.at(-1)?.url).toContain(`/subscriptions/${EXAMPLES_SUBSCRIPTION_ID}/`);
  });

  it("a GitHub Actions job with id-token: write (ARM_USE_OIDC, ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN)", async () => {
    Object.assign(process.env, {
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: ENTRA_OIDC_APP.clientId,
      ARM_TENANT_ID: tenant(),
      ARM_SUBSCRIPTION_ID: EXAMPLES_SUBSCRIPTION_ID,
      ACTIONS_ID_TOKEN_REQUEST_URL: `${emu.url}${ACTIONS_TOKEN_PATH}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: ENTRA_ACTIONS_REQUEST_TOKEN,
    });
    await lookup({});
    expect(identityAtArm().oid).toBe(ENTRA_OIDC_APP.objectId);
    const proofs = emu.entra.requests.map((r) => r.proof);
    expect(proofs).toContain("actions");
    expect(proofs.filter((p) => p === "federated")).toEqual(["federated"]);
  });

  it("a certificate wins over a client secret, a client secret over OIDC, OIDC over a managed identity (azure-native's order)", async () => {
    const { clientSecret, ...rest } = CASES[0]!.settings();
    const all = { ...rest, useOidc: "true", oidcToken: federated(), useMsi: "true" };
    configure("env", {
      ...all,
      clientSecret: clientSecret!,
      clientId: ENTRA_CERTIFICATE_APP.clientId,
      clientCertificatePath: files.certificate,
    });
    await lookup();
    expect(identityAtArm().oid).toBe(ENTRA_CERTIFICATE_APP.objectId);
    await closeClients();
    delete process.env.ARM_CLIENT_CERTIFICATE_PATH;
    configure("env", { ...all, clientSecret: clientSecret! });
    await lookup();
    expect(identityAtArm().oid).toBe(ENTRA_SECRET_APP.objectId);
    await closeClients();
    delete process.env.ARM_CLIENT_SECRET;
    configure("env", { ...all, clientId: ENTRA_OIDC_APP.clientId });
    await lookup();
    expect(identityAtArm().oid).toBe(ENTRA_OIDC_APP.objectId);
  });

  it("a configured method never falls through: a wrong secret fails even where a managed identity would succeed", async () => {
    configure("env", { ...CASES[0]!.wrong!.settings(), useMsi: "true" });
    const err = await failure(lookup());
    expect(err.message).toContain("AADSTS7000215");
    expect(emu.entra.requests.map((r) => r.proof ?? r.status)).toEqual([401]);
  });

  it("useDefaultAzureCredential comes first: DefaultAzureCredential signs in (here from AZURE_CLIENT_* as EnvironmentCredential)", async () => {
    configure("config", { useDefaultAzureCredential: "true", clientCertificatePath: files.certificate });
    Object.assign(process.env, {
      AZURE_TENANT_ID: tenant(),
      AZURE_CLIENT_ID: ENTRA_SECRET_APP.clientId,
      AZURE_CLIENT_SECRET: ENTRA_SECRET_APP.secret,
    });
    await lookup();
    expect(identityAtArm().oid).toBe(ENTRA_SECRET_APP.objectId);
  });

  it("a yes/no setting that is neither true nor false is InvalidConfiguration naming where it came from", async () => {
    configure("env", { useOidc: "yes" });
    const err = await failure(lookup());
    expect(err).toMatchObject({ code: "InvalidConfiguration", target: "ARM_USE_OIDC" });
    expect(err.message).toContain('useOidc (from ARM_USE_OIDC) must be true or false, got "yes"');
  });

  it("an encrypted key without its password is InvalidConfiguration before any request", async () => {
    configure("env", { tenantId: tenant(), clientId: ENTRA_CERTIFICATE_APP.clientId, clientCertificatePath: files.encryptedCertificate });
    const err = await failure(lookup());
    expect(err.code).toBe("InvalidConfiguration");
    expect(err.message).toContain("is encrypted: set clientCertificatePassword");
    expect(emu.entra.requests).toEqual([]);
  });

  it("the GitHub token request with a wrong request token fails naming OIDC and the answer, without the token", async () => {
    configure("env", { ...CASES[5]!.settings(), oidcRequestToken: "not-the-request-token" });
    secrets.add("not-the-request-token");
    const err = await failure(lookup());
    expect(err.message).toMatch(/OIDC .*answered 401: Bad credentials/);
  });
});

describe("token requests: bounded and retried", () => {
  it("Entra ID's 429 and 503 are retried within the lookup's deadline", async () => {
    configure("env", CASES[0]!.settings());
    emu.entra.failNext({ status: 429, retryAfter: 1 });
    emu.entra.failNext({ status: 503 });
    await lookup();
    expect(emu.entra.requests.map((r) => r.status)).toEqual([429, 503, 200]);
    expect(identityAtArm().oid).toBe(ENTRA_SECRET_APP.objectId);
  });

  it("a token service that keeps failing ends the lookup at its deadline", async () => {
    configure("env", CASES[0]!.settings());
    emu.entra.failNext({ status: 429, retryAfter: 30 }, 10);
    const started = Date.now();
    const err = await getBatchAccount(
      { ...ACCOUNT, subscriptionId: EXAMPLES_SUBSCRIPTION_ID },
      { endpoint: emu.url, ca: emu.caCertPem!, retry: { totalTimeoutMs: 2_000 } },
    ).then(
      () => undefined,
      (e: unknown) => e as { code: string },
    );
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(["RequestTimeout", "CredentialUnavailable"]).toContain(err?.code);
  });
});

describe("the Azure CLI", () => {
  beforeEach(() => {
    process.env.PATH = `${FAKE_AZ_DIR}${path.delimiter}${process.env.PATH}`;
    // DefaultAzureCredential tries the Azure CLI only (the managed identity endpoint is the emulator's anyway).
    process.env.AZURE_TOKEN_CREDENTIALS = "AzureCliCredential";
    process.env.FAKE_AZ_SUBSCRIPTION_ID = EXAMPLES_SUBSCRIPTION_ID;
  });
  afterEach(() => {
    delete process.env.FAKE_AZ_SUBSCRIPTION_ID;
    delete process.env.FAKE_AZ_ACCESS_TOKEN;
    delete process.env.FAKE_AZ_LOGGED_OUT;
  });

  it("with nothing configured, the CLI's default subscription and token are used, and an info line says so", async () => {
    const token = emu.entra.issueAccessToken(emu.url, {
      objectId: "f6d5b8a7-2c19-4edf-8a71-0d1e2f3a4b56",
      appId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
    });
    secrets.add(token);
    process.env.FAKE_AZ_ACCESS_TOKEN = token;
    const before = logLines.length;
    await lookup({});
    expect(identityAtArm().oid).toBe("f6d5b8a7-2c19-4edf-8a71-0d1e2f3a4b56");
    expect(emu.stats().requests.at(-1)?.url).toContain(`/subscriptions/${EXAMPLES_SUBSCRIPTION_ID}/`);
    expect(logLines.slice(before).join("\n")).toContain(
      `azure:azure-batch-lookup:info No subscription is configured: using the Azure CLI's default subscription ${EXAMPLES_SUBSCRIPTION_ID}`,
    );
  });

  it("a CLI that is not logged in gives no subscription: the error names every place to set one", async () => {
    process.env.FAKE_AZ_LOGGED_OUT = "true";
    const err = await failure(lookup({}));
    expect(err.code).toBe("InvalidArgument");
    expect(err.message).toContain("azure-batch-lookup:subscriptionId");
    expect(err.message).toContain("ARM_SUBSCRIPTION_ID");
    expect(err.message).toContain("az login");
  });

  it("with a way of signing in configured, the CLI is not asked for a subscription", async () => {
    const log = path.join(dir, "az-calls");
    process.env.FAKE_AZ_LOG = log;
    configure("env", CASES[0]!.settings());
    const err = await failure(lookup({}));
    expect(err.code).toBe("InvalidArgument");
    expect(fs.existsSync(log)).toBe(false);
    delete process.env.FAKE_AZ_LOG;
  });
});

describe("quiet", () => {
  it("no secret, assertion or token reached a log line at AZURE_LOG_LEVEL=verbose", () => {
    expect(logLines.length).toBeGreaterThan(100);
    const text = logLines.join("\n");
    for (const secret of secrets) expect(text.includes(secret), `a log line shows ${secret.slice(0, 12)}…`).toBe(false);
    // The Entra ID requests were logged (so the check above looked at them).
    expect(text).toMatch(/oauth2\/v2\.0\/token/);
  });
});
