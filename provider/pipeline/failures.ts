// How the policies report what went wrong, as facts rather than sentences: the client's boundary
// (`arm/lookup-errors.ts`) turns each into the lookup's BatchLookupError, naming what was read and
// what to check next. A final HTTP answer is not among them: the retry policy returns it, and the
// boundary builds ARM's error from it.

import type { PipelineResponse } from "@azure/core-rest-pipeline";
import type { TransportError } from "./transport-errors";

/** The lookup's total timeout passed before an answer. */
export class DeadlineExceeded extends Error {
  constructor() {
    super("the lookup's total timeout passed");
    this.name = "DeadlineExceeded";
  }
}

/** A request for another origin than the configured ARM endpoint was refused (the token goes nowhere else). */
export class OriginRefused extends Error {
  constructor(
    /** The origin asked for, or "(not an absolute URL)". */
    readonly actual: string,
    readonly allowed: string,
  ) {
    super(`a request for ${actual} was refused: the bearer token is sent only to ${allowed}`);
    this.name = "OriginRefused";
  }
}

/** A body longer than the request's cap: not read further, never retried. */
export class BodyTooLarge extends Error {
  constructor(
    readonly response: PipelineResponse,
    readonly limit: number,
    /** The Content-Length, when that alone passed the cap. */
    readonly declared?: number,
  ) {
    super(`the body passed the cap of ${limit} bytes`);
    this.name = "BodyTooLarge";
  }
}

/** A body that does not decode as its Content-Encoding says (or an encoding not asked for): final. */
export class UndecodableBody extends Error {
  constructor(
    readonly response: PipelineResponse,
    readonly reason: string,
  ) {
    super(`the body could not be decoded: ${reason}`);
    this.name = "UndecodableBody";
  }
}

/** A transient failure that was not tried again because waiting would pass the deadline. */
export class RetryPastDeadline extends Error {
  constructor(
    readonly outcome: PipelineResponse | TransportError,
    /** The wait the server asked for, if it asked. */
    readonly serverWaitMs: number | undefined,
  ) {
    super("waiting for another attempt would pass the lookup's total timeout");
    this.name = "RetryPastDeadline";
  }
}
