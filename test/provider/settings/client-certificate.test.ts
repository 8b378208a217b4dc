// The certificate file of a service principal read into the PEM @azure/identity takes: PKCS#12
// files made by the system's openssl (modern, legacy, without a password, with a non-ASCII
// password, with a chain) and by node-forge (shapes openssl will not write: several keys, a
// certificate of another key), PEM files, and the errors of each. No request is made here; the
// sign-in itself is proven against the emulator in test/integration/sign-in.test.ts.

import { execFileSync, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readClientCertificate } from "../../../provider/settings/client-certificate";
import { looksLikePkcs12, readPkcs12 } from "../../../provider/settings/pkcs12";
import type { SignIn } from "../../../provider/settings/sign-in";

const OPENSSL = spawnSync("openssl", ["version"]).status === 0;
const PASSWORD = "pfx-password-91ab";
const UNICODE_PASSWORD = "pässwörd-€-密码";

let dir: string;
/** A key and its self-signed certificate, each as a PEM file, and both in one. */
interface Pair {
  key: string;
  cert: string;
  both: string;
  certificate: crypto.X509Certificate;
}
let leaf: Pair;
let issuer: Pair;
let ec: Pair;

function openssl(args: string[], password = ""): void {
  execFileSync("openssl", args, { env: { ...process.env, PFX_PASSWORD: password }, stdio: "pipe" });
}

function pair(name: string, keyOptions: string[]): Pair {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  openssl(["req", "-x509", ...keyOptions, "-nodes", "-keyout", key, "-out", cert, "-subj", `/CN=${name}`, "-days", "2"]);
  const both = path.join(dir, `${name}.pem`);
  fs.writeFileSync(both, fs.readFileSync(key, "utf8") + fs.readFileSync(cert, "utf8"));
  return { key, cert, both, certificate: new crypto.X509Certificate(fs.readFileSync(cert)) };
}

function pkcs12(name: string, p: Pair, password: string, ...options: string[]): string {
  const out = path.join(dir, name);
  openssl(["pkcs12", "-export", "-in", p.cert, "-inkey", p.key, "-out", out, "-passout", "env:PFX_PASSWORD", ...options], password);
  return out;
}

/** What openssl says of a PKCS#12 file's algorithms. */
function describePkcs12(file: string, ...options: string[]): string {
  const r = spawnSync("openssl", ["pkcs12", ...options, "-in", file, "-info", "-noout", "-passin", "env:PFX_PASSWORD"], {
    encoding: "utf8",
    env: { ...process.env, PFX_PASSWORD: PASSWORD },
  });
  return `${r.stdout}${r.stderr}`;
}

/** A PKCS#12 file written by node-forge (no MAC, nothing encrypted) from keys and certificates in PEM. */
function forgePkcs12(name: string, pieces: { key: string; certs: string[] }[]): string {
  const authSafes = pieces.map(({ key, certs }) => {
    const pfx = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(fs.readFileSync(key, "utf8")),
      certs.map((c) => forge.pki.certificateFromPem(fs.readFileSync(c, "utf8"))),
      null,
      { useMac: false },
    );
    return pfx;
  });
  // Every ContentInfo of each file's AuthenticatedSafe, in one AuthenticatedSafe.
  const contentInfos = authSafes.flatMap((pfx) => {
    const octets = ((pfx.value[1] as forge.asn1.Asn1).value[1] as forge.asn1.Asn1).value[0] as forge.asn1.Asn1;
    return forge.asn1.fromDer(octets.value as string).value as forge.asn1.Asn1[];
  });
  const first = authSafes[0]!;
  const octets = ((first.value[1] as forge.asn1.Asn1).value[1] as forge.asn1.Asn1).value[0] as forge.asn1.Asn1;
  octets.value = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, contentInfos)).getBytes();
  const out = path.join(dir, name);
  fs.writeFileSync(out, Buffer.from(forge.asn1.toDer(first).getBytes(), "binary"));
  return out;
}

function signIn(file: string, password?: string): Extract<SignIn, { method: "clientCertificate" }> {
  return {
    method: "clientCertificate",
    certificatePath: file,
    certificatePassword: password,
    certificatePasswordFrom: password === undefined ? undefined : "ARM_CLIENT_CERTIFICATE_PASSWORD",
    tenantId: "t",
    clientId: "c",
    auxiliaryTenantIds: [],
    chosenBy: "ARM_CLIENT_CERTIFICATE_PATH",
    authorityHost: undefined,
    disableInstanceDiscovery: false,
  };
}

/** The PEM's private key and certificates, in order. */
function parsed(pem: string): { key: crypto.KeyObject; certificates: crypto.X509Certificate[] } {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  expect(pem.startsWith("-----BEGIN PRIVATE KEY-----"), "an unencrypted PKCS#8 key first").toBe(true);
  return { key: crypto.createPrivateKey(pem), certificates: blocks.map((b) => new crypto.X509Certificate(b)) };
}

function expectLeaf(pem: string, expected: Pair, count = 1): void {
  const { key, certificates } = parsed(pem);
  expect(certificates).toHaveLength(count);
  expect(certificates[0]!.fingerprint256).toBe(expected.certificate.fingerprint256);
  expect(certificates[0]!.checkPrivateKey(key)).toBe(true);
}

function failure(fn: () => unknown): Error & { code: string; target?: string } {
  try {
    fn();
  } catch (err) {
    const shown = `${(err as Error).message} ${JSON.stringify(err)}`;
    for (const secret of [PASSWORD, UNICODE_PASSWORD, "wrong-password-00"]) expect(shown).not.toContain(secret);
    return err as Error & { code: string; target?: string };
  }
  throw new Error("expected a failure");
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-lookup-client-certificate-"));
  if (!OPENSSL) return;
  leaf = pair("leaf", ["-newkey", "rsa:2048"]);
  issuer = pair("issuer", ["-newkey", "rsa:2048"]);
  ec = pair("ec", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]);
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!OPENSSL)("a PKCS#12 file", () => {
  it("modern (OpenSSL 3's default: PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC) opens with its password", () => {
    const file = pkcs12("modern.pfx", leaf, PASSWORD);
    const info = describePkcs12(file);
    expect(info).toContain("MAC: sha256");
    expect(info).toContain("PBES2, PBKDF2, AES-256-CBC");
    expect(info).toContain("PRF hmacWithSHA256");
    expectLeaf(readClientCertificate(signIn(file, PASSWORD)), leaf);
  });

  it("legacy (RC2-40 certificates, 3DES key, SHA-1 MAC) opens with its password", () => {
    const file = pkcs12("legacy.pfx", leaf, PASSWORD, "-legacy");
    const info = describePkcs12(file, "-legacy");
    expect(info).toContain("MAC: sha1");
    expect(info).toContain("pbeWithSHA1And40BitRC2-CBC");
    expect(info).toContain("pbeWithSHA1And3-KeyTripleDES-CBC");
    expectLeaf(readClientCertificate(signIn(file, PASSWORD)), leaf);
  });

  it("without a password: the empty password (openssl -passout pass:), and nothing encrypted nor a MAC", () => {
    expectLeaf(readClientCertificate(signIn(pkcs12("empty.pfx", leaf, ""))), leaf);
    expectLeaf(readClientCertificate(signIn(pkcs12("clear.pfx", leaf, "", "-keypbe", "NONE", "-certpbe", "NONE", "-nomac"))), leaf);
  });

  it("a non-ASCII password opens both kinds (UTF-8 for PBES2, BMPString for the MAC and PBES1, as OpenSSL)", () => {
    expectLeaf(readClientCertificate(signIn(pkcs12("unicode.pfx", leaf, UNICODE_PASSWORD), UNICODE_PASSWORD)), leaf);
    expectLeaf(readClientCertificate(signIn(pkcs12("unicode-legacy.pfx", leaf, UNICODE_PASSWORD, "-legacy"), UNICODE_PASSWORD)), leaf);
    const err = failure(() => readClientCertificate(signIn(path.join(dir, "unicode.pfx"), "passwörd")));
    expect(err.message).toContain("does not open the PKCS#12 file");
  });

  it("with a chain: the key's own certificate first, then the others, whatever their order in the file", () => {
    const file = forgePkcs12("chain-issuer-first.pfx", [{ key: leaf.key, certs: [issuer.cert, leaf.cert] }]);
    const pem = readClientCertificate(signIn(file));
    expectLeaf(pem, leaf, 2);
    expect(parsed(pem).certificates[1]!.fingerprint256).toBe(issuer.certificate.fingerprint256);
    expectLeaf(readClientCertificate(signIn(pkcs12("chain.pfx", leaf, PASSWORD, "-certfile", issuer.cert), PASSWORD)), leaf, 2);
  });

  it("is told from PEM by its content, not its name", () => {
    const file = path.join(dir, "certificate.pem");
    fs.copyFileSync(pkcs12("named-pem.pfx", leaf, PASSWORD), file);
    expect(looksLikePkcs12(fs.readFileSync(file))).toBe(true);
    expect(looksLikePkcs12(fs.readFileSync(leaf.both))).toBe(false);
    expectLeaf(readClientCertificate(signIn(file, PASSWORD)), leaf);
  });

  it("a wrong password: InvalidConfiguration naming the method, the settings and that the password does not open it", () => {
    for (const options of [[], ["-legacy"]]) {
      const file = pkcs12(`wrong${options.join("")}.pfx`, leaf, PASSWORD, ...options);
      const err = failure(() => readClientCertificate(signIn(file, "wrong-password-00")));
      expect(err).toMatchObject({ code: "InvalidConfiguration", target: "clientCertificatePassword" });
      expect(err.message).toBe(
        "Signing in with a service principal with a client certificate (chosen by ARM_CLIENT_CERTIFICATE_PATH): " +
          `the clientCertificatePassword given (from ARM_CLIENT_CERTIFICATE_PASSWORD) does not open the PKCS#12 file ${file}.`,
      );
    }
  });

  it("a password-protected file without a password says to set clientCertificatePassword", () => {
    const err = failure(() => readClientCertificate(signIn(path.join(dir, "modern.pfx"))));
    expect(err).toMatchObject({ code: "InvalidConfiguration", target: "clientCertificatePassword" });
    expect(err.message).toContain("is protected by a password: set clientCertificatePassword");
  });

  it("without a private key, with several keys, or with no certificate of its key: a clear error", () => {
    const noKey = pkcs12("no-key.pfx", leaf, PASSWORD, "-nokeys");
    expect(failure(() => readClientCertificate(signIn(noKey, PASSWORD))).message).toContain(
      `the PKCS#12 file ${noKey} cannot be used: it holds no private key.`,
    );
    const two = forgePkcs12("two-keys.pfx", [
      { key: leaf.key, certs: [leaf.cert] },
      { key: issuer.key, certs: [issuer.cert] },
    ]);
    expect(failure(() => readClientCertificate(signIn(two))).message).toContain(
      `the PKCS#12 file ${two} cannot be used: it holds 2 private keys, where one is needed.`,
    );
    const mismatched = forgePkcs12("mismatched.pfx", [{ key: leaf.key, certs: [issuer.cert] }]);
    expect(failure(() => readClientCertificate(signIn(mismatched))).message).toContain(
      `no certificate in ${mismatched} is the certificate of its private key.`,
    );
  });

  it("an EC key: Microsoft Entra ID takes RSA certificates only", () => {
    const file = pkcs12("ec.pfx", ec, PASSWORD);
    expect(readPkcs12(fs.readFileSync(file), PASSWORD).privateKey.asymmetricKeyType).toBe("ec");
    expect(failure(() => readClientCertificate(signIn(file, PASSWORD))).message).toContain(
      "is EC: Microsoft Entra ID takes RSA certificates only",
    );
  });

  it("DER that is not PKCS#12 (a certificate) is named as unreadable PKCS#12", () => {
    const file = path.join(dir, "cert.der");
    fs.writeFileSync(file, leaf.certificate.raw);
    const err = failure(() => readClientCertificate(signIn(file)));
    expect(err).toMatchObject({ code: "InvalidConfiguration", target: "clientCertificatePath" });
    expect(err.message).toMatch(new RegExp(`the PKCS#12 file ${file} cannot be used: it cannot be read as PKCS#12`));
  });
});

describe.skipIf(!OPENSSL)("a PEM file", () => {
  it("a chain with the issuer first: the key's certificate is sent first", () => {
    const file = path.join(dir, "issuer-first.pem");
    fs.writeFileSync(file, fs.readFileSync(issuer.cert, "utf8") + fs.readFileSync(leaf.both, "utf8"));
    expectLeaf(readClientCertificate(signIn(file)), leaf, 2);
  });

  it("neither PEM nor PKCS#12: InvalidConfiguration saying so", () => {
    const file = path.join(dir, "notes.txt");
    fs.writeFileSync(file, "not a certificate\n");
    expect(failure(() => readClientCertificate(signIn(file))).message).toContain(
      `${file} is neither a PEM file nor a PKCS#12 (.pfx) file.`,
    );
  });

  it("two certificates of the same key: the error lists both thumbprints", () => {
    const again = path.join(dir, "leaf-again.crt");
    openssl(["req", "-x509", "-new", "-key", leaf.key, "-out", again, "-subj", "/CN=leaf-renewed", "-days", "3"]);
    const file = path.join(dir, "renewed.pem");
    fs.writeFileSync(file, fs.readFileSync(leaf.both, "utf8") + fs.readFileSync(again, "utf8"));
    expect(failure(() => readClientCertificate(signIn(file))).message).toMatch(
      /holds 2 certificates of its private key \([0-9A-F]{64}, [0-9A-F]{64}\)/,
    );
  });
});
