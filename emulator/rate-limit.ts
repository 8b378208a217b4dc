/**
 * Per-subscription read quota behind `x-ms-ratelimit-remaining-subscription-reads` (a fixed
 * window). Only counts by default; with `enforce` an exhausted quota answers 429.
 */

export interface RateLimitOptions {
  /** Reads per subscription per window (default 12000, ARM's classic limit). */
  reads?: number;
  /** Window length in ms (default one hour). */
  windowMs?: number;
  /** Answer 429 SubscriptionRequestsThrottled once the quota is used up (default false). */
  enforce?: boolean;
}

interface Window {
  start: number;
  used: number;
}

/** Fixed windows of `windowMs` per key: a key's window starts with its first use after the last ended. */
export class FixedWindows {
  private windows = new Map<string, Window>();

  constructor(private readonly windowMs: number) {}

  get(key: string, now: number): Window {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, used: 0 };
      this.windows.set(key, w);
    }
    return w;
  }

  reset(): void {
    this.windows.clear();
  }
}

export class ReadQuota {
  readonly reads: number;
  readonly windowMs: number;
  readonly enforce: boolean;
  private readonly windows: FixedWindows;

  constructor(options: RateLimitOptions = {}) {
    this.reads = options.reads ?? 12000;
    this.windowMs = options.windowMs ?? 3600_000;
    this.enforce = options.enforce ?? false;
    if (!Number.isInteger(this.reads) || this.reads < 1) throw new Error("rateLimit.reads must be an integer >= 1");
    if (!(this.windowMs > 0)) throw new Error("rateLimit.windowMs must be > 0");
    this.windows = new FixedWindows(this.windowMs);
  }

  private window(subscriptionId: string, now: number): Window {
    return this.windows.get(subscriptionId.toLowerCase(), now);
  }

  /** Remaining reads without consuming one. */
  remaining(subscriptionId: string, now = Date.now()): number {
    const w = this.window(subscriptionId, now);
    return Math.max(0, this.reads - w.used);
  }

  /**
   * Consumes one read. Returns the remaining count, or (when enforced and exhausted) the seconds
   * until the window resets.
   */
  consume(subscriptionId: string, now = Date.now()): { remaining: number; retryAfterSeconds?: number } {
    const w = this.window(subscriptionId, now);
    if (w.used >= this.reads && this.enforce) {
      return { remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) };
    }
    w.used++;
    return { remaining: Math.max(0, this.reads - w.used) };
  }

  reset(): void {
    this.windows.reset();
  }
}
