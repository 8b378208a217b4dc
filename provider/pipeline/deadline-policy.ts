// The lookup's deadline: every attempt, backoff, token wait and wait for a request slot below this
// policy gets the deadline's signal, and the lookup fails the moment it passes, whatever is still
// pending below (a credential or a server that ignores cancellation cannot hold it).

import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { BatchLookupError } from "../errors";
import { type RequestContext, requestContext, signalOf } from "./request-context";

export const deadlinePolicyName = "azureBatchLookupDeadline";

export function deadlinePolicy(): PipelinePolicy {
  return {
    name: deadlinePolicyName,
    sendRequest(request, next) {
      const context = requestContext(request);
      const deadline = context.budget.deadline;
      if (deadline.aborted) return Promise.reject(deadlineError(context));
      const caller = signalOf(request);
      request.abortSignal = caller === undefined ? deadline : AbortSignal.any([caller, deadline]);
      return new Promise<PipelineResponse>((resolve, reject) => {
        const onDeadline = (): void => reject(deadlineError(context));
        deadline.addEventListener("abort", onDeadline, { once: true });
        next(request).then(
          (response) => {
            deadline.removeEventListener("abort", onDeadline);
            resolve(response);
          },
          (err: unknown) => {
            deadline.removeEventListener("abort", onDeadline);
            reject(err instanceof BatchLookupError || !deadline.aborted ? err : deadlineError(context));
          },
        );
      });
    },
  };
}

export function deadlineError(context: RequestContext): BatchLookupError {
  const { attempts } = context;
  const tries =
    attempts > 1
      ? ` after ${attempts} attempts`
      : attempts === 1
        ? " after 1 attempt"
        : " (no request was sent: still waiting for an access token or a free request slot)";
  return new BatchLookupError({
    code: "RequestTimeout",
    message: `Reading ${context.what} failed: no answer within the total timeout of ${context.budget.totalTimeoutMs} ms${tries}.`,
  });
}
