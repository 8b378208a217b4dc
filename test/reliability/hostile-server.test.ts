/**
 * A hostile server: malformed, oversized, slow, contradictory and protocol-edge answers (RFC 9110
 * and 9112 in hand), written byte by byte on a loopback TLS socket. Each answer goes to our
 * getBatchAccount and to the official @azure/arm-batch client; our outcome is asserted, the
 * SDK's is recorded beside it, and the table is printed at the end (docs/reliability.md
 * carries it).
 */
import * as tls from "node:tls";
import * as zlib from "node:zlib";
import { BatchManagementClient } from "@azure/arm-batch";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorTlsMaterial } from "../../emulator/tls";
import { BatchLookupError, closeClients, getBatchAccount, StaticTokenCredential } from "../../provider";
import { trustCa } from "../emulator/helpers";

const SUB = "5ab1d000-0000-4000-8000-000000000000";
const RG = "rg1";
const NAME = "acct1";
const ACCOUNT = JSON.stringify({
  id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Batch/batchAccounts/${NAME}`,
  name: NAME,
  type: "Microsoft.Batch/batchAccounts",
  location: "japaneast",
  properties: { accountEndpoint: `${NAME}.japaneast.batch.azure.com`, provisioningState: "Succeeded" },
});
const ERROR_503 = JSON.stringify({ error: { code: "ServiceUnavailable", message: "try later" } });

type Writer = (socket: tls.TLSSocket, n: number) => void;

/** A raw answer: status line, headers and body exactly as given. */
function raw(head: string, body: string | Buffer = ""): Writer {
  return (socket) => {
    socket.write(`${head.replace(/\n/g, "\r\n")}\r\n\r\n`);
    socket.end(body);
  };
}

function ok(body: string | Buffer, extra = ""): string {
  return `HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: ${Buffer.byteLength(body)}\nConnection: close${extra}`;
}

interface Case {
  name: string;
  rfc?: string;
  /** Answer to the n-th request (1-based) of the case. */
  answer: (n: number) => Writer;
  /** What our lookup must do: a model with this name, or an error with this code (and message). */
  ours: { name: string } | { code: string; message?: RegExp; requests?: number };
}

const gz = zlib.gzipSync(Buffer.from(ACCOUNT));

const CASES: Case[] = [
  { name: "200 with a valid account (control)", answer: () => raw(ok(ACCOUNT), ACCOUNT), ours: { name: NAME } },
  {
    name: "204 No Content on GET",
    rfc: "RFC 9110 15.3.5",
    answer: () => raw("HTTP/1.1 204 No Content\nConnection: close"),
    ours: { code: "Http204", message: /HTTP 204 with an empty body/, requests: 1 },
  },
  {
    name: "304 Not Modified to an unconditional GET",
    rfc: "RFC 9110 15.4.5",
    answer: () => raw("HTTP/1.1 304 Not Modified\nConnection: close"),
    ours: { code: "Http304", requests: 1 },
  },
  {
    name: "200 whose body is an ARM error envelope",
    answer: () => raw(ok(ERROR_503), ERROR_503),
    ours: { code: "ServiceUnavailable", message: /answered HTTP 200 with an error: ServiceUnavailable: try later/, requests: 1 },
  },
  {
    name: "200 with an empty body",
    answer: () => raw(ok("")),
    ours: { code: "InvalidResponse", message: /HTTP 200 with an empty body/, requests: 1 },
  },
  { name: "200 with `null`", answer: () => raw(ok("null"), "null"), ours: { code: "InvalidResponse", requests: 1 } },
  {
    name: "200 with a UTF-8 byte order mark before the JSON",
    rfc: "RFC 8259 8.1",
    answer: () => raw(ok(`\uFEFF${ACCOUNT}`), `\uFEFF${ACCOUNT}`),
    ours: { name: NAME },
  },
  {
    name: "200 with JSON nested 100,000 deep",
    answer: () => {
      const b = "[".repeat(100_000) + "]".repeat(100_000);
      return raw(ok(b), b);
    },
    ours: { code: "InvalidResponse", requests: 1 },
  },
  {
    name: "two different Content-Length headers",
    rfc: "RFC 9112 6.3",
    answer: () =>
      raw(
        `HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: 10\nContent-Length: ${ACCOUNT.length}\nConnection: close`,
        ACCOUNT,
      ),
    ours: { code: "ConnectionFailed", message: /not valid HTTP/, requests: 1 },
  },
  {
    name: "an invalid Content-Length",
    rfc: "RFC 9112 6.3",
    answer: () => raw("HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: 12abc\nConnection: close", ACCOUNT),
    ours: { code: "ConnectionFailed", message: /not valid HTTP/, requests: 1 },
  },
  {
    name: "Transfer-Encoding: chunked and Content-Length together",
    rfc: "RFC 9112 6.3",
    answer: () =>
      raw(
        `HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: 5\nTransfer-Encoding: chunked\nConnection: close`,
        `${ACCOUNT.length.toString(16)}\r\n${ACCOUNT}\r\n0\r\n\r\n`,
      ),
    ours: { code: "ConnectionFailed", message: /not valid HTTP/, requests: 1 },
  },
  {
    name: "chunked with trailers",
    rfc: "RFC 9112 7.1.2",
    answer: () =>
      raw(
        "HTTP/1.1 200 OK\nContent-Type: application/json\nTransfer-Encoding: chunked\nTrailer: x-checksum\nConnection: close",
        `${ACCOUNT.length.toString(16)}\r\n${ACCOUNT}\r\n0\r\nx-checksum: abc\r\n\r\n`,
      ),
    ours: { name: NAME },
  },
  {
    name: "no Content-Length, body ends when the connection closes",
    rfc: "RFC 9112 6.3 (7)",
    answer: () => raw("HTTP/1.1 200 OK\nContent-Type: application/json\nConnection: close", ACCOUNT),
    ours: { name: NAME },
  },
  {
    name: "body shorter than its Content-Length, then closed",
    rfc: "RFC 9112 6.3",
    answer: (n) =>
      n === 1
        ? raw(`HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: ${ACCOUNT.length + 50}\nConnection: close`, ACCOUNT)
        : raw(ok(ACCOUNT), ACCOUNT),
    ours: { name: NAME },
  },
  {
    name: "Content-Encoding: gzip (decoded)",
    answer: () =>
      raw(`HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Encoding: gzip\nContent-Length: ${gz.length}\nConnection: close`, gz),
    ours: { name: NAME },
  },
  {
    name: "Content-Encoding: gzip on a plain body",
    answer: () => raw(`${ok(ACCOUNT)}\nContent-Encoding: gzip`, ACCOUNT),
    ours: { code: "InvalidResponse", message: /not valid gzip data/, requests: 1 },
  },
  {
    name: "Content-Encoding it did not ask for (compress)",
    rfc: "RFC 9110 8.4",
    answer: () => raw(`${ok(ACCOUNT)}\nContent-Encoding: compress`, ACCOUNT),
    ours: { code: "InvalidResponse", message: /not one this client asked for/, requests: 1 },
  },
  {
    name: "503 with `Retry-After: -1`, then 200",
    rfc: "RFC 9110 10.2.3",
    answer: (n) =>
      n === 1
        ? raw(
            `HTTP/1.1 503 Service Unavailable\nRetry-After: -1\nContent-Type: application/json\nContent-Length: ${ERROR_503.length}\nConnection: close`,
            ERROR_503,
          )
        : raw(ok(ACCOUNT), ACCOUNT),
    ours: { name: NAME },
  },
  {
    name: "429 with `Retry-After: 4294967296`",
    rfc: "RFC 9110 10.2.3",
    answer: () => raw(`HTTP/1.1 429 Too Many Requests\nRetry-After: 4294967296\nContent-Length: 0\nConnection: close`),
    ours: { code: "Http429", message: /Retries stopped: waiting the requested 4294967296 s would pass the total timeout/, requests: 1 },
  },
  {
    name: "302 redirect to the same origin",
    rfc: "RFC 9110 15.4.3",
    answer: (n) =>
      n === 1
        ? raw(
            `HTTP/1.1 302 Found\nLocation: /subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Batch/batchAccounts/${NAME}?api-version=2024-07-01&r=1\nContent-Length: 0\nConnection: close`,
          )
        : raw(ok(ACCOUNT), ACCOUNT),
    ours: { code: "Http302", requests: 1 },
  },
  {
    name: "100 Continue before the 200",
    rfc: "RFC 9110 15.2",
    answer: () => raw(`HTTP/1.1 100 Continue\n\n${ok(ACCOUNT)}`, ACCOUNT),
    ours: { name: NAME },
  },
  {
    name: "103 Early Hints before the 200",
    rfc: "RFC 9110 15.2, RFC 8297",
    answer: () => raw(`HTTP/1.1 103 Early Hints\nLink: </x>; rel=preload\n\n${ok(ACCOUNT)}`, ACCOUNT),
    ours: { name: NAME },
  },
  {
    name: "a status code outside 1xx-5xx (999)",
    rfc: "RFC 9110 15",
    answer: () => raw("HTTP/1.1 999 Weird\nContent-Length: 0\nConnection: close"),
    ours: { code: "Http999", requests: 1 },
  },
  {
    name: "a status line that is not HTTP",
    answer: () => raw("HTTP/9.9 200 OK\nContent-Length: 2\nConnection: close", "{}"),
    ours: { code: "ConnectionFailed", message: /not valid HTTP/, requests: 1 },
  },
  {
    name: "a header line without a colon",
    rfc: "RFC 9112 5",
    answer: () => raw(`${ok(ACCOUNT)}\nthis is not a header`, ACCOUNT),
    ours: { code: "ConnectionFailed", message: /not valid HTTP/, requests: 1 },
  },
  {
    name: "connection closed without an answer, then 200",
    answer: (n) => (n === 1 ? (s) => s.destroy() : raw(ok(ACCOUNT), ACCOUNT)),
    ours: { name: NAME },
  },
  {
    name: "401 with a CAE challenge whose claims are not base64",
    answer: () =>
      raw(
        `HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="insufficient_claims", claims="%%%"\nContent-Length: 0\nConnection: close`,
      ),
    ours: { code: "Http401", requests: 1 },
  },
  {
    name: "a body larger than the response cap",
    answer: () => {
      const big = `{"id":"${"x".repeat(3_000_000)}"}`;
      return raw(ok(big), big);
    },
    ours: { code: "ResponseTooLarge", requests: 1 },
  },
];

interface Row {
  name: string;
  rfc?: string;
  ours: string;
  sdk: string;
  oursRequests: number;
  sdkRequests: number;
}
const rows: Row[] = [];
let ca = "";

async function hostileServer(answer: (n: number) => Writer): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  const material = await emulatorTlsMaterial();
  let n = 0;
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({ key: material.key, cert: material.cert }, (socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    let head = "";
    const onData = (chunk: Buffer): void => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      socket.off("data", onData);
      answer(++n)(socket, n);
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
  const port = (server.address() as import("node:net").AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    count: () => n,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function describeOutcome(value: unknown): string {
  if (value instanceof BatchLookupError) return `\`${value.code}\`${value.statusCode === undefined ? "" : ` (${value.statusCode})`}`;
  if (value instanceof Error) {
    const e = value as Error & { code?: string; statusCode?: number };
    return `${e.name}${e.code ? ` ${e.code}` : ""}${e.statusCode ? ` (${e.statusCode})` : ""}: ${e.message.split("\n")[0]!.slice(0, 80)}`;
  }
  const name = (value as { name?: unknown } | null)?.name;
  if (typeof name === "string") return `the account (${name})`;
  try {
    return `a result: ${JSON.stringify(value)?.slice(0, 60)}`;
  } catch (err) {
    return `a result that JSON.stringify cannot write (${(err as Error).message})`;
  }
}

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: "t0ken-value", expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

beforeAll(async () => {
  ca = (await emulatorTlsMaterial()).ca;
  trustCa(ca);
});

afterAll(async () => {
  await closeClients();
  const lines = [
    "| Answer | RFC | azure-batch-lookup (requests) | @azure/arm-batch (requests) |",
    "| --- | --- | --- | --- |",
    ...CASES.map((c) => rows.find((r) => r.name === c.name))
      .filter((r): r is Row => r !== undefined)
      .map((r) => `| ${r.name} | ${r.rfc ?? ""} | ${r.ours} (${r.oursRequests}) | ${r.sdk} (${r.sdkRequests}) |`),
  ];
  console.log(`\nHostile server: our lookup and @azure/arm-batch on the same answers.\n\n${lines.join("\n")}\n`);
});

describe.concurrent("hostile server", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const ourServer = await hostileServer(c.answer);
      const sdkServer = await hostileServer(c.answer);
      try {
        const ours = await getBatchAccount(
          { accountName: NAME, resourceGroupName: RG, subscriptionId: SUB },
          {
            endpoint: ourServer.url,
            ca,
            credential: new StaticTokenCredential("t0ken-value"),
            retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20, totalTimeoutMs: 5000 },
            limits: { maxResponseBytes: 2_000_000 },
          },
        ).catch((e: unknown) => e);
        const sdk = await new BatchManagementClient(credential, SUB, {
          endpoint: sdkServer.url,
          apiVersion: "2024-07-01",
          credentialScopes: [`${sdkServer.url}/.default`],
          retryOptions: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
        }).batchAccountOperations
          .get(RG, NAME, { abortSignal: AbortSignal.timeout(5000) })
          .catch((e: unknown) => e);
        rows.push({
          name: c.name,
          rfc: c.rfc,
          ours: describeOutcome(ours),
          sdk: describeOutcome(sdk),
          oursRequests: ourServer.count(),
          sdkRequests: sdkServer.count(),
        });

        if ("name" in c.ours) {
          expect(ours, describeOutcome(ours)).not.toBeInstanceOf(Error);
          expect((ours as { name: string }).name).toBe(c.ours.name);
        } else {
          expect(ours, describeOutcome(ours)).toBeInstanceOf(BatchLookupError);
          expect((ours as BatchLookupError).code, (ours as Error).message).toBe(c.ours.code);
          if (c.ours.message) expect((ours as Error).message, (ours as Error).message).toMatch(c.ours.message);
          if (c.ours.requests !== undefined) expect(ourServer.count()).toBe(c.ours.requests);
        }
      } finally {
        await ourServer.close();
        await sdkServer.close();
      }
    });
  }
});
