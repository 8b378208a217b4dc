// The strategies a retry is decided by, composed in order as the Azure SDK's defaultRetryPolicy
// composes its own: the first that does not skip an outcome decides it.
// - throttling: a transient status whose server says how long to wait (Retry-After, Azure's
//   millisecond headers, or the operation's own signal) is tried again after that wait;
// - transport failures: a connection that failed or timed out is tried again after a backoff,
//   any other failure below HTTP (a certificate, a malformed answer) is final;
// - exponential: any other transient status (408, 429, 5xx) is tried again after a backoff;
//   every other status is ARM's answer, final at once.

import type { PipelineResponse } from "@azure/core-rest-pipeline";
import type { RetryOptions } from "../settings/client-options";
import { backoffDelay, isTransientStatus } from "./retry-plan";
import type { TransportError } from "./transport-errors";

export interface RetryInformation {
  /** Retries already made for this request. */
  retryCount: number;
  /** The answer, when there was one. */
  response?: PipelineResponse;
  /** The failure below HTTP, when there was no answer. */
  transportError?: TransportError;
  /** How long the server asked to wait, as the request's operation reads it. */
  serverWaitMs?: number;
}

export type RetryDecision =
  | { kind: "skip" }
  | { kind: "final" }
  /** `serverAsked`: the delay is the server's, not a backoff step. */
  | { kind: "retry"; delayMs: number; serverAsked: boolean };

export interface RetryStrategy {
  readonly name: string;
  decide(info: RetryInformation): RetryDecision;
}

const SKIP: RetryDecision = { kind: "skip" };
const FINAL: RetryDecision = { kind: "final" };

export function throttlingStrategy(): RetryStrategy {
  return {
    name: "throttling",
    decide({ response, serverWaitMs }) {
      if (response === undefined || !isTransientStatus(response.status) || serverWaitMs === undefined) return SKIP;
      return { kind: "retry", delayMs: serverWaitMs, serverAsked: true };
    },
  };
}

export function transportFailureStrategy(options: Required<RetryOptions>, random?: () => number): RetryStrategy {
  return {
    name: "transportFailure",
    decide({ transportError, retryCount }) {
      if (transportError === undefined) return SKIP;
      if (!transportError.transient) return FINAL;
      return { kind: "retry", delayMs: backoffDelay(retryCount, options, random), serverAsked: false };
    },
  };
}

export function exponentialStrategy(options: Required<RetryOptions>, random?: () => number): RetryStrategy {
  return {
    name: "exponential",
    decide({ response, retryCount }) {
      if (response === undefined) return SKIP;
      if (!isTransientStatus(response.status)) return FINAL;
      return { kind: "retry", delayMs: backoffDelay(retryCount, options, random), serverAsked: false };
    },
  };
}

/** The library's strategies, in order. */
export function defaultRetryStrategies(options: Required<RetryOptions>, random?: () => number): RetryStrategy[] {
  return [throttlingStrategy(), transportFailureStrategy(options, random), exponentialStrategy(options, random)];
}

/** The decision of the first strategy that does not skip; final when all skip. */
export function decideRetry(strategies: readonly RetryStrategy[], info: RetryInformation): Exclude<RetryDecision, { kind: "skip" }> {
  for (const strategy of strategies) {
    const decision = strategy.decide(info);
    if (decision.kind !== "skip") return decision;
  }
  return FINAL as Exclude<RetryDecision, { kind: "skip" }>;
}
