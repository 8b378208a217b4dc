/**
 * The transport on its own (NodeHttpClient over node:https and node:http), against real loopback
 * servers: informational 1xx answers before the final one, each timeout phase, keep-alive reuse,
 * the pool bound, close(), the caller's abort, framing, repeated headers, one secure context per
 * CA, and body errors that come after nobody reads the body any more.
 */
import type { IncomingMessage } from "node:http";
import * as https from "node:https";
import { createRequire } from "node:module";
import type { AddressInfo, Socket } from "node:net";
import * as net from "node:net";
import type { Readable } from "node:stream";
import * as tls from "node:tls";
import { createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { emulatorTlsMaterial, generateTlsMaterial, type TlsMaterial } from "../../../emulator/tls";
import { BatchLookupClient, getBatchAccount, StaticTokenCredential } from "../../../provider";
import { secureContextFor } from "../../../provider/pipeline/connection-agents";
import { NodeHttpClient } from "../../../provider/pipeline/node-http-client";
import { TransportError } from "../../../provider/pipeline/transport-errors";
import { ACCOUNT, RG, rejection, SUB } from "../../reliability/helpers";
import { startScriptedServer } from "../../reliability/scripted-server";

let material: TlsMaterial;
const closers: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  material = await emulatorTlsMaterial();
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

afterAll(() => vi.restoreAllMocks());

function client(options: ConstructorParameters<typeof NodeHttpClient>[0] = {}): NodeHttpClient {
  const c = new NodeHttpClient({ ca: material.ca, ...options });
  closers.push(() => c.close());
  return c;
}

/** A raw server (TLS or plain TCP) whose bytes a test writes; counts connections and requests. */
async function rawServer(
  secure: boolean,
  onRequest: (socket: Socket, n: number) => void,
): Promise<{ url: string; connections(): number; requests(): number }> {
  let connections = 0;
  let requests = 0;
  const sockets = new Set<Socket>();
  const onSocket = (socket: Socket): void => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => {});
    let head = "";
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      while (head.includes("\r\n\r\n")) {
        head = head.slice(head.indexOf("\r\n\r\n") + 4);
        onRequest(socket, ++requests);
      }
    });
  };
  const server = secure ? tls.createServer({ key: material.key, cert: material.cert }, onSocket) : net.createServer(onSocket);
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    url: `${secure ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}/x`,
    connections: () => connections,
    requests: () => requests,
  };
}

async function read(response: PipelineResponse): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.readableStreamBody as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const OK = (body: string, extra = "") =>
  `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}${extra}\r\n\r\n${body}`;

describe("informational answers (RFC 9110 15.2) before the final one", () => {
  it.each([
    ["100 Continue", "HTTP/1.1 100 Continue\r\n\r\n"],
    ["102 Processing, then 103 Early Hints", "HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n"],
  ])("%s, then 200: the final answer is read", async (_name, informational) => {
    for (const secure of [true, false]) {
      const server = await rawServer(secure, (socket) => socket.write(`${informational}${OK("{}")}`));
      const response = await client().sendRequest(createPipelineRequest({ url: server.url }));
      expect(response.status).toBe(200);
      expect(await read(response)).toBe("{}");
    }
  });

  it("a lookup whose answer starts with 100 Continue succeeds", async () => {
    const account = JSON.stringify({
      id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Batch/batchAccounts/${ACCOUNT}`,
      name: ACCOUNT,
      type: "Microsoft.Batch/batchAccounts",
      location: "japaneast",
      properties: { accountEndpoint: `${ACCOUNT}.japaneast.batch.azure.com` },
    });
    const server = await rawServer(true, (socket) => socket.write(`HTTP/1.1 100 Continue\r\n\r\n${OK(account)}`));
    const lookup = new BatchLookupClient({
      endpoint: new URL(server.url).origin,
      credential: new StaticTokenCredential("t0ken"),
      ca: material.ca,
    });
    closers.push(() => lookup.close());
    expect((await getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, { client: lookup })).name).toBe(
      ACCOUNT,
    );
  });
});

describe("each phase has its timeout", () => {
  it("connect: a TLS handshake that never completes", async () => {
    const server = await rawServer(false, () => {});
    const err = await client({ timeouts: { connectMs: 200 } })
      .sendRequest(createPipelineRequest({ url: server.url.replace("http:", "https:") }))
      .catch((e: unknown) => e);
    // The code names the timer that ended the attempt: the connect timer, not a later one.
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ failure: "timeout", code: "CONNECT_TIMEOUT", message: "could not connect within 200 ms" });
    expect(server.requests()).toBe(0);
  });

  it("headers: a request sent and never answered", async () => {
    const server = await rawServer(true, () => {});
    const err = await client({ timeouts: { headersMs: 200 } })
      .sendRequest(createPipelineRequest({ url: server.url }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: "timeout", code: "HEADERS_TIMEOUT", message: "no response headers within 200 ms" });
  });

  it("headers: a connection that took most of connectMs does not shorten headersMs (the timer starts when connected)", async () => {
    const server = await rawServer(true, (socket) => setTimeout(() => socket.write(OK("{}")), 150));
    const response = await client({ timeouts: { connectMs: 1000, headersMs: 300 } }).sendRequest(
      createPipelineRequest({ url: server.url }),
    );
    expect(await read(response)).toBe("{}");
  });

  it("body: the longest silence between two parts of the body", async () => {
    const server = await rawServer(true, (socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial":'));
    const response = await client({ timeouts: { bodyMs: 200 } }).sendRequest(createPipelineRequest({ url: server.url }));
    const err = await read(response).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: "timeout", code: "BODY_TIMEOUT", message: "the response body stalled for more than 200 ms" });
  });

  it("attempt: a body that trickles (never silent for bodyMs) is cut at attemptMs", async () => {
    const server = await rawServer(true, (socket) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write(" ")), 30);
    });
    const response = await client({ timeouts: { bodyMs: 200, attemptMs: 500 } }).sendRequest(createPipelineRequest({ url: server.url }));
    const err = await read(response).catch((e: unknown) => e);
    // The attempt timer ended it (the body timer never could: a byte comes every 30 ms).
    expect(err).toMatchObject({ failure: "timeout", code: "ATTEMPT_TIMEOUT", message: "no complete response within 500 ms" });
  });

  it("the request's own timeout is the attempt's", async () => {
    const server = await rawServer(true, () => {});
    const err = await client({ timeouts: { headersMs: 60_000 } })
      .sendRequest(createPipelineRequest({ url: server.url, timeout: 150 }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ATTEMPT_TIMEOUT", message: "no complete response within 150 ms" });
  });
});

describe("connections", () => {
  it.each([true, false])("keep-alive: requests one after another use one connection (TLS: %s)", async (secure) => {
    const server = await rawServer(secure, (socket) => socket.write(OK("{}")));
    const c = client();
    for (let i = 0; i < 3; i++) expect(await read(await c.sendRequest(createPipelineRequest({ url: server.url })))).toBe("{}");
    expect(server.requests()).toBe(3);
    expect(server.connections()).toBe(1);
  });

  it("the pool holds at most maxSockets connections per origin", async () => {
    const s = await startScriptedServer((_req, res) => setTimeout(() => res.end("{}"), 40));
    closers.push(() => s.close());
    const c = client({ maxSockets: 2 });
    const bodies = await Promise.all(
      Array.from({ length: 8 }, async () => read(await c.sendRequest(createPipelineRequest({ url: `${s.url}/x` })))),
    );
    expect(bodies).toEqual(Array(8).fill("{}"));
    expect(s.connections()).toBeLessThanOrEqual(2);
    expect(s.maxInFlight()).toBeLessThanOrEqual(2);
  });

  it("close() lets a request in flight finish, then closes every connection; later requests fail at once", async () => {
    // The server holds its answer until the test lets it go.
    let arrived!: () => void;
    const inServer = new Promise<void>((resolve) => (arrived = resolve));
    let answer!: () => void;
    const answering = new Promise<void>((resolve) => (answer = resolve));
    const s = await startScriptedServer((_req, res) => {
      arrived();
      void answering.then(() => res.end("{}"));
    });
    closers.push(() => s.close());
    const c = new NodeHttpClient();
    const order: string[] = [];
    const pending = c
      .sendRequest(createPipelineRequest({ url: `${s.url}/x` }))
      .then(read)
      .finally(() => order.push("request"));
    await inServer;
    const closed = c.close().finally(() => order.push("closed"));
    await new Promise((resolve) => setImmediate(resolve));
    // close() waits for the request in flight, which waits for the server.
    expect(order).toEqual([]);
    answer();
    expect(await pending).toBe("{}");
    await closed;
    const err = await c.sendRequest(createPipelineRequest({ url: `${s.url}/x` })).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: "client", code: "CLIENT_CLOSED" });
    expect(s.requests).toHaveLength(1);
  });

  it("a client's lookups after close() fail with ClientClosed", async () => {
    const s = await startScriptedServer((_req, res) => res.end("{}"));
    closers.push(() => s.close());
    const lookup = new BatchLookupClient({ endpoint: s.url, credential: new StaticTokenCredential("t0ken") });
    await lookup.close();
    const err = await rejection(getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, { client: lookup }));
    expect(err.code).toBe("ClientClosed");
    expect(s.requests).toHaveLength(0);
  });

  it("one secure context per CA, shared by every client", async () => {
    const other = await generateTlsMaterial("a CA of its own");
    // The module object the library requires (an ES namespace cannot be spied on).
    const spy = vi.spyOn(createRequire(__filename)("node:tls") as typeof tls, "createSecureContext");
    try {
      const a = secureContextFor(other.ca);
      client({ ca: other.ca });
      client({ ca: other.ca });
      expect(secureContextFor(other.ca)).toBe(a);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    // And it is the one the connection trusts.
    const server = https.createServer({ key: other.key, cert: other.cert }, (_req, res) => res.end("{}"));
    await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    expect(await read(await client({ ca: other.ca }).sendRequest(createPipelineRequest({ url })))).toBe("{}");
  });
});

describe("answers and aborts", () => {
  it('repeated header fields are joined with ", "; names are lower-cased', async () => {
    const server = await rawServer(true, (socket) => socket.write(OK("{}", "\r\nX-Ms-Thing: a\r\nx-ms-thing: b")));
    const response = await client().sendRequest(createPipelineRequest({ url: server.url }));
    expect(response.headers.get("x-ms-thing")).toBe("a, b");
    await read(response);
  });

  it.each([
    ["two equal Content-Length fields", "Content-Length: 2\r\nContent-Length: 2"],
    ["a Content-Length list", "Content-Length: 2, 2"],
    ["Content-Length beside Transfer-Encoding", "Content-Length: 2\r\nTransfer-Encoding: chunked"],
  ])("%s: the framing is refused as not valid HTTP", async (_name, fields) => {
    const server = await rawServer(true, (socket) => socket.write(`HTTP/1.1 200 OK\r\n${fields}\r\n\r\n{}`));
    const err = await client()
      .sendRequest(createPipelineRequest({ url: server.url }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: "protocol" });
    expect((err as Error).message).toMatch(/not valid HTTP/);
  });

  it("a POST body is sent with its Content-Length", async () => {
    const s = await startScriptedServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => res.end(JSON.stringify({ length: req.headers["content-length"], body })));
    });
    closers.push(() => s.close());
    const request = createPipelineRequest({ url: `${s.url}/x`, method: "POST" });
    request.body = '{"query":"résumé"}';
    const echo = JSON.parse(await read(await client().sendRequest(request)));
    expect(echo).toEqual({ length: String(Buffer.byteLength(request.body)), body: request.body });
  });

  it("the caller's abort: before the answer the request fails with its reason; after it, the body does", async () => {
    const before = new AbortController();
    // The server never answers; the caller gives up once the request has reached it.
    const silent = await rawServer(true, () => before.abort(new Error("caller gave up")));
    const request = createPipelineRequest({ url: silent.url, abortSignal: before.signal });
    const pending = client()
      .sendRequest(request)
      .catch((e: unknown) => e);
    expect(await pending).toMatchObject({ message: "caller gave up" });
    expect(silent.requests()).toBe(1);

    const slow = await rawServer(true, (socket) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"));
    const after = new AbortController();
    const response = await client().sendRequest(createPipelineRequest({ url: slow.url, abortSignal: after.signal }));
    const reading = read(response).catch((e: unknown) => e);
    after.abort(new Error("caller gave up later"));
    expect(await reading).toMatchObject({ message: "caller gave up later" });
  });

  it("a body nobody reads any more, failing at the attempt's end, is no uncaught exception", async () => {
    const server = await rawServer(true, (socket) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"));
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => {
      uncaught.push(err);
    };
    process.on("uncaughtException", onUncaught);
    try {
      const response = await client().sendRequest(createPipelineRequest({ url: server.url, timeout: 100 }));
      expect(response.status).toBe(200);
      // The attempt's end destroys the body nobody reads; then one more turn for anything it emits late.
      const body = response.readableStreamBody as IncomingMessage;
      // (A `close` listener only: an `error` listener would hide the uncaught exception this test looks for.)
      if (!body.closed) await new Promise((resolve) => body.once("close", resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(body.destroyed).toBe(true);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
