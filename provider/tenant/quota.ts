// Azure Resource Graph's per-user throttling: every answer reports the queries left in the
// current window (x-ms-user-quota-remaining) and when the window resets
// (x-ms-user-quota-resets-after, a .NET TimeSpan "hh:mm:ss"). The client waits for the reset
// before the next query when none are left (one gate for the queries of a listing that run at
// once); after a 429 the retry waits for the later of Retry-After and the reset (see
// operations/resource-graph-query.ts).

import { waitWithin } from "../client/wait";
import type { LookupBudget } from "../pipeline/request-settings";
import { publishWait } from "../pipeline/wait-events";
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
 * The quota shared by the queries of one listing that run at once. A query starts only while the
 * answers leave a query of the window for it (counting those still running); otherwise it waits
 * for the window to reset or for another answer, within the listing's deadline. A new window is
 * taken to allow as many queries as the answers showed one allows, until its first answer says.
 * Before any answer nothing is known and queries start.
 */
export class ResourceGraphQuotaGate {
  /** The most queries a window was seen to allow (a lower bound): remaining + 1 of an answer. */
  #capacity = 0;
  /** Queries left in the current window, as its lowest answer said; undefined before any answer. */
  #remaining: number | undefined;
  /** When the current window resets; Infinity for a window that has had no answer yet. */
  #resetsAt = 0;
  #running = 0;
  #answer = nextAnswer();

  /** Waits until a query may start, then counts it as running; pair with {@link finished}. */
  async start(budget: LookupBudget, what: string): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (this.#remaining !== undefined && now >= this.#resetsAt) {
        this.#remaining = this.#capacity;
        this.#resetsAt = Number.POSITIVE_INFINITY;
      }
      if (this.#remaining === undefined || this.#remaining - this.#running > 0) break;
      // Some query is running (remaining >= 1 otherwise): its answer, or the reset, comes first.
      const answer = this.#answer.promise;
      if (this.#resetsAt === Number.POSITIVE_INFINITY) await answer;
      else {
        // An answer ends the wait for the reset, and its timer with it.
        const answered = new AbortController();
        void answer.then(() => answered.abort());
        publishWait({ kind: "quota", delayMs: this.#resetsAt - now, throttled: true, reason: "the Resource Graph quota window" });
        await waitWithin(budget, this.#resetsAt - now, what, answered.signal);
      }
      if (budget.deadline.aborted) break;
    }
    this.#running++;
  }

  /** A query ended; `headers` are its answer's, when it had one. */
  finished(headers?: HeaderSource): void {
    this.#running--;
    const answered = this.#answer;
    this.#answer = nextAnswer();
    if (headers !== undefined) this.#learn(headers);
    answered.resolve();
  }

  #learn(headers: HeaderSource): void {
    const { remaining, resetsAfterMs } = parseQuotaHeaders(headers);
    if (remaining === undefined || resetsAfterMs === undefined) return;
    this.#capacity = Math.max(this.#capacity, remaining + 1);
    const now = Date.now();
    // Answers of one window can arrive out of order: the lowest count left is the true one.
    if (this.#remaining !== undefined && this.#resetsAt !== Number.POSITIVE_INFINITY && now < this.#resetsAt) {
      this.#remaining = Math.min(this.#remaining, remaining);
    } else {
      this.#remaining = remaining;
      this.#resetsAt = now + resetsAfterMs;
    }
  }
}

function nextAnswer(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
