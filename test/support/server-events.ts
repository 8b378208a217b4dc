/**
 * Waiting on the in-process HTTP servers of a test (the emulator, scripted servers) by their events
 * instead of sleeping or polling: node:http publishes every request a server receives on the
 * `http.server.request.start` diagnostics channel (before the server's own handler runs), and the
 * response's `close` event says when that exchange is over, answered or cut off.
 *
 * Import this module before the exchanges it should see start (at the top of a test file).
 */
import * as diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
// The real timers, whatever a test fakes.
import { clearTimeout, setImmediate, setTimeout } from "node:timers";

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
}

const onClose = new Set<() => void>();
const onStart = new Set<(exchange: RequestStart) => void>();

diagnostics.subscribe("http.server.request.start", (message) => {
  const exchange = message as RequestStart;
  // After the server's own `close` listeners (the emulator's request log) have run.
  exchange.response.once("close", () =>
    setImmediate(() => {
      for (const f of [...onClose]) f();
    }),
  );
  for (const f of [...onStart]) f(exchange);
});

/**
 * The next request an in-process server receives. It resolves after that server's request handler
 * has run its synchronous part (a delay the handler starts is armed by then).
 */
export function nextRequest(): Promise<RequestStart> {
  return new Promise((resolve) => {
    const f = (exchange: RequestStart): void => {
      onStart.delete(f);
      resolve(exchange);
    };
    onStart.add(f);
  });
}

/**
 * Resolves once `condition()` holds: checked now and again each time an exchange of an in-process
 * server closes. Rejects, naming `what`, if it still does not hold after `timeoutMs`.
 */
export function whenServed(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!condition()) return;
      stop();
      resolve();
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`still waiting for ${what} after ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = (): void => {
      clearTimeout(timer);
      onClose.delete(check);
    };
    onClose.add(check);
  });
}
