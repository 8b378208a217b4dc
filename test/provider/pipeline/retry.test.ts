import { describe, expect, it } from "vitest";
import { backoffDelay, isTransientStatus, parseRetryAfter } from "../../../provider/pipeline/retry-plan";
import { DEFAULT_RETRY } from "../../../provider/settings/client-options";

const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, maxRetries: 3, totalTimeoutMs: 5000 };

describe("retry decisions", () => {
  it("treats 408, 429, 500, 502, 503 and 504 as transient, and nothing else", () => {
    const transient = [408, 429, 500, 502, 503, 504];
    for (let status = 100; status < 600; status++) expect(isTransientStatus(status)).toBe(transient.includes(status));
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-11-21T10:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter(["3"], now)).toBe(3000);
    expect(parseRetryAfter("Sat, 21 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Sat, 21 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(2, options, () => 1)).toBe(400);
    expect(backoffDelay(10, options, () => 1)).toBe(1000);
    expect(backoffDelay(10, options, () => 0)).toBe(500);
  });
});
