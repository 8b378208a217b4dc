/** A request with its settings, and responses a fake `next` returns, for testing one policy alone. */
import { Readable } from "node:stream";
import { createHttpHeaders, createPipelineRequest, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import type { ResponseCap } from "../../../provider/client/list-caps";
import { type FailedRead, failureError } from "../../../provider/client/lookup-errors";
import type { BatchLookupError } from "../../../provider/errors";
import { type RequestSettings, setRequestSettings, startBudget } from "../../../provider/pipeline/request-settings";

export function requestWithSettings(
  url = "https://management.azure.com/x?api-version=1",
  settings: Partial<RequestSettings> = {},
): { request: PipelineRequest; settings: RequestSettings } {
  const request = createPipelineRequest({ url });
  const full: RequestSettings = { budget: startBudget(60_000), maxBodyBytes: 1000, ...settings };
  setRequestSettings(request, full);
  return { request, settings: full };
}

export function response(
  request: PipelineRequest,
  status: number,
  headers: Record<string, string> = {},
  body?: string | Buffer | Readable,
): PipelineResponse {
  const res: PipelineResponse = { request, status, headers: createHttpHeaders(headers) };
  if (typeof body === "string") res.bodyAsText = body;
  else if (body instanceof Readable) res.readableStreamBody = body;
  else if (body !== undefined) res.readableStreamBody = Readable.from([body]);
  return res;
}

/** What the client's boundary knows of a failed read of "the thing". */
export function failedRead(
  attempts = 1,
  cap: ResponseCap = { bytes: 1000, code: "ResponseTooLarge", option: "limits.maxResponseBytes" },
): FailedRead {
  return { what: "the thing", advise: () => "", attempts, totalTimeoutMs: 1000, cap };
}

/** The lookup error the client's boundary makes of what a policy threw. */
export function asLookupError(err: unknown, read: FailedRead = failedRead()): BatchLookupError {
  return failureError(err, read);
}
