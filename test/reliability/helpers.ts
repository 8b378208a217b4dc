/**
 * Shared pieces of the reliability suite: emulators on loopback, lookup options with small
 * retries and timeouts, the expected results of the three operations, and raw loopback
 * listeners that record whether anything connected to them.
 */
import * as net from "node:net";
import { EMULATOR_TOKEN, type EmulatorOptions, type RunningEmulator, SUBID_SUBSCRIPTION_ID, startEmulator } from "../../emulator";
import { type LookupOptions, StaticTokenCredential } from "../../provider";

export const SUB = SUBID_SUBSCRIPTION_ID;
/** Five accounts of the default data set live here (and only here in SUB). */
export const RG = "default-azurebatch-japaneast";
export const ACCOUNT = "sampleacct";

/** Retries and timeouts small enough for a fast suite; the shape the README documents. */
export const TEST_RETRY = { maxRetries: 3, baseDelayMs: 20, maxDelayMs: 200, totalTimeoutMs: 5000 };
export const TEST_TIMEOUTS = { headersMs: 400, bodyMs: 400, attemptMs: 1500, connectMs: 1000 };

/** Runs of each fast-check property (FC_NUM_RUNS overrides it). */
export const PROPERTY_RUNS = Number(process.env.FC_NUM_RUNS ?? 300);

/**
 * Options for one scenario. Clients are cached per option set, so a scenario that wants its own
 * connections, token cache and limiter passes its own credential object (or its own emulator).
 */
export function optionsFor(emu: RunningEmulator, extra: Partial<LookupOptions> = {}): LookupOptions {
  return {
    endpoint: emu.url,
    credential: new StaticTokenCredential(EMULATOR_TOKEN),
    ca: emu.caCertPem!,
    retry: TEST_RETRY,
    timeouts: TEST_TIMEOUTS,
    ...extra,
  };
}

/** An emulator with three pages per list of SUB (five accounts, two per page). */
export function startPagedEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ pageSize: 2, ...options });
}

/** A TCP listener on loopback that records every connection and closes it at once. */
export interface Tripwire {
  readonly port: number;
  readonly host: string;
  connections(): number;
  close(): Promise<void>;
}

export async function startTripwire(host = "127.0.0.1"): Promise<Tripwire> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port: 0 }, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    host,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Runs `fn` with console output and process stdout/stderr writes captured. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T | undefined; error: unknown; output: string }> {
  const chunks: string[] = [];
  const originals = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
    stdout: process.stdout.write.bind(process.stdout),
    stderr: process.stderr.write.bind(process.stderr),
  };
  const record = (...args: unknown[]) => {
    chunks.push(args.map((a) => (typeof a === "string" ? a : require("node:util").inspect(a, { depth: 8 }))).join(" "));
  };
  console.log = console.info = console.warn = console.error = console.debug = record;
  process.stdout.write = ((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const result = await fn();
    return { result, error: undefined, output: chunks.join("\n") };
  } catch (error) {
    return { result: undefined, error, output: chunks.join("\n") };
  } finally {
    console.log = originals.log;
    console.info = originals.info;
    console.warn = originals.warn;
    console.error = originals.error;
    console.debug = originals.debug;
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
}

/** Every rendering of an error a user or a log might see, `cause` chain included. */
export function renderings(err: unknown): string {
  const util = require("node:util") as typeof import("node:util");
  const parts: string[] = [util.inspect(err, { depth: 10, showHidden: true }), String(err)];
  let e: unknown = err;
  for (let i = 0; e !== undefined && e !== null && i < 10; i++) {
    if (e instanceof Error) parts.push(e.message, e.stack ?? "");
    try {
      parts.push(JSON.stringify(e));
    } catch {
      // circular: util.inspect above already covers it
    }
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join("\n");
}

export { rejection } from "../support/errors";
