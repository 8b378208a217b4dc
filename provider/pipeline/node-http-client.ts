// The pipeline's HttpClient over Node's own node:https (and node:http for a loopback http://
// endpoint such as the emulator): one keep-alive Agent per client, at most `maxSockets`
// connections per origin. It sends the request and hands back the status, the headers and
// the body as a stream; reading (and capping, and decoding) the body is the job of the policies
// above it. Each phase has its timeout: connect (TCP and TLS; a reused keep-alive connection has
// none), headers (request sent to response headers), body (the longest silence between two parts
// of the body) and the attempt as a whole.

import type { ClientRequest, IncomingMessage } from "node:http";
import type { Agent as HttpsAgent, AgentOptions as HttpsAgentOptions } from "node:https";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { SecureContext, TLSSocket } from "node:tls";
import type { HttpClient, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { corePipeline } from "./azure-core";
import { signalOf } from "./request-context";
import { DEFAULT_TIMEOUTS, type TimeoutOptions, TransportError, timeoutError, toTransportError } from "./transport-errors";

export interface NodeHttpClientOptions {
  timeouts?: TimeoutOptions;
  /** Extra trusted CA certificates (PEM), for an emulator or a private ARM endpoint. */
  ca?: string | Buffer;
  /** Connections per origin (the pool). Default 16. */
  maxSockets?: number;
}

/** How long an idle keep-alive connection is kept (shorter when the server announces less). */
const KEEP_ALIVE_IDLE_MS = 30_000;

type NodeModules = {
  http: typeof import("node:http");
  https: typeof import("node:https");
  tls: typeof import("node:tls");
};

// Loaded with the first client, as @azure/core-rest-pipeline is (see azure-core.ts).
let node: NodeModules | undefined;

function nodeModules(): NodeModules {
  node ??= {
    http: require("node:http") as NodeModules["http"],
    https: require("node:https") as NodeModules["https"],
    tls: require("node:tls") as NodeModules["tls"],
  };
  return node;
}

/** A socket still connecting (TCP or TLS); CONNECTED is emitted on it when it is ready. */
const CONNECTING = Symbol("azure-batch-lookup.connecting");
const CONNECTED = Symbol("azure-batch-lookup.connected");

type TrackedSocket = Duplex & { [CONNECTING]?: boolean };

interface AgentSettings {
  timeouts: Required<TimeoutOptions>;
  secureContext: SecureContext | undefined;
}

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
    const secureContext = options.ca === undefined ? undefined : secureContextFor(String(options.ca));
    this.#settings = { timeouts: this.timeouts, secureContext };
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

/**
 * Watches a new socket until it is ready (`readyEvent`): it is marked as connecting, destroyed
 * with `onTimeout()` when it is not ready within `ms`, and emits CONNECTED when it is.
 */
function watchConnect(socket: TrackedSocket, readyEvent: string, ms: number, onTimeout: () => TransportError): void {
  socket[CONNECTING] = true;
  const timer = setTimeout(() => socket.destroy(onTimeout()), ms);
  const ready = (): void => {
    clearTimeout(timer);
    socket.off("close", stop);
    socket[CONNECTING] = false;
    socket.emit(CONNECTED);
  };
  const stop = (): void => {
    clearTimeout(timer);
    socket.off(readyEvent, ready);
  };
  socket.once(readyEvent, ready);
  socket.once("close", stop);
}

type ConnectionOptions = import("node:http").ClientRequestArgs & { _agentKey?: string };

let httpsAgentClass: (new (options: HttpsAgentOptions, settings: AgentSettings) => HttpsAgent) | undefined;
let httpAgentClass: (new (options: HttpsAgentOptions, settings: AgentSettings) => import("node:http").Agent) | undefined;

/** node:http's Agent with a connect timeout (plain http: loopback only). */
function lookupHttpAgentClass(): NonNullable<typeof httpAgentClass> {
  if (httpAgentClass !== undefined) return httpAgentClass;
  const { http } = nodeModules();
  class LookupHttpAgent extends http.Agent {
    readonly #settings: AgentSettings;

    constructor(options: HttpsAgentOptions, settings: AgentSettings) {
      super(options);
      this.#settings = settings;
    }

    override createConnection(options: ConnectionOptions): Duplex | null | undefined {
      const socket = super.createConnection(options) as Socket;
      watchConnect(socket, "connect", this.#settings.timeouts.connectMs, () => timeoutError("connect", this.#settings.timeouts));
      return socket;
    }
  }
  httpAgentClass = LookupHttpAgent;
  return httpAgentClass;
}

/** node:https's Agent with a connect timeout that covers TCP and TLS. */
function lookupHttpsAgentClass(): NonNullable<typeof httpsAgentClass> {
  if (httpsAgentClass !== undefined) return httpsAgentClass;
  const { https } = nodeModules();
  class LookupHttpsAgent extends https.Agent {
    readonly #settings: AgentSettings;

    constructor(options: HttpsAgentOptions, settings: AgentSettings) {
      super(options);
      this.#settings = settings;
    }

    override createConnection(options: ConnectionOptions): Duplex | null | undefined {
      const { timeouts } = this.#settings;
      const socket = super.createConnection(options) as TLSSocket;
      watchConnect(socket, "secureConnect", timeouts.connectMs, () => timeoutError("connect", timeouts));
      return socket;
    }
  }
  httpsAgentClass = LookupHttpsAgent;
  return httpsAgentClass;
}

// One secure context per extra CA, shared by every connection and client: passing `ca` to each
// connection instead makes Node parse the whole root store again every time (about 80 ms of
// blocked event loop per new connection).
const secureContexts = new Map<string, SecureContext>();

export function secureContextFor(ca: string): SecureContext {
  let context = secureContexts.get(ca);
  if (context === undefined) {
    const { tls } = nodeModules();
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, ca] });
    secureContexts.set(ca, context);
  }
  return context;
}
