/** A request with a lookup context, and responses a fake `next` returns, for testing one policy alone. */
import { Readable } from "node:stream";
import { createHttpHeaders, createPipelineRequest, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { type RequestContext, setRequestContext, startBudget } from "../../../provider/pipeline/request-context";

export function requestWithContext(
  url = "https://management.azure.com/x?api-version=1",
  context: Partial<RequestContext> = {},
): { request: PipelineRequest; context: RequestContext } {
  const request = createPipelineRequest({ url });
  const full: RequestContext = {
    what: "the thing",
    advise: () => "",
    budget: startBudget(60_000),
    byteLimit: { bytes: 1000, code: "ResponseTooLarge", option: "limits.maxResponseBytes" },
    attempts: 0,
    bytesRead: 0,
    ...context,
  };
  setRequestContext(request, full);
  return { request, context: full };
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
