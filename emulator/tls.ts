/**
 * The emulator's TLS material: a throw-away CA and a server certificate it signs for
 * localhost, 127.0.0.1 and ::1 (generated with `selfsigned`, cached per process), and the CA
 * PEM written to a file for NODE_EXTRA_CA_CERTS.
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

async function create(): Promise<TlsMaterial> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const notAfterDate = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const ca = await generate([{ name: "commonName", value: "azure-batch-lookup emulator CA" }], {
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
        ],
      },
    ],
  });
  return { key: server.private, cert: server.cert, ca: ca.cert };
}

/** The process-wide generated certificate (created on first use). */
export function emulatorTlsMaterial(): Promise<TlsMaterial> {
  cached ??= create().catch((e) => {
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
