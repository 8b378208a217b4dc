// Failures below HTTP (connect, TLS, socket, timeouts) as one error type that says which kind of
// failure it was. Only a KNOWN list of causes is transient: anything else (a header too large, a
// closed client, an error this list does not name) is final, so an oversized or malformed answer
// is never downloaded again.

import type { TimeoutOptions } from "../client-options";

/**
 * `timeout` and `connection` are transient; `certificate` (the server's TLS certificate was
 * rejected), `request` (the request could not be sent as given), `protocol` (the answer broke
 * HTTP: headers too large, an invalid Content-Length, ...) and `client` (the client was closed,
 * or a cause this library does not know) are not.
 */
export type TransportFailure = "timeout" | "connection" | "certificate" | "request" | "protocol" | "client";

/** A request that got no complete response. */
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

  get transient(): boolean {
    return this.failure === "timeout" || this.failure === "connection";
  }
}

/** Connection failures worth another attempt: the network or the server dropped the exchange. */
const TRANSIENT_CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

/** undici's verdicts on an answer that breaks HTTP: the same answer would come again. */
const PROTOCOL_CODES = new Set([
  "UND_ERR_HEADERS_OVERFLOW",
  "UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE",
  "UND_ERR_INFO",
  "HPE_INVALID_CONSTANT",
  "HPE_INVALID_CONTENT_LENGTH",
  "HPE_UNEXPECTED_CONTENT_LENGTH",
  "HPE_INVALID_TRANSFER_ENCODING",
  "HPE_INVALID_CHUNK_SIZE",
  "HPE_INVALID_HEADER_TOKEN",
  "HPE_INVALID_STATUS",
  "HPE_INVALID_VERSION",
  "HPE_HEADER_OVERFLOW",
  "HPE_CR_EXPECTED",
  "HPE_LF_EXPECTED",
  "ERR_STRING_TOO_LONG",
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

function phaseTimeout(code: string, timeouts: Required<TimeoutOptions>): string | undefined {
  if (code === "UND_ERR_CONNECT_TIMEOUT") return `could not connect within ${timeouts.connectMs} ms`;
  if (code === "UND_ERR_HEADERS_TIMEOUT") return `no response headers within ${timeouts.headersMs} ms`;
  if (code === "UND_ERR_BODY_TIMEOUT") return `the response body stalled for more than ${timeouts.bodyMs} ms`;
  return undefined;
}

/** Classifies an error of undici or of a socket. */
export function toTransportError(err: unknown, timeouts: Required<TimeoutOptions>): TransportError {
  if (err instanceof TransportError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const causeCode = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  const own = typeof code === "string" ? code : undefined;
  const cause = typeof causeCode === "string" ? causeCode : undefined;
  const text = err instanceof Error ? err.message : String(err);
  const timeout = own === undefined ? undefined : phaseTimeout(own, timeouts);
  if (timeout !== undefined) return new TransportError("timeout", timeout, own);
  // undici wraps a socket's error (ECONNRESET, a certificate verdict) as the `cause` of its own.
  const effective = own !== undefined && (TRANSIENT_CONNECTION_CODES.has(own) || PROTOCOL_CODES.has(own)) ? own : (cause ?? own);
  if (effective !== undefined && (CERTIFICATE_CODES.has(effective) || effective.startsWith("ERR_TLS_CERT"))) {
    return new TransportError(
      "certificate",
      `the server's TLS certificate was not accepted (${effective}: ${text}); for a private endpoint or the emulator, pass its CA certificate in the \`ca\` option or NODE_EXTRA_CA_CERTS`,
      effective,
    );
  }
  // llhttp's verdict on a status line or header it cannot parse.
  if (
    (err as { name?: unknown } | null)?.name === "HTTPParserError" &&
    !(effective !== undefined && TRANSIENT_CONNECTION_CODES.has(effective))
  ) {
    return new TransportError("protocol", `the server's answer is not valid HTTP (${effective ?? "HTTPParserError"}: ${text})`, effective);
  }
  if (own === "UND_ERR_INVALID_ARG") {
    // undici's message names the header, never its value.
    return new TransportError("request", `the request could not be sent (${own}: ${text})`, own);
  }
  if (effective !== undefined && TRANSIENT_CONNECTION_CODES.has(effective)) {
    return new TransportError("connection", `the connection failed (${effective}: ${text})`, effective);
  }
  if (effective !== undefined && PROTOCOL_CODES.has(effective)) {
    return new TransportError("protocol", `the server's answer is not valid HTTP (${effective}: ${text})`, effective);
  }
  return new TransportError("client", `the request failed (${effective ?? "unknown error"}: ${text})`, effective);
}
