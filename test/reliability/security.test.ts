/**
 * Security: the bearer token goes only to the configured ARM origin (a nextLink or a redirect to
 * another host, port or scheme is refused before anything is sent there), it never appears in
 * errors or output, plain http:// is refused unless the endpoint is loopback, and a token that
 * would split the Authorization header is never sent.
 */

import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_KINDS, type RunningEmulator, startEmulator } from "../../emulator";
import { BatchLookupError, closeClients, getBatchAccount, listBatchAccounts, StaticTokenCredential } from "../../provider";
import { NodeHttpClient } from "../../provider/pipeline/node-http-client";
import { TransportError } from "../../provider/pipeline/transport-errors";
import {
  ACCOUNT,
  captureOutput,
  optionsFor,
  RG,
  rejection,
  renderings,
  SUB,
  startPagedEmulator,
  startTripwire,
  type Tripwire,
} from "./helpers";

let trip: Tripwire;
let trip2: Tripwire | undefined;

beforeAll(async () => {
  trip = await startTripwire("127.0.0.1");
  // Another loopback address (another host); some systems only route 127.0.0.1.
  trip2 = await startTripwire("127.0.0.2").catch(() => undefined);
});

afterAll(async () => {
  await closeClients();
  await trip.close();
  await trip2?.close();
});

/** A credential that fails the test if a token is ever asked for. */
class ForbiddenCredential implements TokenCredential {
  asked = 0;
  async getToken(): Promise<AccessToken> {
    this.asked++;
    throw new Error("no token may be requested here");
  }
}

describe("nextLink pointing away from the ARM origin", () => {
  const cases: Array<[string, (emu: RunningEmulator) => string | undefined, "tripwire" | "tripwire2" | "emulator"]> = [
    ["another port", () => `https://127.0.0.1:${trip.port}`, "tripwire"],
    ["plain http, another port", () => `http://127.0.0.1:${trip.port}`, "tripwire"],
    ["plain http, same host and port", (emu) => `http://127.0.0.1:${emu.port}`, "emulator"],
    ["another host name for the same server", (emu) => `https://localhost:${emu.port}`, "emulator"],
    ["another host (127.0.0.2)", () => (trip2 === undefined ? undefined : `https://127.0.0.2:${trip2.port}`), "tripwire2"],
    ["the ARM host as user info of another host", (emu) => `https://127.0.0.1:${emu.port}@127.0.0.1:${trip.port}`, "tripwire"],
  ];

  for (const [label, origin, where] of cases) {
    it(`is refused before any request: ${label}`, async (ctx) => {
      const emu = await startPagedEmulator();
      try {
        const nextLinkOrigin = origin(emu);
        if (nextLinkOrigin === undefined) return ctx.skip();
        emu.setPaging({ nextLinkOrigin });
        const before = { trip: trip.connections(), trip2: trip2?.connections() ?? 0 };
        for (const args of [{ subscriptionId: SUB }, { subscriptionId: SUB, resourceGroupName: RG }]) {
          emu.clearStats();
          const err = await rejection(listBatchAccounts(args, optionsFor(emu)));
          expect(err.code).toBe("UnsafeNextLink");
          expect(err.message).toMatch(
            /the nextLink of a page points to .*, not the configured ARM endpoint https:\/\/127\.0\.0\.1:\d+; the bearer token is sent only to the ARM endpoint\. No partial list is returned\./,
          );
          // Only the first page was read, from the configured origin.
          expect(emu.stats().total).toBe(1);
        }
        if (where === "tripwire") expect(trip.connections()).toBe(before.trip);
        if (where === "tripwire2") expect(trip2?.connections()).toBe(before.trip2);
      } finally {
        await emu.stop();
      }
    });
  }

  it("a nextLink that repeats a page is refused (the list would never end)", async () => {
    const emu = await startPagedEmulator({ repeatNextLink: true });
    try {
      const err = await rejection(listBatchAccounts({ subscriptionId: SUB }, optionsFor(emu)));
      expect(err.code).toBe("UnsafeNextLink");
      expect(err.message).toMatch(/repeats a page already read/);
      expect(emu.stats().total).toBe(1);
    } finally {
      await emu.stop();
    }
  });
});

/** A plain-http loopback server whose answers the test decides. */
async function startScriptedServer(
  answer: (req: http.IncomingMessage, res: http.ServerResponse, base: string) => void,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  let base = "";
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    answer(req, res, base);
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function page(nextLink: string): string {
  return JSON.stringify({ value: [], nextLink });
}

describe("the token never follows a redirect or an odd nextLink", () => {
  it.each([301, 302, 307, 308])("a %i redirect to another origin is an error; the target sees nothing", async (status) => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(status, { location: `http://127.0.0.1:${trip.port}/steal` });
      res.end();
    });
    try {
      const before = trip.connections();
      const err = await rejection(
        getBatchAccount(
          { accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB },
          { endpoint: server.url, credential: new StaticTokenCredential("t0ken"), retry: { maxRetries: 1, baseDelayMs: 1 } },
        ),
      );
      expect(err.code).toBe(`Http${status}`);
      expect(err.message).toMatch(`HTTP ${status} with an empty body`);
      expect(server.requests).toHaveLength(1);
      expect(trip.connections()).toBe(before);
    } finally {
      await server.close();
    }
  });

  it.each([
    [
      "relative",
      (_base: string) => "/subscriptions/x/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01&$skiptoken=2",
      /is not an absolute URL/,
    ],
    ["protocol-relative", (_base: string) => `//127.0.0.1:${trip.port}/x`, /is not an absolute URL/],
    ["javascript:", (_base: string) => "javascript:alert(1)", /points to null/],
    ["file:", (_base: string) => "file:///etc/passwd", /points to null/],
    [
      "https on the same host and port",
      (base: string) => `${base.replace("http:", "https:")}/x`,
      /points to https:\/\/127\.0\.0\.1:\d+, not the configured ARM endpoint http:\/\/127\.0\.0\.1:\d+/,
    ],
  ])("a %s nextLink is refused", async (_label, next, message) => {
    const server = await startScriptedServer((_req, res, base) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(page(next(base)));
    });
    try {
      const before = trip.connections();
      const err = await rejection(
        listBatchAccounts({ subscriptionId: SUB }, { endpoint: server.url, credential: new StaticTokenCredential("t0ken") }),
      );
      expect(err.code).toBe("UnsafeNextLink");
      expect(err.message).toMatch(message);
      expect(server.requests).toHaveLength(1);
      expect(trip.connections()).toBe(before);
    } finally {
      await server.close();
    }
  });
});

describe("tokens never appear in errors or output", () => {
  const SECRET = `SECRET-${randomUUID()}`;
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startPagedEmulator({ acceptAnyToken: true });
  });
  afterAll(async () => {
    await emu.stop();
  });

  function expectNoSecret(text: string): void {
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/Bearer [^\s]/);
    expect(text.toLowerCase()).not.toContain("authorization:");
  }

  it("not in any error of any fault, on any operation (message, stack, JSON, util.inspect, cause), nor in output", async () => {
    const errors: unknown[] = [];
    const headersSeen: string[] = [];
    const { output } = await captureOutput(async () => {
      // One emulator per fault kind, all at once; on each, the fault hits every operation.
      await Promise.all(
        FAULT_KINDS.map(async (kind) => {
          const faulty = await startPagedEmulator({ acceptAnyToken: true, faults: [{ kind, delayMs: 2000 }] });
          try {
            const opts = optionsFor(faulty, {
              credential: new StaticTokenCredential(SECRET),
              retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10, totalTimeoutMs: 3000 },
            });
            await Promise.all(
              [
                getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, opts),
                listBatchAccounts({ subscriptionId: SUB }, opts),
                listBatchAccounts({ subscriptionId: SUB, resourceGroupName: RG }, opts),
              ].map((call) =>
                call.then(
                  () => errors.push(new Error(`${kind} unexpectedly succeeded`)),
                  (err: unknown) => errors.push(err),
                ),
              ),
            );
            headersSeen.push(...faulty.stats().authorizationHeaders);
          } finally {
            await faulty.stop();
          }
        }),
      );
      // Client-side failures too: an unsafe nextLink and a refused certificate.
      emu.setPaging({ nextLinkOrigin: `https://127.0.0.1:${trip.port}` });
      await listBatchAccounts({ subscriptionId: SUB }, optionsFor(emu, { credential: new StaticTokenCredential(SECRET) })).catch(
        (e: unknown) => errors.push(e),
      );
      emu.setPaging({ nextLinkOrigin: undefined });
      await getBatchAccount(
        { accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB },
        { ...optionsFor(emu, { credential: new StaticTokenCredential(SECRET) }), ca: undefined },
      ).catch((e: unknown) => errors.push(e));
    });
    expect(errors.length).toBe(FAULT_KINDS.length * 3 + 2);
    for (const err of errors) {
      expect(err).toBeInstanceOf(BatchLookupError);
      expectNoSecret(renderings(err));
    }
    expectNoSecret(output);
    // The test is not vacuous: the secret really was sent, to the emulators only.
    expect(headersSeen).toContain(`Bearer ${SECRET}`);
    expect(emu.stats().authorizationHeaders).toEqual([`Bearer ${SECRET}`]);
    expect(trip.connections()).toBe(0);
  });

  it("a token with a line break is never sent (it would split the header), and is not quoted in the error", async () => {
    const evil = `${SECRET}\r\nX-Injected: 1`;
    emu.clearStats();
    const err = await rejection(
      getBatchAccount(
        { accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB },
        optionsFor(emu, { credential: new StaticTokenCredential(evil) }),
      ),
    );
    expect(err.code).toBe("CredentialUnavailable");
    expect(err.message).toMatch(/cannot be sent in an HTTP header/);
    expectNoSecret(renderings(err));
    expect(emu.stats().total).toBe(0);
  });
});

describe("plain http:// is refused unless the endpoint is loopback", () => {
  it.each([
    "http://management.azure.com",
    "http://example.com:8080",
    "http://10.0.0.1",
    "http://192.168.1.10:443",
    "http://0.0.0.0:8080",
    "http://127.0.0.1.nip.io",
    "http://localhost.example.com",
    "http://[::ffff:a00:1]",
    "ftp://127.0.0.1",
    "ws://127.0.0.1:80",
  ])("%s is refused before any token or request", async (endpoint) => {
    const credential = new ForbiddenCredential();
    const err = await rejection(
      getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, { endpoint, credential }),
    );
    expect(err.code).toBe("InvalidConfiguration");
    expect(err.message).toMatch(/must use https:\/\/ \(plain http:\/\/ is accepted only for loopback addresses/);
    expect(credential.asked).toBe(0);
  });

  it("the same holds for an endpoint from the environment", async () => {
    const saved = process.env.ARM_RESOURCE_MANAGER_ENDPOINT;
    process.env.ARM_RESOURCE_MANAGER_ENDPOINT = "http://management.azure.com";
    try {
      const credential = new ForbiddenCredential();
      const err = await rejection(getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, { credential }));
      expect(err.code).toBe("InvalidConfiguration");
      expect(err.message).toMatch(/\(from ARM_RESOURCE_MANAGER_ENDPOINT\) must use https:\/\//);
      expect(credential.asked).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.ARM_RESOURCE_MANAGER_ENDPOINT;
      else process.env.ARM_RESOURCE_MANAGER_ENDPOINT = saved;
    }
  });

  it("plain http to a loopback emulator works (127.0.0.1 and localhost)", async () => {
    const emu = await startEmulator({ https: false, pageSize: 2 });
    try {
      for (const endpoint of [emu.url, emu.url.replace("127.0.0.1", "localhost")]) {
        const opts = { endpoint, credential: new StaticTokenCredential("azure-batch-lookup-emulator-token") };
        const account = await getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, opts);
        expect(account.name).toBe(ACCOUNT);
        expect((await listBatchAccounts({ subscriptionId: SUB }, opts)).value).toHaveLength(5);
      }
    } finally {
      await emu.stop();
    }
  });
});

describe("transport guards", () => {
  it("an untrusted certificate fails at once (never retried), naming the cause and the `ca` option", async () => {
    const emu = await startPagedEmulator();
    try {
      const err = await rejection(
        getBatchAccount(
          { accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB },
          { ...optionsFor(emu), ca: undefined, retry: { maxRetries: 4, baseDelayMs: 1000 } },
        ),
      );
      expect(err.code).toBe("ConnectionFailed");
      expect(err.message).toMatch(
        /failed: the server's TLS certificate was not accepted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY): .*pass its CA certificate in the `ca` option or NODE_EXTRA_CA_CERTS/,
      );
      // One attempt: a retried lookup's message says "failed after N attempts" (maxRetries is 4 here).
      expect(err.message).not.toMatch(/after \d+ attempts/);
      // And no HTTP request got through.
      expect(emu.stats().total).toBe(0);
    } finally {
      await emu.stop();
    }
  });

  it("a header value with a line break cannot split the request: the pipeline's headers keep it on one line", async () => {
    // The SDK's HttpHeaders drop CR and LF from values, and the credential guard refuses such a
    // token before that (see "a token with a line break is never sent").
    const emu = await startEmulator({ acceptAnyToken: true });
    const transport = new NodeHttpClient({ ca: emu.caCertPem! });
    try {
      const url = `${emu.url}/subscriptions/${SUB}/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01`;
      const res = await transport.sendRequest(
        createPipelineRequest({ url, headers: createHttpHeaders({ authorization: "Bearer x\r\ny: 1" }) }),
      );
      (res.readableStreamBody as NodeJS.ReadableStream & { destroy(): void }).destroy();
      expect(emu.stats().authorizationHeaders).toEqual(["Bearer xy: 1"]);
    } finally {
      await transport.close();
      await emu.stop();
    }
  });

  it("an attempt ends at attemptMs when the server never answers, whatever the headers timeout", async () => {
    const emu = await startEmulator({});
    emu.injectFault({ kind: "slow-headers", delayMs: 20_000 });
    const transport = new NodeHttpClient({ ca: emu.caCertPem!, timeouts: { attemptMs: 300, headersMs: 60_000, bodyMs: 60_000 } });
    try {
      const url = `${emu.url}/subscriptions/${SUB}/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01`;
      const err = await transport.sendRequest(createPipelineRequest({ url })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect((err as TransportError).failure).toBe("timeout");
      expect((err as TransportError).code).toBe("ATTEMPT_TIMEOUT");
      expect((err as TransportError).message).toBe("no complete response within 300 ms");
    } finally {
      void transport.close().catch(() => {});
      await emu.stop();
    }
  });
});
