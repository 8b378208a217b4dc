/**
 * Azure Resource Graph's per-user query quota: a fixed window per principal, reported on every
 * ARG response as `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after` (hh:mm:ss), and
 * a 429 once it is used up. ARG documents 15 queries per 5 seconds as an example; the emulator's
 * default is generous so that only tests about throttling meet it.
 */

import { FixedWindows } from "./rate-limit";

export interface ResourceGraphQuotaOptions {
  /** Queries per principal per window (default 10000). */
  queries?: number;
  /** Window length in ms (default 5000). */
  windowMs?: number;
}

export interface QuotaDecision {
  /** Queries left in the window after this one (0 when throttled). */
  remaining: number;
  /** Time until the window resets, in ms. */
  resetsAfterMs: number;
  /** True when the quota was already used up: answer 429. */
  throttled: boolean;
}

/** A duration as .NET prints a TimeSpan under a day: hh:mm:ss, seconds rounded up. */
export function formatResetsAfter(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

export class ResourceGraphQuota {
  readonly queries: number;
  readonly windowMs: number;
  private readonly windows: FixedWindows;

  constructor(options: ResourceGraphQuotaOptions = {}) {
    this.queries = options.queries ?? 10_000;
    this.windowMs = options.windowMs ?? 5_000;
    if (!Number.isInteger(this.queries) || this.queries < 1) throw new Error("resourceGraph.quota.queries must be an integer >= 1");
    if (!Number.isInteger(this.windowMs) || this.windowMs < 1) throw new Error("resourceGraph.quota.windowMs must be an integer >= 1");
    this.windows = new FixedWindows(this.windowMs);
  }

  /** Counts one query of `principalId` (unless throttled). */
  consume(principalId: string, now = Date.now()): QuotaDecision {
    const w = this.windows.get(principalId, now);
    const resetsAfterMs = w.start + this.windowMs - now;
    if (w.used >= this.queries) return { remaining: 0, resetsAfterMs, throttled: true };
    w.used++;
    return { remaining: this.queries - w.used, resetsAfterMs, throttled: false };
  }

  reset(): void {
    this.windows.reset();
  }
}

/** The throttling headers of an ARG response. */
export function quotaHeaders(d: QuotaDecision): Record<string, string> {
  return { "x-ms-user-quota-remaining": String(d.remaining), "x-ms-user-quota-resets-after": formatResetsAfter(d.resetsAfterMs) };
}
