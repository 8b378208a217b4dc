// The connection agents of the node:https transport: node:http's and node:https's Agent with a
// connect timeout of their own, the proxy's CONNECT tunnel, and one TLS secure context per extra
// CA. The transport (node-http-client.ts) pools connections through them.

import type { IncomingMessage } from "node:http";
import type { Agent as HttpsAgent, AgentOptions as HttpsAgentOptions } from "node:https";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { SecureContext, TLSSocket } from "node:tls";
import type { TimeoutOptions } from "../settings/client-options";
import { type NoProxyList, type ProxyEndpoint, usesProxy } from "./proxy";
import { errorCode, TRANSIENT_CONNECTION_CODES, TransportError, timeoutError } from "./transport-errors";

type NodeModules = {
  http: typeof import("node:http");
  https: typeof import("node:https");
  tls: typeof import("node:tls");
};

// Loaded with the first client, as @azure/core-rest-pipeline is (see azure-core.ts).
let node: NodeModules | undefined;

export function nodeModules(): NodeModules {
  node ??= {
    http: require("node:http") as NodeModules["http"],
    https: require("node:https") as NodeModules["https"],
    tls: require("node:tls") as NodeModules["tls"],
  };
  return node;
}

/** A socket still connecting (TCP, proxy tunnel or TLS); CONNECTED is emitted on it when it is ready. */
export const CONNECTING = Symbol("azure-batch-lookup.connecting");
export const CONNECTED = Symbol("azure-batch-lookup.connected");

export type TrackedSocket = Duplex & { [CONNECTING]?: boolean };

export interface ProxyRoute {
  endpoint: ProxyEndpoint;
  noProxy: NoProxyList;
}

export interface AgentSettings {
  timeouts: Required<TimeoutOptions>;
  secureContext: SecureContext | undefined;
  proxy: ProxyRoute | undefined;
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

type ConnectCallback = (err: Error | null, socket: Duplex) => void;
type ConnectionOptions = import("node:http").ClientRequestArgs & { _agentKey?: string };

let httpsAgentClass: (new (options: HttpsAgentOptions, settings: AgentSettings) => HttpsAgent) | undefined;
let httpAgentClass: (new (options: HttpsAgentOptions, settings: AgentSettings) => import("node:http").Agent) | undefined;

/** node:http's Agent with a connect timeout (plain http: loopback only, never proxied). */
export function lookupHttpAgentClass(): NonNullable<typeof httpAgentClass> {
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

/**
 * node:https's Agent with a connect timeout that covers TCP, the proxy's tunnel and TLS, and the
 * tunnel itself: a CONNECT to the proxy, then TLS to the ARM host inside it, so the proxy relays
 * encrypted bytes and never sees the request or its bearer token. The tunnel is ours rather than
 * `https-proxy-agent`'s: that package hands a refused CONNECT's answer (407, 403, 502) to the
 * request as if the target had sent it, so a proxy's refusal would read as an answer of ARM.
 */
export function lookupHttpsAgentClass(): NonNullable<typeof httpsAgentClass> {
  if (httpsAgentClass !== undefined) return httpsAgentClass;
  const { https } = nodeModules();
  class LookupHttpsAgent extends https.Agent {
    readonly #settings: AgentSettings;

    constructor(options: HttpsAgentOptions, settings: AgentSettings) {
      super(options);
      this.#settings = settings;
    }

    override createConnection(options: ConnectionOptions, callback?: ConnectCallback): Duplex | null | undefined {
      const { timeouts, proxy } = this.#settings;
      const host = options.host ?? "localhost";
      const port = Number(options.port ?? 443);
      if (proxy === undefined || callback === undefined || !usesProxy(host, port, proxy.noProxy)) {
        const socket = super.createConnection(options) as TLSSocket;
        watchConnect(socket, "secureConnect", timeouts.connectMs, () => timeoutError("connect", timeouts));
        return socket;
      }
      this.#tunnel(options, host, port, proxy.endpoint, callback);
      return undefined;
    }

    #tunnel(options: ConnectionOptions, host: string, port: number, proxy: ProxyEndpoint, callback: ConnectCallback): void {
      const { http, https } = nodeModules();
      const { timeouts, secureContext } = this.#settings;
      const target = `${host.includes(":") ? `[${host}]` : host}:${port}`;
      const headers: Record<string, string> = { host: target };
      if (proxy.authorization !== undefined) headers["proxy-authorization"] = proxy.authorization;
      const connect = (proxy.secure ? https : http).request({
        host: proxy.hostname,
        port: proxy.port,
        method: "CONNECT",
        path: target,
        headers,
        agent: false,
        ...(proxy.secure && secureContext !== undefined ? { secureContext } : {}),
      });
      let delivered = false;
      let socket: TrackedSocket | undefined;
      const deliver = (err: Error | null, s?: Duplex): void => {
        if (delivered) return;
        delivered = true;
        callback(err, s as Duplex);
      };
      // One connect timeout for the proxy's answer and the TLS handshake inside the tunnel.
      const timer = setTimeout(() => {
        const err = timeoutError("connect", timeouts, undefined, proxy.shown);
        if (socket !== undefined) socket.destroy(err);
        else {
          connect.destroy();
          deliver(err);
        }
      }, timeouts.connectMs);
      connect.once("connect", (res: IncomingMessage, tunnel: Socket, head: Buffer) => {
        if (res.statusCode !== 200 || head.length > 0) {
          clearTimeout(timer);
          tunnel.destroy();
          deliver(refused(proxy, target, res, head.length > 0));
          return;
        }
        // TLS to the ARM host inside the tunnel, through node:https's own connection code (its
        // session cache included); the tunnel's socket takes the place of a TCP connection.
        const tls: TrackedSocket = super.createConnection({ ...options, socket: tunnel } as ConnectionOptions) as TLSSocket;
        socket = tls;
        tls[CONNECTING] = true;
        tls.once("secureConnect", () => {
          clearTimeout(timer);
          tls[CONNECTING] = false;
          tls.emit(CONNECTED);
        });
        tls.once("close", () => clearTimeout(timer));
        deliver(null, tls);
      });
      connect.on("error", (err: Error) => {
        clearTimeout(timer);
        deliver(unreachable(proxy, err));
      });
      connect.end();
    }
  }
  httpsAgentClass = LookupHttpsAgent;
  return httpsAgentClass;
}

/** The proxy answered the CONNECT with something other than 200. */
function refused(proxy: ProxyEndpoint, target: string, res: IncomingMessage, early: boolean): TransportError {
  const status = res.statusCode ?? 0;
  if (early) {
    return new TransportError(
      "proxy",
      `the proxy ${proxy.shown} sent data before the TLS handshake with ${target}; it is not a CONNECT proxy`,
      "PROXY_PROTOCOL",
    );
  }
  const reason = (res.statusMessage ?? "").replace(/[^\x20-\x7e]/g, "").slice(0, 80);
  const answer = `HTTP ${status}${reason === "" ? "" : ` ${reason}`}`;
  let advice = "";
  if (status === 407) {
    advice =
      proxy.authorization === undefined
        ? "; the proxy requires authentication: put the user name and password in the proxy URL (http://user:password@host:port)"
        : "; the proxy refused the user name and password of the proxy URL";
  }
  // 502, 503 and 504: the proxy could not reach the ARM host this time.
  const transient = status === 502 || status === 503 || status === 504;
  return new TransportError(
    "proxy",
    `the proxy ${proxy.shown} refused the tunnel to ${target} with ${answer}${advice}`,
    `PROXY_${status}`,
    transient,
  );
}

/** The proxy could not be reached (refused, reset, unresolvable, its own TLS certificate refused). */
function unreachable(proxy: ProxyEndpoint, err: Error): TransportError {
  const code = errorCode(err);
  return new TransportError(
    "proxy",
    `could not reach the proxy ${proxy.shown} (${code ?? "unknown error"}: ${err.message})`,
    code,
    code !== undefined && TRANSIENT_CONNECTION_CODES.has(code),
  );
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
