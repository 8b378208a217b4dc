// Reads the response body into text while counting its bytes, and stops the moment the cap of
// this request is passed (a declared Content-Length past the cap stops it before reading). The
// cap is the per-response cap, or what is left of a list's byte cap, whichever is smaller; both
// are final errors naming the option that sets them.

import type { Readable } from "node:stream";
import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { BatchLookupError } from "../errors";
import { type ByteLimit, bodyStreamOf, requestContext } from "./request-context";

export const bodyCapPolicyName = "azureBatchLookupBodyCap";

export function bodyCapPolicy(): PipelinePolicy {
  return {
    name: bodyCapPolicyName,
    async sendRequest(request, next) {
      const response = await next(request);
      const body = bodyStreamOf(response);
      if (body === undefined) return response;
      const context = requestContext(request);
      const limit = context.byteLimit;
      const declared = response.headers.get("content-length");
      if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit.bytes) {
        body.destroy();
        throw tooLarge(response, context.what, limit, `declares ${declared} bytes, more than`);
      }
      const { text, bytes } = await readCapped(body, limit, () => tooLarge(response, context.what, limit, "is longer than"));
      context.bytesRead = bytes;
      response.bodyAsText = text;
      response.readableStreamBody = undefined;
      return response;
    },
  };
}

async function readCapped(body: Readable, limit: ByteLimit, onExceeded: () => BatchLookupError): Promise<{ text: string; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  // A stream error (a reset, a stalled body, the attempt's timeout) propagates as it is: the
  // retry policy classifies it.
  for await (const chunk of body) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buffer.length;
    if (bytes > limit.bytes) {
      const err = onExceeded();
      body.destroy();
      throw err;
    }
    chunks.push(buffer);
  }
  return { text: Buffer.concat(chunks, bytes).toString("utf8"), bytes };
}

function tooLarge(response: PipelineResponse, what: string, limit: ByteLimit, how: string): BatchLookupError {
  const requestId = response.headers.get("x-ms-request-id");
  return new BatchLookupError({
    code: limit.code,
    statusCode: response.status,
    ...(requestId === undefined ? {} : { requestId }),
    message: `Reading ${what} failed: the HTTP ${response.status} answer ${how} the cap of ${limit.bytes} bytes (${limit.option}); it was not read further and is not retried.`,
  });
}
