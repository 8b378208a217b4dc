// What the policies of one request must know about the lookup it belongs to: its deadline, the
// byte cap of this response, and where the operation reads a server's requested wait. The client
// sets them once when it builds the request; policies only read them. Nothing travels back this
// way: a policy reports a failure by throwing one of the typed failures of `failures.ts` (or by
// returning the final response), and the client turns it into the lookup's error.

import type { PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";

/** The deadline of one lookup: every page, attempt, backoff and wait of the lookup shares it. */
export interface LookupBudget {
  started: number;
  deadline: AbortSignal;
  totalTimeoutMs: number;
}

export interface RequestSettings {
  budget: LookupBudget;
  /** The most bytes this response may have once decoded. */
  maxBodyBytes: number;
  /**
   * How long the server asked to wait, for an operation with a signal of its own besides
   * Retry-After (Resource Graph's quota reset); default: Retry-After and Azure's millisecond forms.
   */
  retryAfter?: (response: PipelineResponse) => number | undefined;
}

const SETTINGS = Symbol("azure-batch-lookup.requestSettings");

type WithSettings = PipelineRequest & { readonly [SETTINGS]?: Readonly<RequestSettings> };

export function setRequestSettings(request: PipelineRequest, settings: RequestSettings): void {
  Object.defineProperty(request, SETTINGS, { value: Object.freeze({ ...settings }), enumerable: false });
}

/** The settings of a request; a request sent without them is a programming error of this library. */
export function requestSettings(request: PipelineRequest): Readonly<RequestSettings> {
  const settings = (request as WithSettings)[SETTINGS];
  if (settings === undefined) throw new Error(`azure-batch-lookup: a request to ${request.url} was sent without its settings.`);
  return settings;
}

/** A budget its owner ends when the lookup is over (see {@link startBudget}). */
export interface OwnedBudget extends LookupBudget {
  /** The lookup is over: its deadline timer goes (the signal is never aborted after this). */
  end(): void;
}

/**
 * A budget of `totalTimeoutMs` from now. Its timer is cleared by `end()`: an audit makes hundreds
 * of thousands of lookups, and each `AbortSignal.timeout` would keep its timer (and the signal)
 * alive for the whole timeout after the lookup ended, about 0.7 KB each.
 */
export function startBudget(totalTimeoutMs: number): OwnedBudget {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
    totalTimeoutMs,
  );
  timer.unref();
  return { started: Date.now(), deadline: controller.signal, totalTimeoutMs, end: () => clearTimeout(timer) };
}

/**
 * The request's abort signal. The pipeline only ever holds a real AbortSignal there (the
 * deadline policy sets it), which the SDK types as the narrower AbortSignalLike.
 */
export function signalOf(request: PipelineRequest): AbortSignal | undefined {
  return request.abortSignal as AbortSignal | undefined;
}

/** The response body stream as the Node.js Readable the transport gives. */
export function bodyStreamOf(response: {
  readableStreamBody?: NodeJS.ReadableStream | undefined;
}): import("node:stream").Readable | undefined {
  return response.readableStreamBody as import("node:stream").Readable | undefined;
}
