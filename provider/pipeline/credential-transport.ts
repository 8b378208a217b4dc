// The HttpClient that @azure/identity (and MSAL through it) sends token requests with: the
// client's own transport (its proxy, NO_PROXY, extra CA and timeouts), with the body read into
// `bodyAsText` as the Azure SDK's own clients expect. Token answers are small: a body larger
// than MAX_TOKEN_ANSWER_BYTES fails.

import type { HttpClient, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { bodyStreamOf } from "./request-settings";

const MAX_TOKEN_ANSWER_BYTES = 1024 * 1024;

/** A transport of its own for each request, closed once the answer is read. */
export type TransportFactory = () => HttpClient & { close(): Promise<void> };

/**
 * `transport` is the client's (shared, closed with the client), or a factory of one transport per
 * request: MSAL keeps the first managed identity's network client for the whole process, so that
 * one must not depend on a client that may be closed.
 */
export function credentialHttpClient(transport: HttpClient | TransportFactory): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (typeof transport !== "function") return readAnswer(request, transport);
      const own = transport();
      try {
        return await readAnswer(request, own);
      } finally {
        await own.close();
      }
    },
  };
}

async function readAnswer(request: PipelineRequest, transport: HttpClient): Promise<PipelineResponse> {
  // The transport does not decode: ask for the body as it is.
  request.headers.delete("accept-encoding");
  const response = await transport.sendRequest(request);
  const stream = bodyStreamOf(response);
  if (stream === undefined) return response;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_TOKEN_ANSWER_BYTES) {
      stream.destroy();
      throw new Error(`the token service's answer is larger than ${MAX_TOKEN_ANSWER_BYTES} bytes`);
    }
    chunks.push(buffer);
  }
  const { readableStreamBody: _, ...rest } = response;
  return { ...rest, bodyAsText: Buffer.concat(chunks).toString("utf8") };
}
