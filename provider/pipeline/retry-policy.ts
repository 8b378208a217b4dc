// Tries a request again while its strategies say so (see retry-strategies.ts), within the
// attempt bound and the lookup's deadline: a wait that would pass the deadline is not started, so
// the lookup fails at once with the reason rather than at the deadline. A 200 is returned; any
// other final answer is returned too, for the client to build ARM's error from; a failure below
// HTTP leaves as a TransportError, and this library's own failures (a cap, a refused origin, a
// credential's error) pass through untouched.

import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { sleep } from "../client/wait";
import { BatchLookupError } from "../errors";
import type { TimeoutOptions } from "../settings/client-options";
import { BodyTooLarge, DeadlineExceeded, OriginRefused, RetryPastDeadline, UndecodableBody } from "./failures";
import { requestSettings, signalOf } from "./request-settings";
import { serverRetryAfterMs } from "./retry-plan";
import { decideRetry, type RetryStrategy } from "./retry-strategies";
import { TransportError, toTransportError } from "./transport-errors";
import { publishWait } from "./wait-events";

const retryPolicyName = "azureBatchLookupRetry";

export interface RetryPolicyOptions {
  strategies: readonly RetryStrategy[];
  /** Retries after the first attempt. */
  maxRetries: number;
  /** To name a timeout's phase when a failure below HTTP is classified here. */
  timeouts: Required<TimeoutOptions>;
  /** For tests: the wait. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

export function retryPolicy(options: RetryPolicyOptions): PipelinePolicy {
  const wait = options.sleep ?? sleep;
  return {
    name: retryPolicyName,
    async sendRequest(request, next) {
      const settings = requestSettings(request);
      const { started, totalTimeoutMs } = settings.budget;
      const readWait = settings.retryAfter ?? serverRetryAfterMs;
      for (let retryCount = 0; ; retryCount++) {
        let response: PipelineResponse | undefined;
        let transportError: TransportError | undefined;
        try {
          response = await next(request);
          if (response.status === 200) return response;
        } catch (err) {
          if (isFinalFailure(err) || request.abortSignal?.aborted === true) throw err;
          transportError = toTransportError(err, options.timeouts);
        }
        const serverWaitMs = response === undefined ? undefined : readWait(response);
        const decision = decideRetry(options.strategies, { retryCount, response, transportError, serverWaitMs });
        const outcome = response ?? transportError!;
        if (decision.kind === "final" || retryCount >= options.maxRetries) return settle(outcome);
        if (Date.now() - started + decision.delayMs >= totalTimeoutMs) {
          throw new RetryPastDeadline(outcome, decision.serverAsked ? decision.delayMs : undefined);
        }
        publishWait({
          kind: "retry",
          delayMs: decision.delayMs,
          attempt: retryCount + 2,
          throttled: decision.serverAsked || response?.status === 429,
          reason: response === undefined ? (transportError!.code ?? transportError!.failure) : `HTTP ${response.status}`,
          host: hostOf(request.url),
        });
        await wait(decision.delayMs, signalOf(request));
        if (request.abortSignal?.aborted === true) throw new DeadlineExceeded();
      }
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function settle(outcome: PipelineResponse | TransportError): PipelineResponse {
  if (outcome instanceof TransportError) throw outcome;
  return outcome;
}

function isFinalFailure(err: unknown): boolean {
  return (
    err instanceof BatchLookupError ||
    err instanceof BodyTooLarge ||
    err instanceof UndecodableBody ||
    err instanceof OriginRefused ||
    err instanceof DeadlineExceeded
  );
}
