// Azure Resource Graph's per-user throttling: every answer reports the queries left in the
// current window (x-ms-user-quota-remaining) and when the window resets
// (x-ms-user-quota-resets-after, a .NET TimeSpan "hh:mm:ss"). The client waits for the reset
// before the next query when none are left, and after a 429.

import { type HeaderSource, header } from "./headers";

export interface ResourceGraphQuotaState {
  /** Queries left in the window; undefined when the header is absent or unreadable. */
  remaining?: number;
  /** Milliseconds until the window resets; undefined when the header is absent or unreadable. */
  resetsAfterMs?: number;
}

// [d.]hh:mm:ss[.fffffff], as .NET formats a TimeSpan.
const TIME_SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/** A TimeSpan such as "00:00:03", "1.02:00:00" or "00:00:04.5" in ms; undefined when it is not one. */
export function parseTimeSpan(value: string): number | undefined {
  const m = TIME_SPAN.exec(value.trim());
  if (!m) return undefined;
  const [, days, hours, minutes, seconds, fraction] = m;
  if (Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const whole = Number(days ?? 0) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
  return Math.round((whole + (fraction ? Number(`0.${fraction}`) : 0)) * 1000);
}

export function parseQuotaHeaders(headers: HeaderSource): ResourceGraphQuotaState {
  const state: ResourceGraphQuotaState = {};
  const remaining = header(headers, "x-ms-user-quota-remaining")?.trim();
  if (remaining !== undefined && /^\d+$/.test(remaining)) state.remaining = Number(remaining);
  const resets = header(headers, "x-ms-user-quota-resets-after");
  const ms = resets === undefined ? undefined : parseTimeSpan(resets);
  if (ms !== undefined) state.resetsAfterMs = ms;
  return state;
}

/**
 * How long to wait before the next query, from an answer's headers: after a 429, until the quota
 * resets (undefined when ARG did not say: the caller falls back to Retry-After or its backoff);
 * otherwise 0, or until the reset when the answer used the last query of the window.
 */
export function resourceGraphWaitMs(status: number, headers: HeaderSource): number | undefined {
  const { remaining, resetsAfterMs } = parseQuotaHeaders(headers);
  if (status === 429) return resetsAfterMs;
  return remaining === 0 && resetsAfterMs !== undefined ? resetsAfterMs : 0;
}
