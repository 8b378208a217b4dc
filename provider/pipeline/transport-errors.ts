// Failures below HTTP (connect, TLS, socket, proxy, timeouts) as one error type that says which
// kind of failure it was. Only a KNOWN list of causes is transient: anything else (a header
// section too large, a closed client, an error this list does not name) is final, so an oversized
// or malformed answer is never downloaded again.

import type { TimeoutOptions } from "../settings/client-options";

/**
 * `timeout` and `connection` are transient; `certificate` (the server's TLS certificate was
 * rejected), `request` (the request could not be sent as given), `protocol` (the answer broke
 * HTTP: headers too large, an invalid Content-Length, ...) and `client` (the client was closed,
 * or a cause this library does not know) are not. `proxy` (the configured proxy could not be
 * reached, or refused the tunnel) is transient when the proxy was unreachable or reported the
 * target unreachable, final when it refused the tunnel.
 */
export type TransportFailure = "timeout" | "connection" | "certificate" | "request" | "protocol" | "client" | "proxy";

/** A request that got no complete response. */
export class TransportError extends Error {
  readonly #transient: boolean;

  constructor(
    readonly failure: TransportFailure,
    message: string,
    /** The underlying error code, such as ECONNRESET, HPE_INVALID_CONSTANT or HEADERS_TIMEOUT. */
    readonly code: string | undefined,
    /** For a `proxy` failure: whether another attempt may succeed. */
    transient = false,
  ) {
    super(message);
    this.name = "TransportError";
    this.#transient = failure === "timeout" || failure === "connection" || (failure === "proxy" && transient);
  }

  get transient(): boolean {
    return this.#transient;
  }
}

/** The phases of an attempt that have a timeout of their own. */
export type TimeoutPhase = "connect" | "headers" | "body" | "attempt";

const TIMEOUT_CODES: Record<TimeoutPhase, string> = {
  connect: "CONNECT_TIMEOUT",
  headers: "HEADERS_TIMEOUT",
  body: "BODY_TIMEOUT",
  attempt: "ATTEMPT_TIMEOUT",
};

/** The error of a phase that passed its timeout; `through` names a proxy the connection goes through. */
export function timeoutError(
  phase: TimeoutPhase,
  timeouts: Required<TimeoutOptions>,
  attemptMs?: number,
  through?: string,
): TransportError {
  const code = TIMEOUT_CODES[phase];
  switch (phase) {
    case "connect":
      return new TransportError(
        "timeout",
        through === undefined
          ? `could not connect within ${timeouts.connectMs} ms`
          : `could not connect through the proxy ${through} within ${timeouts.connectMs} ms`,
        code,
      );
    case "headers":
      return new TransportError("timeout", `no response headers within ${timeouts.headersMs} ms`, code);
    case "body":
      return new TransportError("timeout", `the response body stalled for more than ${timeouts.bodyMs} ms`, code);
    case "attempt":
      return new TransportError("timeout", `no complete response within ${attemptMs ?? timeouts.attemptMs} ms`, code);
  }
}

/** Connection failures worth another attempt: the network or the server dropped the exchange. */
export const TRANSIENT_CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
]);

/** Verdicts on an answer that breaks HTTP, besides llhttp's HPE_* codes: the same answer would come again. */
const PROTOCOL_CODES = new Set(["ERR_STRING_TOO_LONG", "INVALID_FRAMING"]);

/** Node's refusals of a request it cannot write (a header name or value it rejects, an unsupported scheme). */
const REQUEST_CODES = new Set([
  "ERR_INVALID_CHAR",
  "ERR_INVALID_HTTP_TOKEN",
  "ERR_HTTP_INVALID_HEADER_VALUE",
  "ERR_INVALID_PROTOCOL",
  "ERR_UNESCAPED_CHARACTERS",
  "UNSUPPORTED_PROTOCOL",
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

export function isCertificateCode(code: string | undefined): boolean {
  return code !== undefined && (CERTIFICATE_CODES.has(code) || code.startsWith("ERR_TLS_CERT"));
}

/** The error code of a Node.js error, if it has one. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function phaseOf(code: string): TimeoutPhase | undefined {
  for (const [phase, c] of Object.entries(TIMEOUT_CODES)) if (c === code) return phase as TimeoutPhase;
  return undefined;
}

/** Classifies an error of node:http, node:https, node:tls or a socket. */
export function toTransportError(err: unknown, timeouts: Required<TimeoutOptions>): TransportError {
  if (err instanceof TransportError) return err;
  const code = errorCode(err);
  const text = err instanceof Error ? err.message : String(err);
  const phase = code === undefined ? undefined : phaseOf(code);
  if (phase !== undefined) return timeoutError(phase, timeouts);
  if (isCertificateCode(code)) {
    return new TransportError(
      "certificate",
      `the server's TLS certificate was not accepted (${code}: ${text}); for a private endpoint or the emulator, pass its CA certificate in the \`ca\` option or NODE_EXTRA_CA_CERTS`,
      code,
    );
  }
  if (code !== undefined && TRANSIENT_CONNECTION_CODES.has(code)) {
    return new TransportError("connection", `the connection failed (${code}: ${text})`, code);
  }
  // llhttp's verdicts on a status line, header or framing it cannot parse (HPE_INVALID_CONSTANT,
  // HPE_HEADER_OVERFLOW, HPE_UNEXPECTED_CONTENT_LENGTH, ...).
  if (code !== undefined && (code.startsWith("HPE_") || PROTOCOL_CODES.has(code))) {
    return new TransportError("protocol", `the server's answer is not valid HTTP (${code}: ${text})`, code);
  }
  if (code !== undefined && REQUEST_CODES.has(code)) {
    // Node's message names the header, never its value.
    return new TransportError("request", `the request could not be sent (${code}: ${text})`, code);
  }
  return new TransportError("client", `the request failed (${code ?? "unknown error"}: ${text})`, code);
}
