// The client's boundary: whatever ended a request (ARM's final answer, a failure below HTTP, a
// cap, the deadline, a refused origin) becomes the lookup's BatchLookupError here, naming what was
// read, how many attempts were made and what to check next; the pipeline's policies carry no
// user-facing sentences. Failures that are not the end of a request are built where they are
// found: bad arguments (model/names.ts), a body against its schema (model/json-check.ts), the
// credential (settings/credential.ts), a closed client or a repeated page (client/arm-client.ts).

import type { PipelineResponse } from "@azure/core-rest-pipeline";
import { BatchLookupError } from "../errors";
import { BodyTooLarge, DeadlineExceeded, OriginRefused, RetryPastDeadline, UndecodableBody } from "../pipeline/failures";
import { TransportError, toTransportError } from "../pipeline/transport-errors";
import { DEFAULT_TIMEOUTS } from "../settings/client-options";
import type { ResponseCap } from "./list-caps";
import { errorFromResponse } from "./response-errors";

/** What the boundary needs to know about a request that failed. */
export interface FailedRead {
  /** What the request read, as errors name it. */
  what: string;
  /** What to check next for a failed answer. */
  advise: (status: number, code: string) => string;
  /** Requests sent (the first attempt, retries, an authentication re-send). */
  attempts: number;
  totalTimeoutMs: number;
  /** The byte cap the response was read under. */
  cap: ResponseCap;
}

/** The lookup's error for a final answer other than 200. */
export function answerError(response: PipelineResponse, read: FailedRead): BatchLookupError {
  return errorFromResponse(response, read.what, read.attempts, read.advise);
}

/** The lookup's error for whatever a request threw. */
export function failureError(err: unknown, read: FailedRead): BatchLookupError {
  if (err instanceof BatchLookupError) return err;
  if (err instanceof DeadlineExceeded) return deadlineError(read);
  if (err instanceof RetryPastDeadline) {
    const base = err.outcome instanceof TransportError ? transportError(err.outcome, read) : answerError(err.outcome, read);
    const waiting = err.serverWaitMs !== undefined ? `the requested ${formatSeconds(err.serverWaitMs)}` : "again";
    return withSuffix(base, ` Retries stopped: waiting ${waiting} would pass the total timeout of ${read.totalTimeoutMs} ms.`);
  }
  if (err instanceof OriginRefused) {
    return new BatchLookupError({
      code: "UnsafeNextLink",
      message: `Reading ${read.what} failed: a request for ${err.actual} was refused; the bearer token is sent only to the configured ARM endpoint ${err.allowed}.`,
    });
  }
  if (err instanceof BodyTooLarge) {
    const how = err.declared === undefined ? "is longer than" : `declares ${err.declared} bytes, more than`;
    return new BatchLookupError({
      code: read.cap.code,
      statusCode: err.response.status,
      ...requestIdOf(err.response),
      message: `Reading ${read.what} failed: the HTTP ${err.response.status} answer ${how} the cap of ${err.limit} bytes (${read.cap.option}); it was not read further and is not retried.`,
    });
  }
  if (err instanceof UndecodableBody) {
    return new BatchLookupError({
      code: "InvalidResponse",
      statusCode: err.response.status,
      ...requestIdOf(err.response),
      message: `Reading ${read.what} failed: the HTTP ${err.response.status} answer could not be decoded: ${err.reason}.`,
    });
  }
  return transportError(err instanceof TransportError ? err : toTransportError(err, DEFAULT_TIMEOUTS), read);
}

function transportError(err: TransportError, read: FailedRead): BatchLookupError {
  const tries = read.attempts > 1 ? ` after ${read.attempts} attempts` : "";
  return new BatchLookupError({
    code: err.failure === "timeout" ? "RequestTimeout" : err.failure === "proxy" ? "ProxyFailed" : "ConnectionFailed",
    message: `Reading ${read.what} failed${tries}: ${err.message}.`,
    cause: err,
  });
}

function deadlineError(read: FailedRead): BatchLookupError {
  const { attempts } = read;
  const tries =
    attempts > 1
      ? ` after ${attempts} attempts`
      : attempts === 1
        ? " after 1 attempt"
        : " (no request was sent: still waiting for an access token or a free request slot)";
  return new BatchLookupError({
    code: "RequestTimeout",
    message: `Reading ${read.what} failed: no answer within the total timeout of ${read.totalTimeoutMs} ms${tries}.`,
  });
}

/** "3 s", "1.5 s". */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function requestIdOf(response: PipelineResponse): { requestId?: string } {
  const requestId = response.headers.get("x-ms-request-id");
  return requestId === undefined ? {} : { requestId };
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
