// Waits that a lookup makes between requests: a plain sleep that ends early on any of its
// signals, and a wait a server asked for, which must fit within the lookup's deadline.

import { BatchLookupError } from "../errors";
import type { LookupBudget } from "../pipeline/request-settings";

/**
 * Waits `ms` (a server asked for it), or fails at once when the wait would pass the lookup's
 * deadline. The wait ends early when the deadline passes or `until` aborts.
 */
export async function waitWithin(budget: LookupBudget, ms: number, what: string, until?: AbortSignal): Promise<void> {
  if (Date.now() + ms - budget.started >= budget.totalTimeoutMs || budget.deadline.aborted) {
    throw new BatchLookupError({
      code: "RequestTimeout",
      message: `Listing ${what} failed: the server asked to wait ${ms} ms before the next page, which would pass the total timeout of ${budget.totalTimeoutMs} ms; no partial list is returned.`,
    });
  }
  await sleep(ms, budget.deadline, until);
}

/** Waits `ms`, or less when one of `signals` aborts (at once when one already has). */
export function sleep(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    if (signals.some((s) => s?.aborted === true)) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      for (const s of signals) s?.removeEventListener("abort", done);
      resolve();
    }
    for (const s of signals) s?.addEventListener("abort", done, { once: true });
  });
}
