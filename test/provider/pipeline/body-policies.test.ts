import { PassThrough, Readable } from "node:stream";
import * as zlib from "node:zlib";
import type { PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { bodyCapPolicy } from "../../../provider/pipeline/body-cap-policy";
import { decompressPolicy } from "../../../provider/pipeline/decompress-policy";
import { BodyTooLarge, UndecodableBody } from "../../../provider/pipeline/failures";
import { asLookupError, failedRead, requestWithSettings, response } from "./fakes";

const JSON_BODY = JSON.stringify({ value: Array.from({ length: 50 }, (_, i) => ({ id: `account-${i}` })) });

/** The two body policies stacked as in the pipeline, over a fake `next`. */
function read(request: PipelineRequest, next: (req: PipelineRequest) => Promise<PipelineResponse>): Promise<PipelineResponse> {
  const decompress = decompressPolicy();
  return bodyCapPolicy().sendRequest(request, (req) => decompress.sendRequest(req, next));
}

describe("decompression", () => {
  it("asks for gzip, deflate and br", async () => {
    const { request } = requestWithSettings();
    await read(request, async (req) => response(req, 200, {}, Buffer.from("{}")));
    expect(request.headers.get("accept-encoding")).toBe("gzip, deflate, br");
  });

  it.each([
    ["gzip", zlib.gzipSync],
    ["x-gzip", zlib.gzipSync],
    ["deflate", zlib.deflateSync],
    ["br", zlib.brotliCompressSync],
    ["GZIP", zlib.gzipSync],
  ] as const)("decodes %s while streaming", async (encoding, encode) => {
    const { request } = requestWithSettings(undefined, { maxBodyBytes: 10_000 });
    const res = await read(request, async (req) =>
      response(req, 200, { "content-encoding": encoding, "content-length": "5" }, Buffer.from(encode(Buffer.from(JSON_BODY)))),
    );
    expect(res.bodyAsText).toBe(JSON_BODY);
    expect(res.headers.get("content-encoding")).toBeUndefined();
  });

  it("decodes two codings in the order given (gzip, then br)", async () => {
    const { request } = requestWithSettings(undefined, { maxBodyBytes: 10_000 });
    const twice = zlib.brotliCompressSync(zlib.gzipSync(Buffer.from(JSON_BODY)));
    const res = await read(request, async (req) => response(req, 200, { "content-encoding": "gzip, br" }, Buffer.from(twice)));
    expect(res.bodyAsText).toBe(JSON_BODY);
  });

  it("identity is no coding", async () => {
    const { request } = requestWithSettings();
    const res = await read(request, async (req) => response(req, 200, { "content-encoding": "identity" }, Buffer.from("{}")));
    expect(res.bodyAsText).toBe("{}");
  });

  it("a body that is not what its Content-Encoding says is a final InvalidResponse", async () => {
    const { request } = requestWithSettings();
    const err = await read(request, async (req) =>
      response(req, 200, { "content-encoding": "gzip", "x-ms-request-id": "r1" }, Buffer.from("{}")),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UndecodableBody);
    expect(asLookupError(err)).toMatchObject({ code: "InvalidResponse", statusCode: 200, requestId: "r1" });
    expect(asLookupError(err).message).toMatch(/could not be decoded: its body is not valid gzip data/);
  });

  it("an encoding it did not ask for is a final InvalidResponse", async () => {
    const { request } = requestWithSettings();
    const err = await read(request, async (req) => response(req, 200, { "content-encoding": "zstd" }, Buffer.from("{}"))).catch(
      (e: unknown) => e,
    );
    expect(asLookupError(err).code).toBe("InvalidResponse");
    expect(asLookupError(err).message).toMatch(/Content-Encoding "zstd" is not one this client asked for/);
  });

  it("a gzip bomb stops at the cap of decoded bytes", async () => {
    const { request } = requestWithSettings(undefined, { maxBodyBytes: 1_000_000 });
    const bomb = zlib.gzipSync(Buffer.alloc(50_000_000, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    const err = await read(request, async (req) => response(req, 200, { "content-encoding": "gzip" }, Buffer.from(bomb))).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BodyTooLarge);
    expect(asLookupError(err).code).toBe("ResponseTooLarge");
  });
});

describe("body cap", () => {
  it("reads a body within the cap", async () => {
    const { request } = requestWithSettings();
    const res = await bodyCapPolicy().sendRequest(request, async (req) => response(req, 200, {}, Buffer.from("héllo")));
    expect(res.bodyAsText).toBe("héllo");
    expect(res.readableStreamBody).toBeUndefined();
  });

  it("a declared Content-Length past the cap fails before reading", async () => {
    const { request } = requestWithSettings();
    const body = new PassThrough();
    const err = await bodyCapPolicy()
      .sendRequest(request, async (req) => response(req, 200, { "content-length": "1001" }, body))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ limit: 1000, declared: 1001 });
    expect(asLookupError(err)).toMatchObject({ code: "ResponseTooLarge", statusCode: 200 });
    expect(asLookupError(err).message).toBe(
      "Reading the thing failed: the HTTP 200 answer declares 1001 bytes, more than the cap of 1000 bytes (limits.maxResponseBytes); it was not read further and is not retried.",
    );
    expect(body.destroyed).toBe(true);
  });

  it("a body that never ends stops at the cap, and its stream is destroyed", async () => {
    const { request } = requestWithSettings();
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 100;
        this.push(Buffer.alloc(100, 0x61));
      },
    });
    const err = await bodyCapPolicy()
      .sendRequest(request, async (req) => response(req, 200, {}, endless))
      .catch((e: unknown) => e);
    expect(asLookupError(err)).toMatchObject({ code: "ResponseTooLarge" });
    expect(asLookupError(err).message).toMatch(/answer is longer than the cap of 1000 bytes \(limits.maxResponseBytes\)/);
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(5000);
  });

  it("names the list cap when it is the smaller one", async () => {
    const cap = {
      bytes: 10,
      code: "ListTooLarge",
      option: "limits.maxListBytes: 100 bytes for the whole list, 90 read before this page",
    } as const;
    const { request } = requestWithSettings(undefined, { maxBodyBytes: cap.bytes });
    const err = await bodyCapPolicy()
      .sendRequest(request, async (req) => response(req, 200, {}, Buffer.alloc(11)))
      .catch((e: unknown) => e);
    expect(asLookupError(err, failedRead(1, cap))).toMatchObject({ code: "ListTooLarge" });
    expect(asLookupError(err, failedRead(1, cap)).message).toMatch(
      /limits.maxListBytes: 100 bytes for the whole list, 90 read before this page/,
    );
  });

  it("a stream error propagates unchanged (the retry policy classifies it)", async () => {
    const { request } = requestWithSettings();
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const err = await bodyCapPolicy()
      .sendRequest(request, async (req) => response(req, 200, {}, failing))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ECONNRESET" });
  });
});
