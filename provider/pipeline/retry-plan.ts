// Which failures are retried, and how long to wait: ARM's throttling (429 with Retry-After),
// transient statuses and broken connections, with capped exponential backoff and full jitter,
// bounded in attempts and in total time.

export interface RetryOptions {
  /** Retries after the first attempt. Default 4 (5 attempts). */
  maxRetries?: number;
  /** First backoff step. Default 1000 ms. */
  baseDelayMs?: number;
  /** Longest backoff between two attempts (a longer Retry-After is still honoured). Default 30 s. */
  maxDelayMs?: number;
  /** Longest time one lookup may take, every attempt and wait included. Default 120 s. */
  totalTimeoutMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  totalTimeoutMs: 120_000,
};

/** 408, 429, 500, 502, 503 and 504 are transient in ARM; other statuses are answers. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110, 10.2.3); undefined when
 * absent or unreadable (a negative or fractional number is neither form, so it is ignored).
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names its weekday and month ("Sun, 06 Nov 1994 08:49:37 GMT").
  if (!/^[A-Za-z]{3},? /.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Azure's millisecond variants (`retry-after-ms`, `x-ms-retry-after-ms`), as the Azure SDK reads them. */
export function parseRetryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Exponential backoff with full jitter: uniformly between half and all of min(max, base * 2^retry). */
export function backoffDelay(retry: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type RetryPlan = { retry: true; delayMs: number } | { retry: false; reason: "attempts" | "time" };

/**
 * Decides whether a transient failure is retried. `retry` counts retries already made;
 * `retryAfterMs` is the server's request, which replaces the backoff step.
 */
export function planRetry(
  retry: number,
  elapsedMs: number,
  retryAfterMs: number | undefined,
  options: Required<RetryOptions>,
  random?: () => number,
): RetryPlan {
  if (retry >= options.maxRetries) return { retry: false, reason: "attempts" };
  const delayMs = retryAfterMs ?? backoffDelay(retry, options, random);
  if (elapsedMs + delayMs >= options.totalTimeoutMs) return { retry: false, reason: "time" };
  return { retry: true, delayMs };
}
