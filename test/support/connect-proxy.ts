/**
 * A real CONNECT proxy on loopback for tests: it opens a TCP tunnel for each CONNECT and relays
 * bytes both ways. It records every CONNECT (target, Proxy-Authorization), counts any request
 * that is not a CONNECT (a client that sent ARM's request to the proxy in clear), and watches the
 * bytes it relays from the client for an `authorization` header or a `Bearer` token in clear
 * text (inside TLS there can be none). Options: Basic credentials it requires (407 otherwise),
 * a status to refuse every CONNECT with, and host names it alone resolves (to 127.0.0.1).
 */
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as net from "node:net";

export interface ConnectProxyOptions {
  /** Required Proxy-Authorization: Basic credentials; a CONNECT without them gets 407. */
  credentials?: { username: string; password: string };
  /** Refuse every CONNECT with this status (403, 502, ...). */
  refuseWith?: number;
  /** Host names this proxy resolves itself: name → address (for a name no DNS knows). */
  hosts?: Record<string, string>;
  /** Serve the proxy over TLS (an https:// proxy URL) with this key and certificate. */
  tls?: { key: string; cert: string };
}

export interface ConnectRecord {
  /** The CONNECT target, `host:port`. */
  target: string;
  /** The Proxy-Authorization header as received, if any. */
  proxyAuthorization: string | undefined;
  /** The status the proxy answered. */
  status: number;
}

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>` (`https://` with `tls`) */
  url: string;
  port: number;
  connects: ConnectRecord[];
  /** Requests that were not CONNECT (absolute-form requests a client sent to the proxy in clear). */
  plainRequests: string[];
  /** Whether any relayed client byte sequence contained an authorization header or a Bearer token. */
  sawCredentialsInClear(): boolean;
  /** Bytes relayed from clients to targets. */
  relayedBytes(): number;
  close(): Promise<void>;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connects: ConnectRecord[] = [];
  const plainRequests: string[] = [];
  const sockets = new Set<net.Socket>();
  let clear = false;
  let relayed = 0;
  const expected =
    options.credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString("base64")}`;

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    plainRequests.push(`${req.method} ${req.url}`);
    if (/authorization|bearer/i.test(JSON.stringify(req.headers))) clear = true;
    res.writeHead(405, { "content-type": "text/plain", connection: "close" });
    res.end("this proxy only tunnels (CONNECT)");
  };
  const server = options.tls === undefined ? http.createServer(onRequest) : https.createServer(options.tls, onRequest);
  server.on(options.tls === undefined ? "connection" : "secureConnection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on("error", () => {});
    const target = req.url ?? "";
    const auth = req.headers["proxy-authorization"];
    const answer = (status: number, text: string, extra = ""): void => {
      connects.push({ target, proxyAuthorization: auth, status });
      client.end(`HTTP/1.1 ${status} ${text}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (expected !== undefined && auth !== expected) {
      answer(407, "Proxy Authentication Required", 'Proxy-Authenticate: Basic realm="test"\r\n');
      return;
    }
    if (options.refuseWith !== undefined) {
      answer(options.refuseWith, "Refused");
      return;
    }
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
    if (m === null) {
      answer(400, "Bad Request");
      return;
    }
    const host = options.hosts?.[m[1]!.toLowerCase()] ?? m[1]!;
    const upstream = net.connect({ host, port: Number(m[2]) });
    sockets.add(upstream);
    upstream.once("close", () => sockets.delete(upstream));
    upstream.once("error", () => {
      if (!client.writableEnded && connects.every((c) => c.target !== target || c.status !== 200)) answer(502, "Bad Gateway");
      client.destroy();
    });
    upstream.once("connect", () => {
      connects.push({ target, proxyAuthorization: auth, status: 200 });
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      // The last bytes of each chunk are kept, so a header split across two chunks is still seen.
      let tail = "";
      client.on("data", (chunk: Buffer) => {
        relayed += chunk.length;
        const text = tail + chunk.toString("latin1");
        if (/authorization:|bearer /i.test(text)) clear = true;
        tail = text.slice(-32);
      });
      client.pipe(upstream);
      upstream.pipe(client);
      client.once("close", () => upstream.destroy());
      upstream.once("close", () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    port,
    connects,
    plainRequests,
    sawCredentialsInClear: () => clear,
    relayedBytes: () => relayed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (a proxy that is down). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
