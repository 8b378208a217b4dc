/**
 * Property-based tests (fast-check) of whole answers: any status, headers and body map to a
 * BatchLookupError that names the lookup and the status, and random responses over HTTP end, through
 * the whole pipeline, in the exact model (account-oracle.ts) or a BatchLookupError.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchLookupError, closeClients, getBatchAccount, listBatchAccounts, StaticTokenCredential } from "../../provider";
import { armAdvice, describeTarget, errorFromResponse, parseArmError } from "../../provider/client/response-errors";
import { fakeResponse } from "../support/pipeline-response";
import { expectedModel, expectedPage, mutatedAccountBody, validAccountBody } from "./account-oracle";
import { ACCOUNT, RG, PROPERTY_RUNS as RUNS, SUB } from "./helpers";

// ---------------------------------------------------------------------------------------------
// Error mapping and the whole pipeline

const statusArb = fc.constantFrom(200, 200, 200, 201, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504, 418);
const headerValue = fc.oneof(fc.constant(undefined), fc.string(), fc.array(fc.string(), { maxLength: 2 }));
const retryAfter = fc.oneof(
  fc.constant(undefined),
  fc.nat(100).map(String),
  fc.string(),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom("-1", "1.5", "Sun, 06 Nov 1994 08:49:37 GMT", "0"),
);

describe("error mapping (property-based)", () => {
  it("any status, headers and body map to a BatchLookupError that names the lookup and the status", () => {
    const armBody = fc.record(
      {
        error: fc.record(
          {
            code: fc.oneof(fc.string(), fc.jsonValue()),
            message: fc.oneof(fc.string(), fc.jsonValue()),
            target: fc.jsonValue(),
            details: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const bodyText = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      armBody.map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        bodyText,
        fc.dictionary(fc.string(), headerValue, { maxKeys: 4 }),
        headerValue,
        headerValue,
        (status, body, headers, requestId, contentType) => {
          const res = fakeResponse(status, body, { ...headers, "x-ms-request-id": requestId, "content-type": contentType });
          expect(() => parseArmError(body)).not.toThrow();
          const target = { subscriptionId: SUB, resourceGroupName: RG, accountName: ACCOUNT };
          const err = errorFromResponse(res, describeTarget(target), 2, armAdvice(target));
          expect(err).toBeInstanceOf(BatchLookupError);
          expect(typeof err.code).toBe("string");
          expect(err.statusCode).toBe(status);
          expect(err.message).toContain(`Batch account "${ACCOUNT}"`);
          expect(err.message).toContain("after 2 attempts");
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("whole pipeline over HTTP (property-based)", () => {
  let server: http.Server;
  let endpoint: string;
  let next: { status: number; headers: Record<string, string>; body: string } = { status: 200, headers: {}, body: "" };

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(next.status, next.headers);
      res.end(next.body);
    });
    await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeClients();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("random responses end in the exact model or a BatchLookupError, for Get and List", async () => {
    const body = fc.oneof(
      validAccountBody.map((b) => JSON.stringify(b)),
      mutatedAccountBody.map((b) => JSON.stringify(b) ?? ""),
      fc.tuple(validAccountBody, fc.nat()).map(([b, n]) => JSON.stringify(b).slice(0, n % 200)),
      fc.array(validAccountBody, { maxLength: 3 }).map((value) => JSON.stringify({ value })),
      fc.string(),
      fc.constantFrom("", "null", "[]", "{}", "<html><body>502 Bad Gateway</body></html>", '{"error":{"code":"X","message":"m"}}'),
    );
    const opts = {
      endpoint,
      credential: new StaticTokenCredential("t0ken"),
      // A second attempt at most, and too little time to wait for any Retry-After of a second or more.
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2, totalTimeoutMs: 400 },
      timeouts: { headersMs: 1000, bodyMs: 1000, attemptMs: 1000, connectMs: 1000 },
    };
    await fc.assert(
      fc.asyncProperty(
        statusArb,
        body,
        retryAfter,
        fc.constantFrom("application/json", "text/html", "application/json; charset=utf-8", ""),
        fc.boolean(),
        async (status, text, ra, type, list) => {
          next = {
            status,
            body: text,
            headers: { ...(type === "" ? {} : { "content-type": type }), ...(ra === undefined ? {} : { "retry-after": ra }) },
          };
          const call = list
            ? listBatchAccounts({ subscriptionId: SUB }, opts)
            : getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, opts);
          const outcome = await call.then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
          if ("error" in outcome) {
            expect(outcome.error, String(outcome.error)).toBeInstanceOf(BatchLookupError);
            return;
          }
          expect(status).toBe(200);
          const parsed = JSON.parse(text) as unknown;
          if (list) {
            // One page (no nextLink: a nextLink here would point back to the same URL and repeat).
            const page = expectedPage(parsed);
            expect(outcome.value).toEqual({ value: page.value });
          } else {
            expect(outcome.value).toEqual(expectedModel(parsed));
          }
        },
      ),
      { numRuns: Math.max(50, Math.round(RUNS / 2)) },
    );
  });
});
