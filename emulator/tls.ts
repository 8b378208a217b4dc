/**
 * The emulator's TLS material: a throw-away CA and a server certificate it signs for
 * localhost, 127.0.0.1, ::1 and any extra names asked for (generated with `selfsigned`, the
 * default material cached per process), and the CA PEM written to a file for NODE_EXTRA_CA_CERTS.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generate } from "selfsigned";

export interface TlsMaterial {
  /** Server private key (PEM). */
  key: string;
  /** Server certificate (PEM). */
  cert: string;
  /** CA certificate that signed `cert` (PEM): what clients must trust. */
  ca: string;
}

let cached: Promise<TlsMaterial> | undefined;

/**
 * A new CA (named `caName`) and a server certificate it signs (each call a different CA), for
 * localhost, 127.0.0.1, ::1 and `extraDnsNames` (such as a name only a test proxy resolves).
 */
export async function generateTlsMaterial(
  caName = "azure-batch-lookup emulator CA",
  extraDnsNames: readonly string[] = [],
): Promise<TlsMaterial> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const notAfterDate = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const ca = await generate([{ name: "commonName", value: caName }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
          ...extraDnsNames.map((value) => ({ type: 2 as const, value })),
        ],
      },
    ],
  });
  return { key: server.private, cert: server.cert, ca: ca.cert };
}

/** The process-wide generated certificate (created on first use). */
export function emulatorTlsMaterial(): Promise<TlsMaterial> {
  cached ??= generateTlsMaterial().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

/**
 * Writes the CA PEM to `file`, or to a fresh temporary directory. Returns the path and a cleanup
 * function (which removes only what this call created).
 */
export function writeCaFile(caPem: string, file?: string): { path: string; cleanup: () => void } {
  if (file) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, caPem, { mode: 0o644 });
    return { path: path.resolve(file), cleanup: () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-emulator-"));
  const p = path.join(dir, "emulator-ca.pem");
  fs.writeFileSync(p, caPem, { mode: 0o644 });
  return { path: p, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * What a client should name in NODE_EXTRA_CA_CERTS: a bundle of the CA file it already names
 * (`existing`: a corporate proxy's or a registry mirror's CAs) followed by the emulator's CA,
 * written next to `caPath`, since the variable holds one file and replacing it would drop that
 * trust (npm then fails with SELF_SIGNED_CERT_IN_CHAIN). Just `caPath` when there is nothing to keep.
 */
export function writeCaBundle(caPem: string, caPath: string, existing: string | undefined): { path: string; includes?: string } {
  if (existing === undefined || existing === "") return { path: caPath };
  const bundlePath = caPath.replace(/(\.pem)?$/, "-bundle.pem");
  const source = path.resolve(existing);
  if (source === path.resolve(caPath) || source === path.resolve(bundlePath)) return { path: caPath };
  let kept: string;
  try {
    kept = fs.readFileSync(source, "utf8");
  } catch {
    return { path: caPath };
  }
  fs.writeFileSync(bundlePath, `${kept.trimEnd()}\n${caPem.trimEnd()}\n`, { mode: 0o644 });
  return { path: bundlePath, includes: source };
}
