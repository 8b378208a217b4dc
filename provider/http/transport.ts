// One HTTP GET over a pooled, keep-alive undici dispatcher, with connect, headers and body
// timeouts. It knows nothing of ARM: it returns the status, headers and body text, or throws a
// TransportError that says which phase failed.
//
// Only undici's Agent and request API are loaded (not the package index, which also loads
// fetch, WebSocket, caching and mocking): a lookup in a fresh process pays for what it uses.

import type { Dispatcher } from "undici";

export interface TimeoutOptions {
  /** Time to establish the TCP and TLS connection. Default 10 s. */
  connectMs?: number;
  /** Time from sending the request to receiving the response headers. Default 30 s. */
  headersMs?: number;
  /** Longest silence while receiving the body. Default 30 s. */
  bodyMs?: number;
  /** Longest time for one attempt, headers and whole body included. Default 60 s. */
  attemptMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<TimeoutOptions> = {
  connectMs: 10_000,
  headersMs: 30_000,
  bodyMs: 30_000,
  attemptMs: 60_000,
};

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * `certificate`: the server's TLS certificate was rejected; `request`: the request could not be
 * sent as given (an invalid header). Neither gets better by retrying.
 */
export type TransportFailure = "timeout" | "connection" | "aborted" | "certificate" | "request";

/** A request that got no complete response: the connection failed, was reset, or timed out. */
export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
    /** The underlying error code, such as ECONNRESET or UND_ERR_HEADERS_TIMEOUT. */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

type RequestFn = (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
type AgentCtor = new (opts: object) => Dispatcher;

let undiciParts: { Agent: AgentCtor; request: RequestFn } | undefined;

function loadUndici(): { Agent: AgentCtor; request: RequestFn } {
  if (undiciParts !== undefined) return undiciParts;
  try {
    undiciParts = {
      Agent: require("undici/lib/dispatcher/agent") as AgentCtor,
      request: require("undici/lib/api/api-request") as RequestFn,
    };
  } catch {
    // A future undici layout: fall back to the public entry point.
    const undici = require("undici") as typeof import("undici");
    undiciParts = { Agent: undici.Agent as unknown as AgentCtor, request: undici.Dispatcher.prototype.request as RequestFn };
  }
  return undiciParts;
}

export interface TransportOptions {
  timeouts?: TimeoutOptions;
  /** Extra trusted CA certificates (PEM), for an emulator or a private ARM endpoint. */
  ca?: string | Buffer;
  /** Connections per origin. */
  connections?: number;
}

const CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
]);

/** OpenSSL's verdicts on a certificate chain that Node reports as error codes. */
const CERTIFICATE_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "HOSTNAME_MISMATCH",
]);

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

export class HttpTransport {
  readonly #agent: Dispatcher;
  readonly #request: RequestFn;
  readonly #timeouts: Required<TimeoutOptions>;

  constructor(options: TransportOptions = {}) {
    const { Agent, request } = loadUndici();
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const connect: Record<string, unknown> = { timeout: this.#timeouts.connectMs };
    if (options.ca !== undefined) connect.secureContext = secureContextFor(String(options.ca));
    this.#agent = new Agent({
      connect,
      connections: options.connections ?? 16,
      keepAliveTimeout: 30_000,
      headersTimeout: this.#timeouts.headersMs,
      bodyTimeout: this.#timeouts.bodyMs,
    });
    this.#request = request;
  }

  /** GETs `url`; `signal` ends the attempt early (the caller's total deadline). */
  async get(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpResponse> {
    const attempt = AbortSignal.timeout(this.#timeouts.attemptMs);
    const combined = signal === undefined ? attempt : AbortSignal.any([attempt, signal]);
    try {
      // The races make the signals final even if undici fails to honour them (undici 8.12 can
      // leave a request on a TLS origin pending forever, ignoring its signal, after an earlier
      // request there was refused for an invalid header).
      const res = await whileNotAborted(
        this.#request.call(this.#agent, { origin: new URL(url).origin, path: pathOf(url), method: "GET", headers, signal: combined }),
        combined,
        (late) => late.body.destroy(),
      );
      const body = await whileNotAborted(res.body.text(), combined, () => {});
      return { status: res.statusCode, headers: res.headers, body };
    } catch (err) {
      throw toTransportError(err, attempt, signal, this.#timeouts);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

// One secure context per extra CA, shared by every connection and client: passing `ca` to each
// connection instead makes Node parse the whole root store again every time (about 80 ms of
// blocked event loop per new connection).
const secureContexts = new Map<string, import("node:tls").SecureContext>();

function secureContextFor(ca: string): import("node:tls").SecureContext {
  let context = secureContexts.get(ca);
  if (context === undefined) {
    const tls = require("node:tls") as typeof import("node:tls");
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, ca] });
    secureContexts.set(ca, context);
  }
  return context;
}

/** Settles as `promise`, or rejects with the signal's reason once it aborts; `late` disposes of a result that arrives after that. */
function whileNotAborted<T>(promise: Promise<T>, signal: AbortSignal, late: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const onAbort = (): void => {
      done = true;
      reject(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (done) late(value);
        else resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

function toTransportError(
  err: unknown,
  attempt: AbortSignal,
  caller: AbortSignal | undefined,
  timeouts: Required<TimeoutOptions>,
): TransportError {
  const code = (err as { code?: string } | null)?.code;
  const cause = (err as { cause?: { code?: string } } | null)?.cause?.code;
  if (caller?.aborted === true) {
    return new TransportError("aborted", "the request was cancelled when the lookup's total time ran out", code);
  }
  if (attempt.aborted) {
    return new TransportError("timeout", `no complete response within ${timeouts.attemptMs} ms`, "ATTEMPT_TIMEOUT");
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    const phase =
      code === "UND_ERR_CONNECT_TIMEOUT"
        ? `could not connect within ${timeouts.connectMs} ms`
        : code === "UND_ERR_HEADERS_TIMEOUT"
          ? `no response headers within ${timeouts.headersMs} ms`
          : `the response body stalled for more than ${timeouts.bodyMs} ms`;
    return new TransportError("timeout", phase, code);
  }
  const effective = code !== undefined && CONNECTION_CODES.has(code) ? code : cause ?? code;
  const text = err instanceof Error ? err.message : String(err);
  if (effective !== undefined && (CERTIFICATE_CODES.has(effective) || effective.startsWith("ERR_TLS_CERT"))) {
    return new TransportError(
      "certificate",
      `the server's TLS certificate was not accepted (${effective}: ${text}); for a private endpoint or the emulator, pass its CA certificate in the \`ca\` option or NODE_EXTRA_CA_CERTS`,
      effective,
    );
  }
  if (code === "UND_ERR_INVALID_ARG") {
    // undici's message names the header, never its value.
    return new TransportError("request", `the request could not be sent (${code}: ${text})`, code);
  }
  return new TransportError("connection", `the connection failed (${effective ?? "unknown error"}: ${text})`, effective);
}
