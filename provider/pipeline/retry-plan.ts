// The facts retries are decided on: which statuses are transient, how long a server asks to wait,
// and the capped exponential backoff with jitter used when it does not say.

import type { RetryOptions } from "../settings/client-options";

/** 408, 429, 500, 502, 503 and 504 are transient in ARM; other statuses are answers. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** A non-negative decimal number: digits, and a fraction if any (no sign, no exponent). */
const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110, 10.2.3); undefined when
 * absent or unreadable. Fractional seconds ("1.5") are honoured, as the Azure SDK reads them.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (DECIMAL.test(text)) return Math.ceil(Number(text) * 1000);
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
  return DECIMAL.test(text) ? Math.ceil(Number(text)) : undefined;
}

/** The wait a throttled answer asks for: Azure's millisecond headers first, then Retry-After. */
export function serverRetryAfterMs(response: { headers: { get(name: string): string | undefined } }): number | undefined {
  const { headers } = response;
  return (
    parseRetryAfterMs(headers.get("retry-after-ms")) ??
    parseRetryAfterMs(headers.get("x-ms-retry-after-ms")) ??
    parseRetryAfter(headers.get("retry-after"))
  );
}

/** Exponential backoff with full jitter: uniformly between half and all of min(max, base * 2^retry). */
export function backoffDelay(retry: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
