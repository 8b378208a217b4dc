// Reads the response body into text while counting its bytes, and stops the moment the request's
// cap is passed (a declared Content-Length past the cap stops it before reading). The cap is the
// per-response cap, or what is left of a list's byte cap, whichever is smaller: the client sets it.

import type { Readable } from "node:stream";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { BodyTooLarge } from "./failures";
import { bodyStreamOf, requestSettings } from "./request-settings";

export const bodyCapPolicyName = "azureBatchLookupBodyCap";

export function bodyCapPolicy(): PipelinePolicy {
  return {
    name: bodyCapPolicyName,
    async sendRequest(request, next) {
      const response = await next(request);
      const body = bodyStreamOf(response);
      if (body === undefined) return response;
      const limit = requestSettings(request).maxBodyBytes;
      const declared = response.headers.get("content-length");
      if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit) {
        body.destroy();
        throw new BodyTooLarge(response, limit, Number(declared));
      }
      const text = await readCapped(body, limit, () => new BodyTooLarge(response, limit));
      response.bodyAsText = text;
      response.readableStreamBody = undefined;
      return response;
    },
  };
}

async function readCapped(body: Readable, limit: number, onExceeded: () => BodyTooLarge): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  // A stream error (a reset, a stalled body, the attempt's timeout) propagates as it is: the
  // retry policy classifies it.
  for await (const chunk of body) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buffer.length;
    if (bytes > limit) {
      const err = onExceeded();
      body.destroy();
      throw err;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, bytes).toString("utf8");
}
