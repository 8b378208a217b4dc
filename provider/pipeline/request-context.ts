// What the policies of one request need to know about the lookup it belongs to: what is being
// read (for error messages), the lookup's deadline, the byte cap of this response, and how many
// attempts were sent. The lookup attaches it to the PipelineRequest; every policy reads it.

import type { PipelineRequest } from "@azure/core-rest-pipeline";
import { BatchLookupError } from "../errors";

/** The deadline of one lookup: every page, attempt, backoff and wait of the lookup shares it. */
export interface LookupBudget {
  started: number;
  deadline: AbortSignal;
  totalTimeoutMs: number;
}

/** A byte cap and the option that sets it, to name in the error. */
export interface ByteLimit {
  bytes: number;
  /** The error code when it is passed: ResponseTooLarge or ListTooLarge. */
  code: string;
  /** The option that sets this cap, such as `limits.maxResponseBytes`. */
  option: string;
}

export interface RequestContext {
  /** What the request reads, as error messages name it ("Batch account "x" in resource group ..."). */
  what: string;
  /** What to check next for a failed answer (status, code): a sentence, or "". */
  advise: (status: number, code: string) => string;
  budget: LookupBudget;
  /** The most bytes this response may have once decoded. */
  byteLimit: ByteLimit;
  /** Requests sent so far for this request (the first attempt, retries, an authentication re-send). */
  attempts: number;
  /** Bytes of the body last read (decoded). */
  bytesRead: number;
}

const CONTEXT = Symbol("azure-batch-lookup.requestContext");

type WithContext = PipelineRequest & { [CONTEXT]?: RequestContext };

export function setRequestContext(request: PipelineRequest, context: RequestContext): void {
  (request as WithContext)[CONTEXT] = context;
}

/** The context of a request; a request sent without one is a programming error of this library. */
export function requestContext(request: PipelineRequest): RequestContext {
  const context = (request as WithContext)[CONTEXT];
  if (context === undefined) {
    throw new BatchLookupError({ code: "InvalidConfiguration", message: `A request to ${request.url} was sent without a lookup context.` });
  }
  return context;
}

export function startBudget(totalTimeoutMs: number): LookupBudget {
  return { started: Date.now(), deadline: AbortSignal.timeout(totalTimeoutMs), totalTimeoutMs };
}

/**
 * The request's abort signal. The pipeline only ever holds a real AbortSignal there (the
 * deadline policy sets it), which the SDK types as the narrower AbortSignalLike.
 */
export function signalOf(request: PipelineRequest): AbortSignal | undefined {
  return request.abortSignal as AbortSignal | undefined;
}

/** The response body stream as the Node.js Readable the node:https client gives. */
export function bodyStreamOf(response: {
  readableStreamBody?: NodeJS.ReadableStream | undefined;
}): import("node:stream").Readable | undefined {
  return response.readableStreamBody as import("node:stream").Readable | undefined;
}

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
