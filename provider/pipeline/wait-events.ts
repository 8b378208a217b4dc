// Waits a caller may want to show (a progress line): a request waiting to be tried again (after a
// throttling answer, a transient status or a failed connection) and a Resource Graph query
// waiting for its quota window. Published on a node:diagnostics_channel channel, so a command
// line can subscribe without any option threaded through the client; nothing is published while
// nobody listens.

import { channel } from "node:diagnostics_channel";

/** The channel's name: `diagnostics_channel.subscribe(WAIT_EVENTS_CHANNEL, (event) => ...)`. */
export const WAIT_EVENTS_CHANNEL = "azure-batch-lookup:wait";

export interface WaitEvent {
  /** retry: a request is tried again after `delayMs`; quota: a Resource Graph query waits for its quota window. */
  kind: "retry" | "quota";
  delayMs: number;
  /** For a retry: the attempt that comes next (2 for the first retry). */
  attempt?: number;
  /** Whether the server asked for the wait (429 and the like, or the quota). */
  throttled: boolean;
  /** What was answered or failed: `HTTP 429`, `ECONNREFUSED`, ... */
  reason: string;
  /** For a retry: the host the request goes to. */
  host?: string;
}

const waits = channel(WAIT_EVENTS_CHANNEL);

export function publishWait(event: WaitEvent): void {
  if (waits.hasSubscribers) waits.publish(event);
}
