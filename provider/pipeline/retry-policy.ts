// Which failures are tried again, and when: ARM's throttling (429 with Retry-After in seconds or as
// an HTTP date, or Azure's retry-after-ms), 408 and the transient 5xx, and a known list of transient
// connection failures and timeouts; everything else is final at once. Waits are capped exponential
// backoff with jitter, bounded in attempts and by the lookup's deadline. Every failure leaves this
// policy as a BatchLookupError; a 200 is the only answer it returns.

import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { errorFromResponse } from "../arm/response-errors";
import { BatchLookupError } from "../errors";
import { resourceGraphRetryAfterMs } from "../tenant/quota";
import { type RequestContext, requestContext, signalOf, sleep } from "./request-context";
import { isTransientStatus, parseRetryAfter, parseRetryAfterMs, planRetry, type RetryOptions } from "./retry-plan";
import { type TimeoutOptions, type TransportError, toTransportError } from "./transport-errors";

export const retryPolicyName = "azureBatchLookupRetry";

export interface RetryPolicyOptions {
  retry: Required<RetryOptions>;
  timeouts: Required<TimeoutOptions>;
  /** For tests: the jitter's source, and the wait. */
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

export function retryPolicy(options: RetryPolicyOptions): PipelinePolicy {
  const wait = options.sleep ?? sleep;
  return {
    name: retryPolicyName,
    async sendRequest(request, next) {
      const context = requestContext(request);
      const { started } = context.budget;
      for (let retries = 0; ; retries++) {
        let outcome: PipelineResponse | TransportError;
        try {
          outcome = await next(request);
        } catch (err) {
          if (err instanceof BatchLookupError) throw err;
          // The lookup's deadline: the deadline policy above reports it.
          if (request.abortSignal?.aborted === true) throw err;
          outcome = toTransportError(err, options.timeouts);
        }
        if (!isTransportError(outcome) && outcome.status === 200) return outcome;
        const transient = isTransportError(outcome) ? outcome.transient : isTransientStatus(outcome.status);
        if (!transient) throw finalError(outcome, context);
        const retryAfter = isTransportError(outcome) ? undefined : retryAfterOf(outcome);
        const plan = planRetry(retries, Date.now() - started, retryAfter, options.retry, options.random);
        if (!plan.retry) {
          const err = finalError(outcome, context);
          if (plan.reason !== "time") throw err;
          const waiting = retryAfter !== undefined ? `the requested ${Math.ceil(retryAfter / 1000)} s` : "again";
          throw withSuffix(
            err,
            ` Retries stopped: waiting ${waiting} would pass the total timeout of ${context.budget.totalTimeoutMs} ms.`,
          );
        }
        await wait(plan.delayMs, signalOf(request));
        // A deadline during the wait: the deadline policy above reports it.
        if (request.abortSignal?.aborted === true) throw finalError(outcome, context);
      }
    },
  };
}

function isTransportError(outcome: PipelineResponse | TransportError): outcome is TransportError {
  return outcome instanceof Error;
}

function retryAfterOf(response: PipelineResponse): number | undefined {
  return (
    parseRetryAfterMs(response.headers.get("retry-after-ms")) ??
    parseRetryAfterMs(response.headers.get("x-ms-retry-after-ms")) ??
    parseRetryAfter(response.headers.get("retry-after")) ??
    // Azure Resource Graph's 429: the per-user quota's window resets after this TimeSpan.
    (response.status === 429 ? resourceGraphRetryAfterMs(response.headers) : undefined)
  );
}

export function finalError(outcome: PipelineResponse | TransportError, context: RequestContext): BatchLookupError {
  if (!isTransportError(outcome)) return errorFromResponse(outcome, context.what, context.attempts, context.advise);
  const tries = context.attempts > 1 ? ` after ${context.attempts} attempts` : "";
  return new BatchLookupError({
    code: outcome.failure === "timeout" ? "RequestTimeout" : "ConnectionFailed",
    message: `Reading ${context.what} failed${tries}: ${outcome.message}.`,
    cause: outcome,
  });
}

function withSuffix(err: BatchLookupError, suffix: string): BatchLookupError {
  const init: ConstructorParameters<typeof BatchLookupError>[0] = { code: err.code, message: err.message + suffix };
  if (err.statusCode !== undefined) init.statusCode = err.statusCode;
  if (err.target !== undefined) init.target = err.target;
  if (err.details !== undefined) init.details = err.details;
  if (err.requestId !== undefined) init.requestId = err.requestId;
  if (err.correlationId !== undefined) init.correlationId = err.correlationId;
  if (err.cause !== undefined) init.cause = err.cause;
  return new BatchLookupError(init);
}
