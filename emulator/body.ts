/** Reading request bodies (Resource Graph queries, admin requests), bounded in size. */
import type { IncomingMessage } from "node:http";

/**
 * The request body as UTF-8 text, or undefined when it is larger than `limit` bytes (the rest is
 * read and dropped, so the connection stays usable for the answer).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
