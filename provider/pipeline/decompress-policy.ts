// Asks for compressed answers (Accept-Encoding: gzip, deflate, br) and decodes them as they
// stream, so the size cap above counts decoded bytes (a small gzip bomb is stopped at the cap).
// A body that does not decode as its Content-Encoding says, or an encoding this library does not
// know, is final (UndecodableBody): the same answer would come again.

import { PassThrough, type Readable, type Transform } from "node:stream";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { UndecodableBody } from "./failures";
import { bodyStreamOf } from "./request-settings";

const decompressPolicyName = "azureBatchLookupDecompress";

export const ACCEPT_ENCODING = "gzip, deflate, br";

let zlib: typeof import("node:zlib") | undefined;

function decoderFor(encoding: string): Transform | undefined {
  zlib ??= require("node:zlib") as typeof import("node:zlib");
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

export function decompressPolicy(): PipelinePolicy {
  return {
    name: decompressPolicyName,
    async sendRequest(request, next) {
      request.headers.set("accept-encoding", ACCEPT_ENCODING);
      const response = await next(request);
      const header = response.headers.get("content-encoding");
      const body = bodyStreamOf(response);
      if (header === undefined || body === undefined) return response;
      // Codings apply in the order listed, so they are undone from the last to the first.
      const codings = header
        .split(",")
        .map((c) => c.trim().toLowerCase())
        .filter((c) => c !== "" && c !== "identity")
        .reverse();
      if (codings.length === 0) return response;
      let stream: Readable = body;
      const decoders: Transform[] = [];
      for (const coding of codings) {
        const decoder = decoderFor(coding);
        if (decoder === undefined) {
          body.destroy();
          for (const d of decoders) d.destroy();
          throw new UndecodableBody(response, `its Content-Encoding "${header}" is not one this client asked for (${ACCEPT_ENCODING})`);
        }
        decoders.push(decoder);
      }
      const out = new PassThrough();
      // pipe() does not forward errors: a transport error of the body passes on unchanged, a
      // decoder's error becomes an InvalidResponse.
      body.on("error", (err) => out.destroy(err));
      for (const decoder of decoders) {
        decoder.on("error", (err) => out.destroy(new UndecodableBody(response, `its body is not valid ${header} data (${err.message})`)));
        stream = stream.pipe(decoder);
      }
      stream.pipe(out);
      out.on("close", () => {
        body.destroy();
        for (const d of decoders) d.destroy();
      });
      response.headers.delete("content-encoding");
      // The length was the encoded length.
      response.headers.delete("content-length");
      response.readableStreamBody = out;
      return response;
    },
  };
}
