/**
 * One test per defect class of the hand-written request path, each failing on it: a credential
 * that hangs once, a credential returning undefined, a token echoed by the server, clients keyed
 * by credential object, unbounded bodies and lists, loops through differently written links, a
 * repeated account, retries of failures that are not transient, a compressing gateway, options
 * silently ignored; and what the pipeline makes visible (logs, spans).
 */
import * as zlib from "node:zlib";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { type Instrumenter, type TracingContext, type TracingSpan, useInstrumenter } from "@azure/core-tracing";
import { AzureLogger, setLogLevel } from "@azure/logger";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import {
  BatchLookupClient,
  closeClients,
  getBatchAccount,
  type LookupOptions,
  listBatchAccounts,
  StaticTokenCredential,
} from "../../provider";
import { armClientOf } from "../../provider/client/batch-lookup-client";
import { ACCOUNT, optionsFor, RG, rejection, renderings, SUB, startPagedEmulator } from "./helpers";
import { type ScriptedServer, startScriptedServer } from "./scripted-server";

const GET = { accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB };
const FAST_RETRY = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, totalTimeoutMs: 5000 };

/** The account a Get's URL names. */
function accountNameOf(url: string): string {
  return new URL(url, "http://x").pathname.split("/").pop()!;
}

function account(name: string, rg = RG): Record<string, unknown> {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Batch/batchAccounts/${name}`,
    name,
    type: "Microsoft.Batch/batchAccounts",
    location: "japaneast",
    properties: { accountEndpoint: `${name}.japaneast.batch.azure.com`, provisioningState: "Succeeded" },
  };
}

function json(res: import("node:http").ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

let servers: ScriptedServer[] = [];
let emulators: RunningEmulator[] = [];
async function server(answer: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const s = await startScriptedServer(answer);
  servers.push(s);
  return s;
}
function over(s: ScriptedServer, extra: Partial<LookupOptions> = {}): LookupOptions {
  return { endpoint: s.url, credential: new StaticTokenCredential("t0ken-value"), retry: FAST_RETRY, ...extra };
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(emulators.map((e) => e.stop()));
  servers = [];
  emulators = [];
});
afterAll(async () => {
  await closeClients();
});

describe("credentials", () => {
  it("a credential that hangs once does not break its client: the wait is cancelled at the deadline, and the next lookup asks again", async () => {
    const emu = await startPagedEmulator();
    emulators.push(emu);
    let calls = 0;
    const credential: TokenCredential = {
      getToken: () =>
        ++calls === 1
          ? new Promise<AccessToken>(() => {})
          : Promise.resolve({ token: "azure-batch-lookup-emulator-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const opts = optionsFor(emu, { credential, retry: { ...FAST_RETRY, totalTimeoutMs: 400 } });
    const first = await rejection(getBatchAccount(GET, opts));
    expect(first.code).toBe("RequestTimeout");
    const account = await getBatchAccount(GET, opts);
    expect(account.name).toBe(ACCOUNT);
    expect(calls).toBe(2);
  });

  it("a credential returning undefined is a CredentialUnavailable BatchLookupError, and nothing is sent", async () => {
    const s = await server((_req, res) => json(res, 200, account(ACCOUNT)));
    const credential = { getToken: async () => undefined } as unknown as TokenCredential;
    const err = await rejection(getBatchAccount(GET, over(s, { credential })));
    expect(err.code).toBe("CredentialUnavailable");
    expect(err.message).toMatch(/returned no access token/);
    expect(s.requests).toHaveLength(0);
  });
});

describe("the token never leaks through the server's own text", () => {
  it("an error message and details that echo the Authorization header are scrubbed", async () => {
    const token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-part.signature";
    const s = await server((req, res) =>
      json(res, 400, {
        error: {
          code: "BadRequest",
          message: `Invalid header Authorization: ${req.headers.authorization}`,
          target: `header ${req.headers.authorization}`,
          details: [
            { code: "Echo", message: `token was ${token.slice(0)} and bearer ${token}` },
            { code: "Other", message: "Bearer abc.def-ghi" },
          ],
        },
      }),
    );
    const err = await rejection(getBatchAccount(GET, over(s, { credential: new StaticTokenCredential(token) })));
    expect(err.code).toBe("BadRequest");
    const text = renderings(err);
    expect(text).not.toContain(token);
    expect(text).not.toContain("secret-part");
    expect(text).not.toContain("abc.def-ghi");
    expect(err.message).toContain("Invalid header Authorization: Bearer [REDACTED]");
    expect(err.details?.[0]?.message).toBe("token was [REDACTED] and bearer [REDACTED]");
    expect(err.details?.[1]?.message).toBe("Bearer [REDACTED]");
    expect(err.target).toBe("header Bearer [REDACTED]");
  });
});

describe("one client per configuration", () => {
  it("400 lookups, each with a new credential object, share one transport: connections stay within maxConcurrentRequests", async () => {
    const s = await server((req, res) => setTimeout(() => json(res, 200, account(accountNameOf(req.url ?? ""))), 5));
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        getBatchAccount(
          { ...GET, accountName: `acct${i}` },
          over(s, { credential: new StaticTokenCredential("t0ken-value"), maxConcurrentRequests: 4 }),
        ),
      ),
    );
    expect(results).toHaveLength(400);
    expect(s.requests).toHaveLength(400);
    // The bound covers the whole program, not each credential object.
    expect(s.maxInFlight()).toBeLessThanOrEqual(4);
    expect(s.connections()).toBeLessThanOrEqual(4);
  });

  it("an explicit client owns its transport and bound; close() ends it, and its later lookups fail at once", async () => {
    const s = await server((_req, res) => json(res, 200, account(ACCOUNT)));
    const client = new BatchLookupClient({
      endpoint: s.url,
      credential: new StaticTokenCredential("t0ken-value"),
      maxConcurrentRequests: 2,
    });
    expect((await getBatchAccount(GET, { client })).name).toBe(ACCOUNT);
    expect(armClientOf(client).limiter.limit).toBe(2);
    expect(client.options.maxConcurrentRequests).toBe(2);
    await client.close();
    const err = await rejection(getBatchAccount(GET, { client }));
    expect(err.code).toBe("ClientClosed");
    expect(s.requests).toHaveLength(1);
  });

  it("options cannot be combined with a client", async () => {
    const client = new BatchLookupClient({ endpoint: "http://127.0.0.1:9", credential: new StaticTokenCredential("t") });
    const err = await rejection(getBatchAccount(GET, { client, maxConcurrentRequests: 3 }));
    expect(err.code).toBe("InvalidArgument");
    expect(err.message).toMatch(/maxConcurrentRequests cannot be combined with client/);
    await client.close();
  });

  it("closeClients() closes the default clients; later lookups open new ones", async () => {
    const s = await server((_req, res) => json(res, 200, account(ACCOUNT)));
    const credential = new StaticTokenCredential("t0ken-value");
    await getBatchAccount(GET, over(s, { credential }));
    await closeClients();
    expect((await getBatchAccount(GET, over(s, { credential }))).name).toBe(ACCOUNT);
  });
});

describe("bounded memory", () => {
  it("a body that never ends fails at the response cap, at once and without a retry", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (res.write(chunk)) {
          /* until the socket pushes back */
        }
        res.once("drain", pump);
      };
      res.write("{");
      pump();
    });
    const err = await rejection(getBatchAccount(GET, over(s, { limits: { maxResponseBytes: 1_000_000 } })));
    expect(err.code).toBe("ResponseTooLarge");
    expect(err.message).toMatch(
      /longer than the cap of 1000000 bytes \(limits\.maxResponseBytes\); it was not read further and is not retried/,
    );
    expect(s.requests).toHaveLength(1);
  });

  it("a declared Content-Length past the cap fails before the body is read", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(50_000_000) });
      res.write("{");
    });
    const err = await rejection(getBatchAccount(GET, over(s, { limits: { maxResponseBytes: 1_000_000 } })));
    expect(err.code).toBe("ResponseTooLarge");
    expect(err.message).toMatch(/declares 50000000 bytes, more than the cap of 1000000 bytes/);
  });

  it("a list of many large pages fails at the list's byte cap", async () => {
    const filler = "x".repeat(100_000);
    const s = await server((_req, res, base, n) =>
      json(res, 200, {
        value: [{ ...account(`acct${n}`), tags: { filler } }],
        nextLink: `${base}/subscriptions/${SUB}/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01&$skiptoken=${n}`,
      }),
    );
    const err = await rejection(listBatchAccounts({ subscriptionId: SUB }, over(s, { limits: { maxListBytes: 1_000_000 } })));
    expect(err.code).toBe("ListTooLarge");
    expect(err.message).toMatch(/limits\.maxListBytes: 1000000 bytes for the whole list/);
    expect(s.requests.length).toBeLessThanOrEqual(11);
  });

  it("a list past maxListAccounts fails, naming the cap", async () => {
    const s = await server((_req, res, base, n) =>
      json(res, 200, {
        value: [account(`a${n}x1`), account(`a${n}x2`)],
        nextLink: `${base}/subscriptions/${SUB}/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01&$skiptoken=${n}`,
      }),
    );
    const err = await rejection(listBatchAccounts({ subscriptionId: SUB }, over(s, { limits: { maxListAccounts: 5 } })));
    expect(err.code).toBe("ListTooLarge");
    expect(err.message).toMatch(/more than 5 items \(limits\.maxListAccounts\)/);
    expect(s.requests).toHaveLength(3);
  });
});

describe("lists", () => {
  const FIRST = `/subscriptions/${SUB}/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01`;
  it.each([
    ["a fragment", (base: string) => `${base}${FIRST}#again`],
    ["another path case", (base: string) => `${base}${FIRST.toUpperCase().replace("API-VERSION", "api-version")}`],
    [
      "another parameter order",
      (base: string) => `${base}/subscriptions/${SUB}/providers/Microsoft.Batch/batchAccounts?foo=1&api-version=2024-07-01`,
    ],
    ["percent-encoding", (base: string) => `${base}${FIRST.replace("Microsoft.Batch", "Microsoft%2EBatch")}&foo=%31`],
  ])("a nextLink back to a page already read, written with %s, is refused", async (_label, link) => {
    const s = await server((_req, res, base, n) => {
      // Page 1 links to page 2 (?foo=1); page 2 links back to a differently written page 1 or 2.
      const next = n === 1 ? `${base}${FIRST}&foo=1` : link(base);
      json(res, 200, { value: [account(`acct${n}`)], nextLink: next });
    });
    const err = await rejection(listBatchAccounts({ subscriptionId: SUB }, over(s)));
    expect(err.code).toBe("UnsafeNextLink");
    expect(err.message).toMatch(/repeats a page already read/);
    expect(s.requests.length).toBeLessThanOrEqual(2);
  });

  it("a list that returns one account twice fails", async () => {
    const s = await server((_req, res, base, n) =>
      json(
        res,
        200,
        n === 1
          ? { value: [account("one"), account("two")], nextLink: `${base}/x?api-version=2024-07-01&$skiptoken=2` }
          : { value: [account("TWO")] },
      ),
    );
    const err = await rejection(listBatchAccounts({ subscriptionId: SUB }, over(s)));
    expect(err.code).toBe("InvalidResponse");
    expect(err.message).toMatch(/returned "\/subscriptions\/.*\/batchAccounts\/TWO" twice/);
  });
});

describe("only known transient failures are retried", () => {
  it("a header section past Node's limit (16 KiB) is final: one request", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-huge": "h".repeat(70_000) });
      res.end("{}");
    });
    const err = await rejection(getBatchAccount(GET, over(s)));
    expect(err.code).toBe("ConnectionFailed");
    expect(err.message).toMatch(/not valid HTTP \(HPE_HEADER_OVERFLOW/);
    expect(s.requests).toHaveLength(1);
  });
});

describe("a compressing gateway", () => {
  it.each(["gzip", "br", "deflate"])("answers in %s are decoded", async (encoding) => {
    const s = await server((_req, res) => {
      const body = Buffer.from(JSON.stringify(account(ACCOUNT)));
      const encoded =
        encoding === "gzip" ? zlib.gzipSync(body) : encoding === "br" ? zlib.brotliCompressSync(body) : zlib.deflateSync(body);
      res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding, "content-length": String(encoded.length) });
      res.end(encoded);
    });
    expect((await getBatchAccount(GET, over(s))).name).toBe(ACCOUNT);
    expect(s.requests[0]!.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });
});

describe("no silently ignored options", () => {
  it.each([
    ["provider", { provider: {} }, /The option provider is not supported .*pass `credential`, `endpoint` or `environment`/],
    ["parent", { parent: {} }, /The option parent is not supported .*use `dependsOn`/],
    ["version", { version: "1.2.3" }, /The option version is not supported/],
    ["pluginDownloadURL", { pluginDownloadURL: "https://x" }, /The option pluginDownloadURL is not supported/],
  ])("%s fails before any request, naming the option and what to use instead", async (name, extra, message) => {
    const s = await server((_req, res) => json(res, 200, account(ACCOUNT)));
    const err = await rejection(getBatchAccount(GET, { ...over(s), ...(extra as object) } as LookupOptions));
    expect(err.code).toBe("InvalidArgument");
    expect(err.target).toBe(`opts.${name}`);
    expect(err.message).toMatch(message);
    expect(s.requests).toHaveLength(0);
  });

  it("an unknown field of retry, timeouts or limits fails, naming the known ones", async () => {
    const err = await rejection(
      getBatchAccount(GET, {
        endpoint: "http://127.0.0.1:9",
        credential: new StaticTokenCredential("t"),
        limits: { maxBytes: 5 } as never,
      }),
    );
    expect(err.code).toBe("InvalidConfiguration");
    expect(err.message).toMatch(/Unknown option limits\.maxBytes: the known ones are maxResponseBytes, maxListBytes, maxListAccounts/);
  });
});

/** A minimal immutable TracingContext, as an OpenTelemetry context behaves. */
function context(values: Map<symbol, unknown>): TracingContext {
  return {
    getValue: (key) => values.get(key),
    setValue: (key, value) => context(new Map(values).set(key, value)),
    deleteValue: (key) => {
      const next = new Map(values);
      next.delete(key);
      return context(next);
    },
  };
}

describe("visible requests", () => {
  it("the user agent names the package's version, as its package.json states it", async () => {
    const s = await server((_req, res) => json(res, 200, account(ACCOUNT)));
    await getBatchAccount(GET, over(s, { credential: new StaticTokenCredential("ua-token") }));
    const { version } = require("../../package.json") as { version: string };
    expect(s.requests[0]!.headers["user-agent"]).toMatch(new RegExp(`^azure-batch-lookup/${version.replaceAll(".", "\\.")} `));
  });

  it("AZURE_LOG_LEVEL=info logs each request: method, URL, status, duration, request ids; Authorization redacted", async () => {
    const s = await server((_req, res) => json(res, 200, account(ACCOUNT), { "x-ms-request-id": "req-123" }));
    const lines: string[] = [];
    const original = AzureLogger.log;
    AzureLogger.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    setLogLevel("info");
    try {
      await getBatchAccount(GET, over(s, { credential: new StaticTokenCredential("secret-token-value") }));
    } finally {
      setLogLevel(undefined as never);
      AzureLogger.log = original;
    }
    const text = lines.join("\n");
    expect(text).toMatch(
      /azure:azure-batch-lookup:info GET http:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*batchAccounts\/sampleacct\?api-version=2024-07-01 -> 200 in \d+ ms \(x-ms-request-id: req-123, x-ms-client-request-id: [0-9a-f-]{36}\)/,
    );
    expect(text).toMatch(/azure:core-rest-pipeline:info Request: /);
    expect(text).toMatch(/"authorization": "REDACTED"/);
    expect(text).not.toContain("secret-token-value");
  });

  it("with an instrumenter (OpenTelemetry through @azure/core-tracing), each attempt is a span with its status", async () => {
    const s = await server((_req, res, _b, n) =>
      n === 1 ? json(res, 503, { error: { code: "ServiceUnavailable", message: "m" } }) : json(res, 200, account(ACCOUNT)),
    );
    const spans: Array<{ name: string; attributes: Record<string, unknown>; status?: unknown; ended: boolean }> = [];
    const instrumenter: Instrumenter = {
      startSpan(name, spanOptions) {
        const record = {
          name,
          attributes: { ...(spanOptions.spanAttributes ?? {}) } as Record<string, unknown>,
          status: undefined as unknown,
          ended: false,
        };
        spans.push(record);
        const span: TracingSpan = {
          setAttribute: (k, v) => void (record.attributes[k] = v),
          setStatus: (st) => void (record.status = st),
          end: () => void (record.ended = true),
          recordException: () => {},
          isRecording: () => true,
        };
        return { span, tracingContext: context(new Map()) };
      },
      withContext: (_ctx, callback, ...args) => callback(...args),
      parseTraceparentHeader: () => undefined,
      createRequestHeaders: () => ({ traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }),
    };
    useInstrumenter(instrumenter);
    try {
      await getBatchAccount(GET, over(s));
    } finally {
      useInstrumenter({
        ...instrumenter,
        startSpan: () => ({
          span: { setAttribute() {}, setStatus() {}, end() {}, recordException() {}, isRecording: () => false },
          tracingContext: context(new Map()),
        }),
      });
    }
    expect(spans.map((sp) => sp.name)).toEqual(["HTTP GET", "HTTP GET"]);
    expect(spans.map((sp) => sp.attributes["http.status_code"])).toEqual([503, 200]);
    expect(spans.every((sp) => sp.ended)).toBe(true);
    expect(s.requests[0]!.headers.traceparent).toBe("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  });
});
