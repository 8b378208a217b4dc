import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BatchLookupError } from "../../../provider/errors";
import { retryPolicy } from "../../../provider/pipeline/retry-policy";
import { DEFAULT_TIMEOUTS, TransportError } from "../../../provider/pipeline/transport-errors";
import { requestWithContext, response } from "./fakes";

const RETRY = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, totalTimeoutMs: 60_000 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function policy() {
  return retryPolicy({ retry: RETRY, timeouts: DEFAULT_TIMEOUTS, random: () => 1 });
}

describe("retry policy", () => {
  it("waits exactly Retry-After seconds after a 429, then returns the 200", async () => {
    const { request, context } = requestWithContext();
    const times: number[] = [];
    const answers = [response(request, 429, { "retry-after": "7" }, "{}"), response(request, 200, {}, "{}")];
    const pending = policy().sendRequest(request, async () => {
      context.attempts++;
      times.push(Date.now());
      return answers.shift()!;
    });
    await vi.advanceTimersByTimeAsync(6999);
    expect(times).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
    expect(times[1]! - times[0]!).toBe(7000);
  });

  it("reads an HTTP-date Retry-After and Azure's retry-after-ms", async () => {
    const { request } = requestWithContext();
    const date = new Date(Date.now() + 3000).toUTCString();
    const answers = [
      response(request, 503, { "retry-after": date }, ""),
      response(request, 429, { "retry-after-ms": "250" }, ""),
      response(request, 200, {}, "{}"),
    ];
    const times: number[] = [];
    const pending = policy().sendRequest(request, async () => {
      times.push(Date.now());
      return answers.shift()!;
    });
    await vi.advanceTimersByTimeAsync(5000);
    expect((await pending).status).toBe(200);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2000);
    expect(times[1]! - times[0]!).toBeLessThanOrEqual(3000);
    expect(times[2]! - times[1]!).toBe(250);
  });

  it("ignores a negative or fractional Retry-After and backs off instead", async () => {
    for (const value of ["-5", "1.5", "soon"]) {
      const { request } = requestWithContext();
      const answers = [response(request, 503, { "retry-after": value }, ""), response(request, 200, {}, "{}")];
      const times: number[] = [];
      const pending = policy().sendRequest(request, async () => {
        times.push(Date.now());
        return answers.shift()!;
      });
      await vi.advanceTimersByTimeAsync(1000);
      await pending;
      // random() = 1: the whole first backoff step.
      expect(times[1]! - times[0]!, value).toBe(100);
    }
  });

  it("a Retry-After past the total timeout fails at once, saying so", async () => {
    const { request, context } = requestWithContext();
    context.attempts = 1;
    const err = await policy()
      .sendRequest(request, async () =>
        response(request, 429, { "retry-after": "99999999" }, JSON.stringify({ error: { code: "TooManyRequests", message: "slow down" } })),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchLookupError);
    expect((err as BatchLookupError).code).toBe("TooManyRequests");
    expect((err as BatchLookupError).message).toMatch(
      /Retries stopped: waiting the requested 99999999 s would pass the total timeout of 60000 ms/,
    );
  });

  it.each([408, 500, 502, 503, 504])("retries %i, then fails with ARM's error after maxRetries", async (status) => {
    const { request, context } = requestWithContext();
    const pending = policy()
      .sendRequest(request, async () => {
        context.attempts++;
        return response(request, status, {}, JSON.stringify({ error: { code: `E${status}`, message: "m" } }));
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const err = (await pending) as BatchLookupError;
    expect(err.code).toBe(`E${status}`);
    expect(context.attempts).toBe(4);
    expect(err.message).toMatch("after 4 attempts");
  });

  it.each([400, 401, 403, 404, 409, 204, 301, 304])("does not retry %i", async (status) => {
    const { request, context } = requestWithContext();
    const err = await policy()
      .sendRequest(request, async () => {
        context.attempts++;
        return response(request, status, {}, "");
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchLookupError);
    expect((err as BatchLookupError).statusCode).toBe(status);
    expect(context.attempts).toBe(1);
  });

  it("retries the known transient connection failures and timeouts", async () => {
    for (const code of [
      "ECONNRESET",
      "ECONNREFUSED",
      "EPIPE",
      "ETIMEDOUT",
      "EHOSTUNREACH",
      "EAI_AGAIN",
      "CONNECT_TIMEOUT",
      "HEADERS_TIMEOUT",
      "BODY_TIMEOUT",
      "ATTEMPT_TIMEOUT",
    ]) {
      const { request } = requestWithContext();
      let calls = 0;
      const pending = policy().sendRequest(request, async () => {
        if (calls++ === 0) throw Object.assign(new Error("boom"), { code });
        return response(request, 200, {}, "{}");
      });
      await vi.advanceTimersByTimeAsync(1000);
      expect((await pending).status, code).toBe(200);
      expect(calls, code).toBe(2);
    }
  });

  it("retries a proxy that could not be reached, or could not reach ARM, and names the proxy at the end", async () => {
    const { request, context } = requestWithContext();
    let calls = 0;
    const pending = policy()
      .sendRequest(request, async () => {
        calls++;
        context.attempts++;
        throw new TransportError(
          "proxy",
          "could not reach the proxy http://proxy.example:3128 (ECONNREFUSED: connect ECONNREFUSED)",
          "ECONNREFUSED",
          true,
        );
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const err = (await pending) as BatchLookupError;
    expect(calls).toBe(RETRY.maxRetries + 1);
    expect(err.code).toBe("ConnectionFailed");
    expect(err.message).toMatch(/failed after 4 attempts: could not reach the proxy http:\/\/proxy.example:3128 \(ECONNREFUSED/);
  });

  it("does not retry anything else: header overflow, a string too long, a closed client, an unknown error", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [Object.assign(new Error("Parse Error: Header overflow"), { code: "HPE_HEADER_OVERFLOW" }), /not valid HTTP \(HPE_HEADER_OVERFLOW/],
      [Object.assign(new Error("Parse Error: Expected HTTP/"), { code: "HPE_INVALID_CONSTANT" }), /not valid HTTP \(HPE_INVALID_CONSTANT/],
      [
        Object.assign(new Error("Invalid character in header content"), { code: "ERR_INVALID_CHAR" }),
        /request could not be sent \(ERR_INVALID_CHAR/,
      ],
      [Object.assign(new Error("getaddrinfo ENOTFOUND arm.example"), { code: "ENOTFOUND" }), /request failed \(ENOTFOUND/],
      [
        Object.assign(new Error("Cannot create a string longer than 0x1fffffe8 characters"), { code: "ERR_STRING_TOO_LONG" }),
        /ERR_STRING_TOO_LONG/,
      ],
      [new TransportError("client", "the HTTP client was closed", "CLIENT_CLOSED"), /the HTTP client was closed/],
      [
        new TransportError("proxy", "the proxy http://proxy.example:3128 refused the tunnel to arm.example:443 with HTTP 407", "PROXY_407"),
        /the proxy http:\/\/proxy.example:3128 refused the tunnel/,
      ],
      [new TypeError("x is not a function"), /request failed \(unknown error: x is not a function/],
      [
        new TransportError("certificate", "the server's TLS certificate was not accepted", "CERT_HAS_EXPIRED"),
        /certificate was not accepted/,
      ],
    ];
    for (const [thrown, message] of cases) {
      const { request, context } = requestWithContext();
      let calls = 0;
      const err = await policy()
        .sendRequest(request, async () => {
          calls++;
          context.attempts++;
          throw thrown;
        })
        .catch((e: unknown) => e);
      expect(err, String(thrown)).toBeInstanceOf(BatchLookupError);
      expect((err as BatchLookupError).code).toBe("ConnectionFailed");
      expect((err as BatchLookupError).message).toMatch(message);
      expect(calls).toBe(1);
    }
  });

  it("passes a BatchLookupError from below through unchanged (a cap, a bad encoding)", async () => {
    const { request } = requestWithContext();
    const cap = new BatchLookupError({ code: "ResponseTooLarge", message: "big" });
    let calls = 0;
    const err = await policy()
      .sendRequest(request, async () => {
        calls++;
        throw cap;
      })
      .catch((e: unknown) => e);
    expect(err).toBe(cap);
    expect(calls).toBe(1);
  });

  it("a backoff ends when the lookup's signal aborts", async () => {
    const { request } = requestWithContext();
    const controller = new AbortController();
    request.abortSignal = controller.signal;
    let calls = 0;
    const pending = policy()
      .sendRequest(request, async () => {
        calls++;
        return response(request, 503, {}, "");
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const err = (await pending) as BatchLookupError;
    expect(err).toBeInstanceOf(BatchLookupError);
    expect(calls).toBe(1);
  });
});
