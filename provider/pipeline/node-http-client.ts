// The pipeline's HttpClient over Node's own node:https (and node:http for a loopback http://
// endpoint such as the emulator): one keep-alive Agent per client, at most `maxSockets`
// connections per origin, HTTPS through the configured proxy's CONNECT tunnel unless NO_PROXY
// or loopback says otherwise. It sends the request and hands back the status, the headers and
// the body as a stream; reading (and capping, and decoding) the body is the job of the policies
// above it. Each phase has its timeout: connect (TCP, the proxy's tunnel, TLS; a reused
// keep-alive connection has none), headers (request sent to response headers), body (the longest
// silence between two parts of the body) and the attempt as a whole. The agents it pools
// connections through (connect timeouts, the proxy's tunnel) are in connection-agents.ts.

import type { ClientRequest, IncomingMessage } from "node:http";
import type { Agent as HttpsAgent, AgentOptions as HttpsAgentOptions } from "node:https";
import type { HttpClient, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { DEFAULT_TIMEOUTS, type TimeoutOptions } from "../settings/client-options";
import { corePipeline } from "./azure-core";
import {
  type AgentSettings,
  CONNECTED,
  CONNECTING,
  lookupHttpAgentClass,
  lookupHttpsAgentClass,
  nodeModules,
  secureContextFor,
  type TrackedSocket,
} from "./connection-agents";
import { NoProxyList, type ProxyChoice, parseProxyUrl } from "./proxy";
import { signalOf } from "./request-settings";
import { TransportError, timeoutError, toTransportError } from "./transport-errors";

export interface NodeHttpClientOptions {
  timeouts?: TimeoutOptions;
  /** Extra trusted CA certificates (PEM), for an emulator or a private ARM endpoint. */
  ca?: string | Buffer;
  /** Connections per origin (the pool). Default 16. */
  maxSockets?: number;
  /** The proxy for HTTPS requests, as `resolveProxy` chose it. */
  proxy?: ProxyChoice;
}

/** How long an idle keep-alive connection is kept (shorter when the server announces less). */
const KEEP_ALIVE_IDLE_MS = 30_000;

export class NodeHttpClient implements HttpClient {
  readonly timeouts: Required<TimeoutOptions>;
  readonly #settings: AgentSettings;
  readonly #agentOptions: HttpsAgentOptions;
  readonly #https: HttpsAgent;
  #http: import("node:http").Agent | undefined;
  #closed = false;
  #active = 0;
  #idle: (() => void) | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: NodeHttpClientOptions = {}) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const proxy =
      options.proxy === undefined
        ? undefined
        : { endpoint: parseProxyUrl(options.proxy.url, options.proxy.source), noProxy: new NoProxyList(options.proxy.noProxy) };
    const secureContext = options.ca === undefined ? undefined : secureContextFor(String(options.ca));
    this.#settings = { timeouts: this.timeouts, secureContext, proxy };
    this.#agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets ?? 16,
      timeout: KEEP_ALIVE_IDLE_MS,
      scheduling: "lifo",
    };
    this.#https = new (lookupHttpsAgentClass())(
      secureContext === undefined ? this.#agentOptions : { ...this.#agentOptions, secureContext },
      this.#settings,
    );
  }

  /** The agent of a URL's scheme: https, or http (allowed by the library for loopback endpoints only). */
  #agentFor(protocol: string): import("node:http").Agent {
    if (protocol === "https:") return this.#https;
    this.#http ??= new (lookupHttpAgentClass())(this.#agentOptions, this.#settings);
    return this.#http;
  }

  sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    if (this.#closed) return Promise.reject(new TransportError("client", "the HTTP client was closed", "CLIENT_CLOSED"));
    const caller = signalOf(request);
    if (caller?.aborted === true) return Promise.reject(caller.reason);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.reject(new TransportError("request", "the request URL is not an absolute URL", "INVALID_URL"));
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return Promise.reject(new TransportError("request", `the URL scheme ${url.protocol} is not supported`, "UNSUPPORTED_PROTOCOL"));
    }
    this.#active++;
    return new Promise<PipelineResponse>((resolve, reject) => this.#send(request, url, caller, resolve, reject));
  }

  #send(
    request: PipelineRequest,
    url: URL,
    caller: AbortSignal | undefined,
    resolve: (response: PipelineResponse) => void,
    reject: (err: unknown) => void,
  ): void {
    const { http, https } = nodeModules();
    const timeouts = this.timeouts;
    const attemptMs = request.timeout > 0 ? request.timeout : timeouts.attemptMs;
    let settled = false;
    let ended = false;
    let response: IncomingMessage | undefined;
    let headersTimer: NodeJS.Timeout | undefined;
    let req: ClientRequest | undefined;

    // The end of the exchange: failed before the response, or its body closed.
    const end = (): void => {
      if (ended) return;
      ended = true;
      clearTimeout(attemptTimer);
      clearTimeout(headersTimer);
      caller?.removeEventListener("abort", onCallerAbort);
      this.#release();
    };
    const fail = (err: unknown): void => {
      end();
      if (settled) return;
      settled = true;
      reject(err);
    };
    // The attempt's timeout or the caller's abort: before the response the request fails, after
    // it the body does (its reader sees `reason`).
    const abort = (reason: unknown): void => {
      if (response !== undefined) {
        response.destroy(reason as Error);
        end();
        return;
      }
      fail(reason);
      req?.destroy(reason as Error);
    };
    const attemptTimer = setTimeout(() => abort(timeoutError("attempt", timeouts, attemptMs)), attemptMs);
    const onCallerAbort = (): void => abort(caller?.reason);
    caller?.addEventListener("abort", onCallerAbort, { once: true });

    try {
      const secure = url.protocol === "https:";
      const body = typeof request.body === "string" ? request.body : undefined;
      req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port === "" ? (secure ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers.toJSON(),
        agent: this.#agentFor(url.protocol),
      });
      // After the response, a socket error reaches the body's reader; here it must not become an
      // uncaught exception.
      req.on("error", (err) => fail(caller?.aborted === true ? caller.reason : toTransportError(err, timeouts)));
      req.once("socket", (socket: TrackedSocket) => {
        const startHeaders = (): void => {
          if (ended || response !== undefined) return;
          headersTimer = setTimeout(() => abort(timeoutError("headers", timeouts)), timeouts.headersMs);
        };
        if (socket[CONNECTING] === true) socket.once(CONNECTED, startHeaders);
        else startHeaders();
      });
      req.once("response", (res: IncomingMessage) => {
        clearTimeout(headersTimer);
        // A body nobody reads any more (its lookup ended) may still fail as its attempt is
        // aborted: that error must not become an uncaught exception. Readers see it through their
        // own listener.
        res.on("error", ignore);
        if (settled) {
          res.destroy();
          return;
        }
        const headers = flatten(res.rawHeaders);
        const framing = framingError(headers);
        if (framing !== undefined) {
          res.destroy();
          fail(new TransportError("protocol", `the server's answer is not valid HTTP (${framing})`, "INVALID_FRAMING"));
          return;
        }
        response = res;
        res.once("close", end);
        // The socket's inactivity timer, relayed by node:http to the response as "timeout" until the
        // body has ended; the agent sets its own idle timeout again when the connection is free.
        res.socket?.setTimeout(timeouts.bodyMs);
        res.on("timeout", () => res.destroy(timeoutError("body", timeouts)));
        settled = true;
        resolve({
          request,
          status: res.statusCode ?? 0,
          headers: corePipeline().createHttpHeaders(headers),
          readableStreamBody: res,
        });
      });
      req.end(body);
    } catch (err) {
      // node:http refuses a header it cannot write before anything is sent.
      req?.destroy();
      fail(toTransportError(err, timeouts));
    }
  }

  #release(): void {
    this.#active--;
    if (this.#active === 0) this.#idle?.();
  }

  /**
   * Closes the client: later requests fail at once; requests in flight finish (each within its
   * attempt's timeout), then every connection is closed.
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= (async () => {
      if (this.#active > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
      this.#https.destroy();
      this.#http?.destroy();
    })();
    return this.#closing;
  }
}

function ignore(): void {}

/** The response's header fields by lower-case name, repeated fields joined with ", " (RFC 9110, 5.3). */
function flatten(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const before = out[name];
    out[name] = before === undefined ? value : `${before}, ${value}`;
  }
  return out;
}

/**
 * What makes a response's framing invalid (RFC 9110 8.6, RFC 9112 6.3): a Content-Length that is
 * not one decimal number, or a Content-Length beside a Transfer-Encoding. Node's parser (llhttp,
 * strict) already refuses both, as HPE_* errors; this check keeps the rule should it ever read
 * such an answer leniently, since a body that then does not match would be taken for a dropped
 * connection and requested again.
 */
function framingError(headers: Record<string, string>): string | undefined {
  const raw = headers["content-length"];
  if (raw === undefined) return undefined;
  const values = raw.split(",").map((v) => v.trim());
  if (values.some((v) => !/^\d+$/.test(v)) || new Set(values).size > 1)
    return `Content-Length ${JSON.stringify(values.join(", "))} is not one decimal number`;
  if (headers["transfer-encoding"] !== undefined) return "Content-Length and Transfer-Encoding together";
  return undefined;
}
