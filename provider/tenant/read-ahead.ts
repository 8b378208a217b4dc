// The work of a tenant-scale listing that runs side by side (the subscriptions of an ARM fan-out,
// the pages of a Resource Graph query), handed out in order: at most `width` items run at a time,
// each starting as the caller takes the oldest, so a caller that reads slowly holds at most
// `width` results. When the caller stops (a failure, or a `break` out of the iteration), the
// requests still running are aborted through `stop` and their outcomes ignored.

import type { LookupBudget, OwnedBudget } from "../pipeline/request-settings";

export async function* readAhead<R>(
  count: number,
  width: number,
  stop: AbortController,
  work: (index: number) => Promise<R>,
): AsyncGenerator<R> {
  const running: Promise<R>[] = [];
  let next = 0;
  const start = () => {
    const result = work(next++);
    // Settled later (or never awaited once the caller stopped): no unhandled rejection.
    result.catch(() => {});
    running.push(result);
  };
  try {
    while (next < count && running.length < width) start();
    while (running.length > 0) {
      const result = await running.shift()!;
      if (next < count) start();
      yield result;
    }
  } finally {
    // Work still running: the caller stopped early, or an item failed.
    if (running.length > 0) stop.abort();
  }
}

/** `budget`, also ended by `stop`. */
export function stoppable(budget: LookupBudget, stop: AbortController): LookupBudget {
  return { ...budget, deadline: AbortSignal.any([budget.deadline, stop.signal]) };
}

/**
 * Runs `work` under a budget: a lookup's own one (ended with the work) when `ownBudget`, else
 * `shared`; either also ended by `stop`.
 */
export async function withBudget<R>(
  ownBudget: boolean,
  shared: LookupBudget,
  start: () => OwnedBudget,
  stop: AbortController,
  work: (budget: LookupBudget) => Promise<R>,
): Promise<R> {
  const own = ownBudget ? start() : undefined;
  try {
    return await work(stoppable(own ?? shared, stop));
  } finally {
    own?.end();
  }
}
