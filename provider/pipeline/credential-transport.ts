// The HttpClient that @azure/identity (and MSAL through it) sends token requests with: the
// client's own transport (its proxy, NO_PROXY, extra CA and timeouts), with the body read into
// `bodyAsText` as the Azure SDK's own clients expect. Token answers are small: a body larger
// than MAX_TOKEN_ANSWER_BYTES fails.

import type { HttpClient, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { bodyStreamOf } from "./request-settings";
import { TransportError } from "./transport-errors";

const MAX_TOKEN_ANSWER_BYTES = 1024 * 1024;

export function credentialHttpClient(transport: HttpClient): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
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
          throw new TransportError(
            "protocol",
            `the token service's answer is larger than ${MAX_TOKEN_ANSWER_BYTES} bytes`,
            "BODY_TOO_LARGE",
          );
        }
        chunks.push(buffer);
      }
      const { readableStreamBody: _, ...rest } = response;
      return { ...rest, bodyAsText: Buffer.concat(chunks).toString("utf8") };
    },
  };
}
