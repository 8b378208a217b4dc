import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";

/** A complete (already read) response of the pipeline, for testing what is made of it. */
export function fakeResponse(
  status: number,
  body: string,
  headers: Record<string, string | string[] | undefined> = {},
  requestHeaders: Record<string, string> = {},
): PipelineResponse {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
  const request = createPipelineRequest({ url: "https://management.azure.com/x", headers: createHttpHeaders(requestHeaders) });
  return { request, status, headers: createHttpHeaders(flat), bodyAsText: body };
}
