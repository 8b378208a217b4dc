// The lookup's deadline: every attempt, backoff, token wait and wait for a request slot below this
// policy gets the deadline's signal, and the request fails the moment it passes, whatever is still
// pending below (a credential or a server that ignores cancellation cannot hold it).

import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { BatchLookupError } from "../errors";
import { DeadlineExceeded } from "./failures";
import { requestSettings, signalOf } from "./request-settings";

const deadlinePolicyName = "azureBatchLookupDeadline";

export function deadlinePolicy(): PipelinePolicy {
  return {
    name: deadlinePolicyName,
    sendRequest(request, next) {
      const deadline = requestSettings(request).budget.deadline;
      if (deadline.aborted) return Promise.reject(new DeadlineExceeded());
      const caller = signalOf(request);
      request.abortSignal = caller === undefined ? deadline : AbortSignal.any([caller, deadline]);
      return new Promise<PipelineResponse>((resolve, reject) => {
        const onDeadline = (): void => reject(new DeadlineExceeded());
        deadline.addEventListener("abort", onDeadline, { once: true });
        next(request).then(
          (response) => {
            deadline.removeEventListener("abort", onDeadline);
            resolve(response);
          },
          (err: unknown) => {
            deadline.removeEventListener("abort", onDeadline);
            // What failed because the deadline aborted it failed for the deadline; a credential's
            // own error stays what it is.
            reject(deadline.aborted && !(err instanceof BatchLookupError) ? new DeadlineExceeded() : err);
          },
        );
      });
    },
  };
}
