// The in-flight bound: at most `limit` requests of the client's program on the wire at once, body
// included (the slot is held until the body was read by the policies below). A request waiting
// for a slot leaves the queue when its lookup's deadline passes.

import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { Limiter } from "../client/concurrency";
import { signalOf } from "./request-settings";

const limiterPolicyName = "azureBatchLookupLimiter";

export function limiterPolicy(limiter: Limiter): PipelinePolicy {
  return {
    name: limiterPolicyName,
    sendRequest(request, next) {
      return limiter.run(() => next(request), signalOf(request));
    },
  };
}
