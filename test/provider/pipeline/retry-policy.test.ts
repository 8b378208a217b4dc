import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BatchLookupError } from "../../../provider/errors";
import { resourceGraphRetryAfter } from "../../../provider/operations/resource-graph-query";
import { BodyTooLarge, DeadlineExceeded, OriginRefused, RetryPastDeadline } from "../../../provider/pipeline/failures";
import { retryPolicy } from "../../../provider/pipeline/retry-policy";
import {
  decideRetry,
  defaultRetryStrategies,
  exponentialStrategy,
  throttlingStrategy,
  transportFailureStrategy,
} from "../../../provider/pipeline/retry-strategies";
import { TransportError } from "../../../provider/pipeline/transport-errors";
import { DEFAULT_TIMEOUTS } from "../../../provider/settings/client-options";
import { asLookupError, failedRead, requestWithSettings, response } from "./fakes";

const RETRY = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, totalTimeoutMs: 60_000 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function policy() {
  return retryPolicy({ strategies: defaultRetryStrategies(RETRY, () => 1), maxRetries: RETRY.maxRetries, timeouts: DEFAULT_TIMEOUTS });
}

describe("retry strategies", () => {
  const request = requestWithSettings().request;
  const error = new TransportError("connection", "reset", "ECONNRESET");
  const certificate = new TransportError("certificate", "bad certificate", "CERT_HAS_EXPIRED");

  it("throttling takes the server's wait for a transient status, and skips everything else", () => {
    const throttling = throttlingStrategy();
    expect(throttling.decide({ retryCount: 0, response: response(request, 429), serverWaitMs: 1500 })).toEqual({
      kind: "retry",
      delayMs: 1500,
      serverAsked: true,
    });
    expect(throttling.decide({ retryCount: 0, response: response(request, 429) }).kind).toBe("skip");
    expect(throttling.decide({ retryCount: 0, response: response(request, 404), serverWaitMs: 1500 }).kind).toBe("skip");
    expect(throttling.decide({ retryCount: 0, transportError: error }).kind).toBe("skip");
  });

  it("transport failures: transient ones back off, others are final, answers are skipped", () => {
    const transport = transportFailureStrategy(RETRY, () => 1);
    expect(transport.decide({ retryCount: 2, transportError: error })).toEqual({ kind: "retry", delayMs: 400, serverAsked: false });
    expect(transport.decide({ retryCount: 0, transportError: certificate }).kind).toBe("final");
    expect(transport.decide({ retryCount: 0, response: response(request, 503) }).kind).toBe("skip");
  });

  it("exponential: transient statuses back off, other statuses are final", () => {
    const exponential = exponentialStrategy(RETRY, () => 0);
    // Half of min(max, base * 2^retry) with random() = 0.
    expect(exponential.decide({ retryCount: 3, response: response(request, 500) })).toEqual({
      kind: "retry",
      delayMs: 400,
      serverAsked: false,
    });
    expect(exponential.decide({ retryCount: 0, response: response(request, 409) }).kind).toBe("final");
  });

  it("composed in order: the first that decides wins; all skipping is final", () => {
    const strategies = defaultRetryStrategies(RETRY, () => 1);
    expect(decideRetry(strategies, { retryCount: 0, response: response(request, 503), serverWaitMs: 2000 })).toMatchObject({
      delayMs: 2000,
    });
    expect(decideRetry(strategies, { retryCount: 0, response: response(request, 503) })).toMatchObject({ delayMs: 100 });
    expect(decideRetry([], { retryCount: 0, response: response(request, 503) }).kind).toBe("final");
  });

  it("Resource Graph's 429 waits for the later of Retry-After and the quota reset", () => {
    const reset = { "x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": "00:00:04" };
    expect(resourceGraphRetryAfter(response(request, 429, { ...reset, "retry-after": "1" }))).toBe(4000);
    expect(resourceGraphRetryAfter(response(request, 429, { ...reset, "retry-after": "9" }))).toBe(9000);
    expect(resourceGraphRetryAfter(response(request, 429, reset))).toBe(4000);
    expect(resourceGraphRetryAfter(response(request, 429, { "retry-after": "2.5" }))).toBe(2500);
    // The quota headers ride on every answer: only a 429 waits for the reset.
    expect(resourceGraphRetryAfter(response(request, 503, reset))).toBeUndefined();
  });
});

describe("retry policy", () => {
  it("waits exactly Retry-After seconds after a 429, then returns the 200", async () => {
    const { request } = requestWithSettings();
    const times: number[] = [];
    const answers = [response(request, 429, { "retry-after": "7" }, "{}"), response(request, 200, {}, "{}")];
    const pending = policy().sendRequest(request, async () => {
      times.push(Date.now());
      return answers.shift()!;
    });
    await vi.advanceTimersByTimeAsync(6999);
    expect(times).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
    expect(times[1]! - times[0]!).toBe(7000);
  });

  it("reads an HTTP-date Retry-After, a fractional one, and Azure's retry-after-ms", async () => {
    const { request } = requestWithSettings();
    const date = new Date(Date.now() + 3000).toUTCString();
    const answers = [
      response(request, 503, { "retry-after": date }, ""),
      response(request, 429, { "retry-after": "1.5" }, ""),
      response(request, 429, { "retry-after-ms": "250" }, ""),
      response(request, 200, {}, "{}"),
    ];
    const times: number[] = [];
    const pending = policy().sendRequest(request, async () => {
      times.push(Date.now());
      return answers.shift()!;
    });
    await vi.advanceTimersByTimeAsync(6000);
    expect((await pending).status).toBe(200);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2000);
    expect(times[1]! - times[0]!).toBeLessThanOrEqual(3000);
    expect(times[2]! - times[1]!).toBe(1500);
    expect(times[3]! - times[2]!).toBe(250);
  });

  it("an operation's own reader replaces the standard headers", async () => {
    const { request } = requestWithSettings(undefined, { retryAfter: () => 4200 });
    const answers = [response(request, 429, { "retry-after": "1" }, ""), response(request, 200, {}, "{}")];
    const times: number[] = [];
    const pending = policy().sendRequest(request, async () => {
      times.push(Date.now());
      return answers.shift()!;
    });
    await vi.advanceTimersByTimeAsync(5000);
    await pending;
    expect(times[1]! - times[0]!).toBe(4200);
  });

  it("ignores a negative or unreadable Retry-After and backs off instead", async () => {
    for (const value of ["-5", "1e3", "soon"]) {
      const { request } = requestWithSettings();
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

  it("a Retry-After past the total timeout stops at once, with the answer and the wait", async () => {
    const { request } = requestWithSettings();
    let calls = 0;
    const err = await policy()
      .sendRequest(request, async () => {
        calls++;
        return response(request, 429, { "retry-after": "99999999" }, "{}");
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryPastDeadline);
    expect((err as RetryPastDeadline).serverWaitMs).toBe(99_999_999_000);
    expect(((err as RetryPastDeadline).outcome as { status: number }).status).toBe(429);
    expect(calls).toBe(1);
  });

  it.each([408, 500, 502, 503, 504])("retries %i, then returns the last answer after maxRetries", async (status) => {
    const { request } = requestWithSettings();
    let calls = 0;
    const pending = policy().sendRequest(request, async () => {
      calls++;
      return response(request, status, {}, "");
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await pending).status).toBe(status);
    expect(calls).toBe(4);
  });

  it.each([400, 401, 403, 404, 409, 204, 301, 304])("does not retry %i: the answer is returned at once", async (status) => {
    const { request } = requestWithSettings();
    let calls = 0;
    const answer = await policy().sendRequest(request, async () => {
      calls++;
      return response(request, status, {}, "");
    });
    expect(answer.status).toBe(status);
    expect(calls).toBe(1);
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
      const thrown = Object.assign(new Error("boom"), { code });
      const { request } = requestWithSettings();
      let calls = 0;
      const pending = policy().sendRequest(request, async () => {
        if (calls++ === 0) throw thrown;
        return response(request, 200, {}, "{}");
      });
      await vi.advanceTimersByTimeAsync(1000);
      expect((await pending).status, String(thrown)).toBe(200);
      expect(calls, String(thrown)).toBe(2);
    }
  });

  it("retries a proxy that could not be reached, or could not reach ARM, and names the proxy at the end", async () => {
    const { request } = requestWithSettings();
    let calls = 0;
    const pending = policy()
      .sendRequest(request, async () => {
        calls++;
        throw new TransportError(
          "proxy",
          "could not reach the proxy http://proxy.example:3128 (ECONNREFUSED: connect ECONNREFUSED)",
          "ECONNREFUSED",
          true,
        );
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const failure = await pending;
    expect(failure).toBeInstanceOf(TransportError);
    expect(calls).toBe(RETRY.maxRetries + 1);
    const err = asLookupError(failure, failedRead(calls));
    expect(err.code).toBe("ProxyFailed");
    expect(err.message).toMatch(/failed after 4 attempts: could not reach the proxy http:\/\/proxy.example:3128 \(ECONNREFUSED/);
  });

  it("does not retry other failures below HTTP: they leave as TransportErrors after one attempt", async () => {
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
      const { request } = requestWithSettings();
      let calls = 0;
      const err = await policy()
        .sendRequest(request, async () => {
          calls++;
          throw thrown;
        })
        .catch((e: unknown) => e);
      expect(err, String(thrown)).toBeInstanceOf(TransportError);
      expect((err as TransportError).transient).toBe(false);
      expect((err as TransportError).message).toMatch(message);
      expect(calls).toBe(1);
    }
  });

  it("passes this library's own failures from below through unchanged (a cap, an origin, a credential)", async () => {
    const request = requestWithSettings().request;
    for (const failure of [
      new BodyTooLarge(response(request, 200), 10),
      new OriginRefused("https://elsewhere.example", "https://management.azure.com"),
      new BatchLookupError({ code: "CredentialUnavailable", message: "no" }),
    ]) {
      let calls = 0;
      const err = await policy()
        .sendRequest(request, async () => {
          calls++;
          throw failure;
        })
        .catch((e: unknown) => e);
      expect(err).toBe(failure);
      expect(calls).toBe(1);
    }
  });

  it("a backoff ends when the lookup's signal aborts", async () => {
    const { request } = requestWithSettings();
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
    expect(await pending).toBeInstanceOf(DeadlineExceeded);
    expect(calls).toBe(1);
  });
});
