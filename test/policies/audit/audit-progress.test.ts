// Progress of the audit command: on stderr when it is a terminal (the child-process tests see a
// pipe, so the terminal case is checked here on a stream that says it is one), never with
// --no-progress, and a handful of lines however many accounts are judged.

import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../../policies/audit/progress";

function stream(isTTY: boolean): { stream: NodeJS.WriteStream; lines: () => string[] } {
  const s = new PassThrough();
  let text = "";
  s.setEncoding("utf8").on("data", (d: string) => (text += d));
  Object.assign(s, { isTTY });
  return { stream: s as unknown as NodeJS.WriteStream, lines: () => text.split("\n").filter((l) => l !== "") };
}

function runThrough(progress: ReturnType<typeof createProgress>, total: number): void {
  progress.listing("subscription 0000");
  progress.listed(total, 1234);
  for (let i = 1; i <= total; i++) progress.judged(i, total);
}

describe("audit progress", () => {
  it("is shown by default when stderr is a terminal, and not when it is not", async () => {
    const tty = stream(true);
    runThrough(createProgress(undefined, tty.stream), 3);
    await new Promise((r) => setImmediate(r));
    expect(tty.lines()).toEqual([
      "azure-batch-policies audit: listing Batch accounts in subscription 0000...",
      "azure-batch-policies audit: listed 3 accounts in 1.2 s",
      "azure-batch-policies audit: judged 1/3 accounts",
      "azure-batch-policies audit: judged 2/3 accounts",
      "azure-batch-policies audit: judged 3/3 accounts",
    ]);
    const pipe = stream(false);
    runThrough(createProgress(undefined, pipe.stream), 3);
    await new Promise((r) => setImmediate(r));
    expect(pipe.lines()).toEqual([]);
  });

  it("follows --progress / --no-progress over the terminal check", async () => {
    const forcedOff = stream(true);
    runThrough(createProgress(false, forcedOff.stream), 3);
    const forcedOn = stream(false);
    runThrough(createProgress(true, forcedOn.stream), 3);
    await new Promise((r) => setImmediate(r));
    expect(forcedOff.lines()).toEqual([]);
    expect(forcedOn.lines()).toHaveLength(5);
  });

  it("reports judging about every tenth of the accounts, and the last one", async () => {
    const s = stream(true);
    runThrough(createProgress(undefined, s.stream), 10_000);
    await new Promise((r) => setImmediate(r));
    const judged = s.lines().filter((l) => l.includes("judged"));
    expect(judged.length).toBeLessThanOrEqual(11);
    expect(judged.at(-1)).toBe("azure-batch-policies audit: judged 10000/10000 accounts");
    expect(s.lines()[1]).toBe("azure-batch-policies audit: listed 10000 accounts in 1.2 s");
  });
});
