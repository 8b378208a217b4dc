/**
 * ResourceGraphQuotaGate alone, on fake timers: the queries of one listing that run at once never
 * spend more of ARG's per-user window than the answers say is left.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LookupBudget } from "../../../provider/pipeline/request-settings";
import { ResourceGraphQuotaGate } from "../../../provider/tenant/quota";
import { rejection } from "../../support/errors";

const quota = (remaining: number, resetsAfter = "00:00:01") => ({
  "x-ms-user-quota-remaining": String(remaining),
  "x-ms-user-quota-resets-after": resetsAfter,
});

function budget(totalTimeoutMs = 60_000): LookupBudget {
  return { started: Date.now(), deadline: new AbortController().signal, totalTimeoutMs };
}

/** Starts `n` queries; returns how many have started so far, as the timers run. */
function startMany(gate: ResourceGraphQuotaGate, n: number, b = budget()): { started: () => number } {
  let started = 0;
  for (let i = 0; i < n; i++) {
    void gate.start(b, "test").then(() => {
      started++;
    });
  }
  return { started: () => started };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("ResourceGraphQuotaGate", () => {
  it("before any answer, queries start at once", async () => {
    const gate = new ResourceGraphQuotaGate();
    const { started } = startMany(gate, 5);
    await vi.advanceTimersByTimeAsync(0);
    expect(started()).toBe(5);
  });

  it("starts only as many queries as the window has left, counting those running; the rest wait for the reset", async () => {
    const gate = new ResourceGraphQuotaGate();
    await gate.start(budget(), "test");
    gate.finished(quota(2)); // a window of 3: 2 left for 1 s
    const { started } = startMany(gate, 5);
    await vi.advanceTimersByTimeAsync(0);
    expect(started()).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(started()).toBe(2);
    // The window resets: as many as a window was seen to allow (3), less those still running (2).
    await vi.advanceTimersByTimeAsync(1);
    expect(started()).toBe(3);
    // Until the new window's first answer says more, the others wait for answers.
    gate.finished(quota(1));
    await vi.advanceTimersByTimeAsync(0);
    // 1 left in the new window, 2 still running: nothing more starts.
    expect(started()).toBe(3);
    gate.finished(quota(0));
    gate.finished(quota(0));
    await vi.advanceTimersByTimeAsync(0);
    expect(started()).toBe(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started()).toBe(5);
  });

  it("answers of one window arriving out of order: the lowest count left holds", async () => {
    const gate = new ResourceGraphQuotaGate();
    await gate.start(budget(), "test");
    await gate.start(budget(), "test");
    gate.finished(quota(0));
    gate.finished(quota(1)); // older answer, arrived later
    const { started } = startMany(gate, 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(started()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started()).toBe(1);
  });

  it("a query that failed without an answer frees its place; answers without quota headers change nothing", async () => {
    const gate = new ResourceGraphQuotaGate();
    await gate.start(budget(), "test");
    gate.finished(quota(1, "00:00:30"));
    await gate.start(budget(), "test");
    const { started } = startMany(gate, 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(started()).toBe(0);
    gate.finished();
    await vi.advanceTimersByTimeAsync(0);
    expect(started()).toBe(1);
    // The answer ended the wait for the reset, timer included (a CLI would otherwise stay 30 s).
    expect(vi.getTimerCount()).toBe(0);
    gate.finished({});
    const more = startMany(gate, 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(more.started()).toBe(1);
  });

  it("a wait for the reset that would pass the listing's total timeout fails at once with RequestTimeout", async () => {
    const gate = new ResourceGraphQuotaGate();
    await gate.start(budget(), "test");
    gate.finished(quota(0, "00:01:00"));
    const err = await rejection(gate.start(budget(10_000), "the accounts"));
    expect(err.code).toBe("RequestTimeout");
    expect(err.message).toContain("total timeout of 10000 ms");
  });
});
