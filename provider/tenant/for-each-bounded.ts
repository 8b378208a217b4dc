// The work of a tenant-scale listing that runs side by side (the subscriptions of an ARM fan-out,
// the pages of a Resource Graph query): at most `width` items at a time, all under the listing's
// deadline and its one set of caps. The first failure is the listing's: items not started never
// start, and the requests still running are aborted (their errors are not the listing's).

import type { Listing } from "../client/arm-client";

export async function forEachBounded(
  listing: Listing,
  count: number,
  width: number,
  work: (index: number, shared: Listing) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  const shared: Listing = {
    ...listing,
    budget: { ...listing.budget, deadline: AbortSignal.any([listing.budget.deadline, stop.signal]) },
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!stop.signal.aborted && next < count) {
      const index = next++;
      try {
        await work(index, shared);
      } catch (err) {
        stop.abort();
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}
