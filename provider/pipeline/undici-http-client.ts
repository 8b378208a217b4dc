// The pipeline's HttpClient: one pooled keep-alive undici Agent. It sends the request and hands
// back the status, the headers and the body as a stream; reading (and capping) the body is the
// job of the policies above it. Each attempt ends after `attemptMs`, body included.

import type { Readable } from "node:stream";
import type { HttpClient, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import type { Dispatcher } from "undici";
import { DEFAULT_TIMEOUTS, type TimeoutOptions } from "../client-options";
import { corePipeline } from "./azure-core";
import { signalOf } from "./request-settings";
import { TransportError, toTransportError } from "./transport-errors";

export interface UndiciHttpClientOptions {
  timeouts?: TimeoutOptions;
  /** Extra trusted CA certificates (PEM), for an emulator or a private ARM endpoint. */
  ca?: string | Buffer;
  /** Connections per origin. */
  connections?: number;
}

let undici: typeof import("undici") | undefined;

export class UndiciHttpClient implements HttpClient {
  readonly #agent: Dispatcher;
  readonly timeouts: Required<TimeoutOptions>;

  constructor(options: UndiciHttpClientOptions = {}) {
    undici ??= require("undici") as typeof import("undici");
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const connect: Record<string, unknown> = { timeout: this.timeouts.connectMs };
    if (options.ca !== undefined) connect.secureContext = secureContextFor(String(options.ca));
    this.#agent = new undici.Agent({
      connect,
      connections: options.connections ?? 16,
      keepAliveTimeout: 30_000,
      headersTimeout: this.timeouts.headersMs,
      bodyTimeout: this.timeouts.bodyMs,
    });
  }

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const attemptMs = request.timeout > 0 ? request.timeout : this.timeouts.attemptMs;
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new TransportError("timeout", `no complete response within ${attemptMs} ms`, "ATTEMPT_TIMEOUT")),
      attemptMs,
    );
    const caller = signalOf(request);
    const onCallerAbort = (): void => controller.abort(caller?.reason);
    if (caller?.aborted === true) onCallerAbort();
    else caller?.addEventListener("abort", onCallerAbort, { once: true });
    const finish = (): void => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    };
    const signal = controller.signal;
    try {
      const url = new URL(request.url);
      const pending = this.#agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers.toJSON(),
        body: typeof request.body === "string" ? request.body : null,
        signal,
      });
      // The race makes the attempt's end final even if undici fails to honour its signal (undici
      // 8.12 can leave a request on a TLS origin pending forever after an earlier request there
      // was refused for an invalid header).
      const res = await whileNotAborted(pending, signal);
      const body = res.body as unknown as Readable;
      const framing = framingError(res.headers);
      if (framing !== undefined) {
        body.on("error", ignore);
        body.destroy();
        throw new TransportError("protocol", `the server's answer is not valid HTTP (${framing})`, "INVALID_FRAMING");
      }
      body.once("close", finish);
      // A body nobody reads any more (its lookup ended) may still fail as its attempt is aborted:
      // that error must not become an uncaught exception. Readers see it through their own listener.
      body.on("error", ignore);
      return { request, status: res.statusCode, headers: corePipeline().createHttpHeaders(flatten(res.headers)), readableStreamBody: body };
    } catch (err) {
      finish();
      if (err instanceof TransportError) throw err;
      if (caller?.aborted === true) throw caller.reason;
      if (signal.aborted) throw signal.reason;
      if ((err as { code?: unknown }).code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") {
        // Before any header was delivered, this is undici's verdict on the header section itself
        // (two different lengths, a length that is not a number, a length beside chunked
        // framing), not a body cut short: the same answer would come again.
        throw new TransportError(
          "protocol",
          `the server's answer is not valid HTTP (its Content-Length does not frame the body: ${(err as Error).message})`,
          "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
        );
      }
      throw toTransportError(err, this.timeouts);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

function ignore(): void {}

/**
 * What makes a response's framing invalid (RFC 9110 8.6, RFC 9112 6.3): a Content-Length that is
 * not one decimal number (repeated copies of the same number are allowed), or a Content-Length
 * beside a Transfer-Encoding. undici reads such answers leniently, and a body that then does not
 * match would be taken for a dropped connection and requested again.
 */
function framingError(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers["content-length"];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(",")).map((v) => v.trim());
  if (values.some((v) => !/^\d+$/.test(v)) || new Set(values).size > 1)
    return `Content-Length ${JSON.stringify(values.join(", "))} is not one decimal number`;
  if (headers["transfer-encoding"] !== undefined) return "Content-Length and Transfer-Encoding together";
  return undefined;
}

/** undici gives repeated headers as arrays; HTTP joins them with ", " (RFC 9110, 5.3). */
function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function whileNotAborted<T extends { body: { destroy(): unknown } }>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
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
        if (done) value.body.destroy();
        else resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
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
