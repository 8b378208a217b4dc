/**
 * Where the emulator listens: a loopback address only, HTTPS with a generated (or given)
 * certificate and the CA files clients trust, or plain HTTP.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { emulatorTlsMaterial, type TlsMaterial, writeCaBundle, writeCaFile } from "./tls";
import type { EmulatorOptions } from "./types";

const LOOPBACK_HOSTS: Record<string, string> = {
  "127.0.0.1": "127.0.0.1",
  localhost: "127.0.0.1",
  "::1": "::1",
  "[::1]": "::1",
};

/** Resolves a host option to a loopback address, or throws. */
export function loopbackAddress(host: string | undefined): string {
  const h = (host ?? "127.0.0.1").trim().toLowerCase();
  if (h in LOOPBACK_HOSTS) return LOOPBACK_HOSTS[h];
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return h;
  throw new Error(
    `The Azure Batch ARM emulator listens only on loopback; refusing host ${JSON.stringify(host)}. ` +
      'Use "127.0.0.1", "::1" or "localhost".',
  );
}

export type ListenOptions = Pick<EmulatorOptions, "port" | "https" | "tlsCertificate" | "caCertPath" | "trustedCaFile">;

/** A listening server and the files it wrote for clients. */
export interface Listener {
  readonly host: string;
  readonly https: boolean;
  readonly port: number;
  /** e.g. https://127.0.0.1:43127 */
  readonly url: string;
  readonly caCertPem?: string;
  readonly certPem?: string;
  readonly caCertPath?: string;
  readonly caBundlePath?: string;
  readonly caBundleIncludes?: string;
  /** The origin the client used (a loopback Host with our port), else `url`. */
  originFor(req: http.IncomingMessage): string;
  /** Stops listening, ends every connection and removes the CA files it wrote. */
  close(): Promise<void>;
}

interface TlsFiles {
  tls: TlsMaterial;
  caCertPath: string;
  caBundlePath: string;
  caBundleIncludes?: string;
  cleanup: () => void;
}

async function tlsFiles(options: ListenOptions): Promise<TlsFiles> {
  const given = options.tlsCertificate;
  const tls = given ? { key: given.key, cert: given.cert, ca: given.ca ?? given.cert } : await emulatorTlsMaterial();
  const written = writeCaFile(tls.ca, options.caCertPath);
  const bundle = writeCaBundle(tls.ca, written.path, "trustedCaFile" in options ? options.trustedCaFile : process.env.NODE_EXTRA_CA_CERTS);
  return { tls, caCertPath: written.path, caBundlePath: bundle.path, caBundleIncludes: bundle.includes, cleanup: written.cleanup };
}

/** Listens on `host` (already a loopback address) with `handler` for every request. */
export async function listen(
  host: string,
  options: ListenOptions,
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<Listener> {
  const secure = options.https ?? true;
  const files = secure ? await tlsFiles(options) : undefined;
  const cleanup = files?.cleanup ?? (() => {});
  const server = files ? https.createServer({ key: files.tls.key, cert: files.tls.cert }, handler) : http.createServer(handler);
  server.on("clientError", (_err, socket) => socket.destroy());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    server.once("error", onError);
    server.listen({ host, port: options.port ?? 0 }, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = secure ? "https" : "http";
  const url = `${scheme}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    host,
    https: secure,
    port,
    url,
    caCertPem: files?.tls.ca,
    certPem: files?.tls.cert,
    caCertPath: files?.caCertPath,
    caBundlePath: files?.caBundlePath,
    caBundleIncludes: files?.caBundleIncludes,
    originFor(req) {
      const h = req.headers.host;
      if (h) {
        const m = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]):(\d+)$/i.exec(h);
        if (m && Number(m[2]) === port) return `${scheme}://${h.toLowerCase()}`;
      }
      return url;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          cleanup();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
