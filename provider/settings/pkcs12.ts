// Opens a PKCS#12 (.pfx) file in memory with node-forge, loaded only here: the modern kind
// (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC, OpenSSL 3's default), the legacy kind
// (RC2-40 and 3DES, SHA-1 MAC) and one without a password. Node.js's crypto reads no PKCS#12.

import * as crypto from "node:crypto";

type Forge = typeof import("node-forge");

/** Why a PKCS#12 file cannot be used. */
export type Pkcs12Problem = "password" | "noPassword" | "unreadable" | "noKey" | "severalKeys" | "noCertificate";

export class Pkcs12Error extends Error {
  constructor(
    readonly problem: Pkcs12Problem,
    message: string,
  ) {
    super(message);
    this.name = "Pkcs12Error";
  }
}

export interface Pkcs12Contents {
  privateKey: crypto.KeyObject;
  certificates: crypto.X509Certificate[];
}

/** A DER SEQUENCE (0x30) is how a PKCS#12 file starts; a PEM file is text with "-----BEGIN". */
export function looksLikePkcs12(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes[0] === 0x30 && !bytes.includes("-----BEGIN");
}

/** forge's messages for a MAC or a decryption that the password does not pass. */
const WRONG_PASSWORD = /MAC could not be verified|wrong password|Failed to decrypt|Invalid password/i;

/**
 * The private key and certificates of a PKCS#12 file. Without `password`, the empty password is
 * tried, then none (the two ways tools write a file "without a password").
 */
export function readPkcs12(bytes: Buffer, password: string | undefined): Pkcs12Contents {
  const forge = require("node-forge") as Forge;
  let asn1: ReturnType<Forge["asn1"]["fromDer"]>;
  try {
    asn1 = forge.asn1.fromDer(bytes.toString("binary"), false);
  } catch (err) {
    throw new Pkcs12Error("unreadable", `it is not DER-encoded PKCS#12 (${(err as Error).message})`);
  }
  const attempts = password === undefined ? ["", undefined] : [password];
  let lastError: unknown;
  for (const attempt of attempts) {
    try {
      return contentsOf(forge, open(forge, asn1, attempt));
    } catch (err) {
      if (err instanceof Pkcs12Error) throw err;
      lastError = err;
      if (!WRONG_PASSWORD.test((err as Error).message)) break;
    }
  }
  const message = (lastError as Error).message;
  if (WRONG_PASSWORD.test(message)) {
    throw password === undefined
      ? new Pkcs12Error("noPassword", "it is protected by a password")
      : new Pkcs12Error("password", "the password does not open it");
  }
  throw new Pkcs12Error("unreadable", `it cannot be read as PKCS#12 (${message})`);
}

type Pfx = ReturnType<Forge["pkcs12"]["pkcs12FromAsn1"]>;

/**
 * forge checks the MAC with the password as a string (BMPString, as PKCS#12 says) and derives
 * PBES2 keys from the string's char codes, where OpenSSL takes its UTF-8 bytes: with a non-ASCII
 * password, once the MAC has passed, the contents are decrypted again with the UTF-8 bytes.
 */
function open(forge: Forge, asn1: Parameters<Forge["pkcs12"]["pkcs12FromAsn1"]>[0], password: string | undefined): Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password as string);
  } catch (err) {
    const ascii = password === undefined || /^[\x20-\x7e]*$/.test(password);
    if (ascii || /MAC could not be verified/.test((err as Error).message)) throw err;
    const withoutMac = { ...asn1, value: (asn1.value as unknown[]).slice(0, 2) } as typeof asn1;
    return forge.pkcs12.pkcs12FromAsn1(withoutMac, false, forge.util.encodeUtf8(password));
  }
}

function contentsOf(forge: Forge, pfx: Pfx): Pkcs12Contents {
  const { oids } = forge.pki;
  const bags = (type: string) => pfx.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(oids.pkcs8ShroudedKeyBag!), ...bags(oids.keyBag!)];
  if (keyBags.length === 0) throw new Pkcs12Error("noKey", "it holds no private key");
  if (keyBags.length > 1) throw new Pkcs12Error("severalKeys", `it holds ${keyBags.length} private keys, where one is needed`);
  const keyBag = keyBags[0]!;
  // forge parses RSA keys only; another kind stays as its PrivateKeyInfo.
  const keyInfo = keyBag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag.asn1;
  const privateKey = crypto.createPrivateKey({ key: derOf(forge, keyInfo), format: "der", type: "pkcs8" });
  const certificates = bags(oids.certBag!).map((bag) => {
    const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    return new crypto.X509Certificate(derOf(forge, asn1));
  });
  if (certificates.length === 0) throw new Pkcs12Error("noCertificate", "it holds no certificate");
  return { privateKey, certificates };
}

function derOf(forge: Forge, asn1: Parameters<Forge["asn1"]["toDer"]>[0]): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
}
