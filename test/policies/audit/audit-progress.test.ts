// Progress of the audit command: on stderr when it is a terminal (the child-process tests see a
// pipe, so the terminal case is checked here on a stream that says it is one), never with
// --no-progress; on a terminal one line rewritten in place, in a log a line at most every
// CI_INTERVAL_MS; both show the library's retries and throttling waits, published on its channel.

import { channel } from "node:diagnostics_channel";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { CI_INTERVAL_MS, createProgress } from "../../../policies/audit/progress";
import { WAIT_EVENTS_CHANNEL, type WaitEvent } from "../../../provider";

function stream(isTTY: boolean, columns = 200): { stream: NodeJS.WriteStream; text: () => string; lines: () => string[] } {
  const s = new PassThrough();
  let text = "";
  s.setEncoding("utf8").on("data", (d: string) => (text += d));
  Object.assign(s, { isTTY, columns });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => text, lines: () => text.split("\n").filter((l) => l !== "") };
}

const flush = () => new Promise((r) => setImmediate(r));

/** A clock the test moves. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("audit progress on a terminal", () => {
  it("is one line rewritten in place, cleared at the end, with the stage and the elapsed time", async () => {
    const c = clock();
    const tty = stream(true);
    const p = createProgress({ now: c.now }, tty.stream);
    p.listing("subscription 0000");
    c.advance(1234);
    p.listed(3, 1234);
    for (let i = 1; i <= 3; i++) p.judged(i, 3);
    p.done();
    await flush();
    const text = tty.text();
    expect(text).not.toContain("\n");
    const frames = text.split("\r\x1b[2K").filter((f) => f !== "");
    expect(frames[0]).toBe("azure-batch-policies audit: listing Batch accounts in subscription 0000 (0.0 s)");
    expect(frames.at(-1)).toBe("azure-batch-policies audit: judged 3/3 accounts (1.2 s)");
    expect(text.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("shows retries and throttling waits the library publishes, counting the wait down", async () => {
    const c = clock();
    const tty = stream(true);
    const p = createProgress({ now: c.now }, tty.stream);
    p.listing("every subscription of the tenant");
    const waits = channel(WAIT_EVENTS_CHANNEL);
    const event: WaitEvent = { kind: "retry", delayMs: 4000, attempt: 3, throttled: true, reason: "HTTP 429", host: "127.0.0.1:443" };
    waits.publish(event);
    await flush();
    const frames = () =>
      tty
        .text()
        .split("\r\x1b[2K")
        .filter((f) => f !== "");
    expect(frames().at(-1)).toBe(
      "azure-batch-policies audit: listing Batch accounts in every subscription of the tenant (0.0 s); 1 retry, 1 throttled; HTTP 429 from 127.0.0.1:443: attempt 3 in 4.0 s",
    );
    c.advance(1500);
    p.listed(16, 1500);
    expect(frames().at(-1)).toContain("attempt 3 in 2.5 s");
    c.advance(3000);
    p.judged(16, 16);
    expect(frames().at(-1)).toBe("azure-batch-policies audit: judged 16/16 accounts (4.5 s); 1 retry, 1 throttled");
    p.done();
    // Unsubscribed at the end: a later wait changes nothing.
    const before = tty.text();
    waits.publish(event);
    expect(tty.text()).toBe(before);
  });

  it("clears its line before report lines are written to the same terminal, and writes nothing for that in a log", async () => {
    const tty = stream(true);
    const p = createProgress({}, tty.stream);
    p.listing("subscription 0000");
    const before = tty.text();
    p.clear();
    expect(tty.text()).toBe(`${before}\r\x1b[2K`);
    p.done();
    const log = stream(false);
    const q = createProgress({ enabled: true }, log.stream);
    q.listing("subscription 0000");
    const logged = log.text();
    q.clear();
    expect(log.text()).toBe(logged);
    q.done();
  });

  it("fits the line to the terminal's width", async () => {
    const tty = stream(true, 40);
    const p = createProgress({}, tty.stream);
    p.listing("management groups contoso, fabrikam, northwind");
    p.done();
    for (const frame of tty.text().split("\r\x1b[2K")) expect(frame.length).toBeLessThanOrEqual(39);
  });
});

describe("audit progress in a log (not a terminal)", () => {
  it("is off by default outside CI, and follows --progress / --no-progress over the terminal check", async () => {
    const pipe = stream(false);
    const off = createProgress({ env: {} }, pipe.stream);
    off.listing("x");
    off.done();
    const forcedOff = stream(true);
    const p = createProgress({ enabled: false }, forcedOff.stream);
    p.listing("x");
    p.done();
    await flush();
    expect(pipe.text()).toBe("");
    expect(forcedOff.text()).toBe("");
  });

  it("is on by default in CI (the CI variable set to anything but false or 0)", async () => {
    for (const [value, shown] of [
      ["true", true],
      ["1", true],
      ["false", false],
      ["0", false],
      ["", false],
    ] as const) {
      const log = stream(false);
      const p = createProgress({ env: { CI: value } }, log.stream);
      p.listing("subscription x");
      p.done();
      await flush();
      expect(log.text().includes("subscription x"), `CI=${JSON.stringify(value)}`).toBe(shown);
    }
  });

  it("prints a line at most every CI_INTERVAL_MS, and the last state at the end", async () => {
    const c = clock();
    const log = stream(false);
    const p = createProgress({ enabled: true, now: c.now }, log.stream);
    p.listing("subscription 0000");
    p.listed(10_000, 800);
    for (let i = 1; i <= 10_000; i++) {
      if (i % 100 === 0) c.advance(200); // 20 s in all
      p.read(i, 10_000);
    }
    channel(WAIT_EVENTS_CHANNEL).publish({
      kind: "quota",
      delayMs: 3000,
      throttled: true,
      reason: "the Resource Graph quota window",
    } satisfies WaitEvent);
    p.done();
    await flush();
    const lines = log.lines();
    expect(lines[0]).toBe("azure-batch-policies audit: listing Batch accounts in subscription 0000 (0.0 s)");
    expect(lines.length).toBeLessThanOrEqual(1 + 20_000 / CI_INTERVAL_MS + 1);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.at(-1)).toBe(
      "azure-batch-policies audit: read the pools, diagnostic settings and DNS zone groups of 10000/10000 accounts (20.0 s); waiting for the Resource Graph quota window 3.0 s",
    );
    for (const line of lines) expect(line).not.toContain("\r");
  });
});
