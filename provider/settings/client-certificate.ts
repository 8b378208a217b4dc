// The certificate file of a service principal, read into the one PEM string that
// @azure/identity's ClientCertificateCredential takes (private key, then the certificate of that
// key, then the rest of the chain), in memory only. A PEM file (the key possibly encrypted with
// clientCertificatePassword) or a PKCS#12 file (.pfx, as azure-native takes it), told apart by
// their content, not their name: PKCS#12 is DER, PEM is text with "-----BEGIN".

import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { BatchLookupError } from "../errors";
import { looksLikePkcs12, Pkcs12Error, readPkcs12 } from "./pkcs12";
import { describeSignIn, type SignIn } from "./sign-in";

type CertificateSignIn = Extract<SignIn, { method: "clientCertificate" }>;

function unusable(signIn: CertificateSignIn, setting: string, what: string): BatchLookupError {
  return new BatchLookupError({
    code: "InvalidConfiguration",
    target: setting,
    message: `Signing in with ${describeSignIn(signIn)}: ${what}`,
  });
}

/** The PEM that ClientCertificateCredential reads: the key, the key's certificate first (its thumbprint is the one sent), the chain. */
export function readClientCertificate(signIn: CertificateSignIn): string {
  const file = signIn.certificatePath;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw unusable(
      signIn,
      "clientCertificatePath",
      `the certificate file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"}).`,
    );
  }
  const { privateKey, certificates } = looksLikePkcs12(bytes) ? fromPkcs12(signIn, bytes) : fromPem(signIn, bytes);
  if (privateKey.asymmetricKeyType !== "rsa") {
    throw unusable(
      signIn,
      "clientCertificatePath",
      `the private key in ${file} is ${privateKey.asymmetricKeyType?.toUpperCase() ?? "not RSA"}: Microsoft Entra ID takes RSA certificates only.`,
    );
  }
  const leaves = certificates.filter((c) => c.checkPrivateKey(privateKey));
  const distinct = new Set(leaves.map((c) => c.fingerprint256));
  if (distinct.size === 0) {
    throw unusable(signIn, "clientCertificatePath", `no certificate in ${file} is the certificate of its private key.`);
  }
  if (distinct.size > 1) {
    throw unusable(
      signIn,
      "clientCertificatePath",
      `${file} holds ${distinct.size} certificates of its private key (${leaves.map((c) => c.fingerprint256.replace(/:/g, "")).join(", ")}): keep the one registered with the application.`,
    );
  }
  const leaf = leaves[0]!;
  const chain = certificates.filter((c) => c.fingerprint256 !== leaf.fingerprint256);
  return `${privateKey.export({ type: "pkcs8", format: "pem" }).toString()}${[leaf, ...chain].map((c) => c.toString()).join("")}`;
}

function fromPem(signIn: CertificateSignIn, bytes: Buffer): { privateKey: crypto.KeyObject; certificates: crypto.X509Certificate[] } {
  const file = signIn.certificatePath;
  const text = bytes.toString("latin1");
  if (!text.includes("-----BEGIN")) {
    throw unusable(signIn, "clientCertificatePath", `${file} is neither a PEM file nor a PKCS#12 (.pfx) file.`);
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const keyBlock = /-----BEGIN ((?:ENCRYPTED |RSA |EC )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/.exec(text)?.[0];
  if (blocks.length === 0 || keyBlock === undefined) {
    throw unusable(signIn, "clientCertificatePath", `${file} must hold the certificate and its private key (PEM).`);
  }
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey({
      key: keyBlock,
      ...(signIn.certificatePassword === undefined ? {} : { passphrase: signIn.certificatePassword }),
    });
  } catch {
    throw unusable(
      signIn,
      "clientCertificatePassword",
      signIn.certificatePassword === undefined
        ? `the private key in ${file} is encrypted: set clientCertificatePassword.`
        : `the private key in ${file} cannot be read with the clientCertificatePassword given${passwordSource(signIn)}.`,
    );
  }
  let certificates: crypto.X509Certificate[];
  try {
    certificates = blocks.map((block) => new crypto.X509Certificate(block));
  } catch {
    throw unusable(signIn, "clientCertificatePath", `a certificate in ${file} is not a valid X.509 certificate.`);
  }
  return { privateKey, certificates };
}

function fromPkcs12(signIn: CertificateSignIn, bytes: Buffer): { privateKey: crypto.KeyObject; certificates: crypto.X509Certificate[] } {
  const file = signIn.certificatePath;
  try {
    return readPkcs12(bytes, signIn.certificatePassword);
  } catch (err) {
    if (!(err instanceof Pkcs12Error)) {
      throw unusable(signIn, "clientCertificatePath", `the PKCS#12 file ${file} cannot be read (${(err as Error).message}).`);
    }
    switch (err.problem) {
      case "password":
        throw unusable(
          signIn,
          "clientCertificatePassword",
          `the clientCertificatePassword given${passwordSource(signIn)} does not open the PKCS#12 file ${file}.`,
        );
      case "noPassword":
        throw unusable(
          signIn,
          "clientCertificatePassword",
          `the PKCS#12 file ${file} is protected by a password: set clientCertificatePassword.`,
        );
      default:
        throw unusable(signIn, "clientCertificatePath", `the PKCS#12 file ${file} cannot be used: ${err.message}.`);
    }
  }
}

function passwordSource(signIn: CertificateSignIn): string {
  return signIn.certificatePasswordFrom === undefined ? "" : ` (from ${signIn.certificatePasswordFrom})`;
}
