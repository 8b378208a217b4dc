import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InflightRequests, Limiter } from "../../../provider/client/concurrency";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Limiter", () => {
  it("never runs more than its limit at once, and runs everything", async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const all = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          active++;
          peak = Math.max(peak, active);
          order.push(i);
          await new Promise((r) => setTimeout(r, 1 + (i % 3)));
          active--;
          return i;
        }),
      ),
    );
    // The first three run at once; the others wait for a slot.
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([0, 1, 2]);
    await vi.runAllTimersAsync();
    const results = await all;
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Waiters got their slots in the order they asked.
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(limiter.peak).toBe(3);
  });

  it("releases its slot when a task fails", async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run(async () => "ok")).resolves.toBe("ok");
  });

  it("a waiter that gives up leaves the queue without taking or leaking a slot", async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const holder = limiter.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    let ran = false;
    const waiter = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new Error("deadline"));
    await expect(waiter).rejects.toThrow("deadline");
    release();
    await holder;
    expect(ran).toBe(false);
    // The slot is free again, exactly once.
    let active = 0;
    let peak = 0;
    const three = Promise.all(
      [1, 2, 3].map(() =>
        limiter.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    await vi.advanceTimersByTimeAsync(15);
    await three;
    expect(peak).toBe(1);
    expect(limiter.peak).toBe(1);
  });
});

describe("InflightRequests", () => {
  it("shares one task among concurrent callers, giving joiners their own copy", async () => {
    const shared = new InflightRequests<{ n: number }>();
    let calls = 0;
    const task = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return { n: 1 };
    };
    const all = Promise.all([shared.run("k", task, structuredClone), shared.run("k", task, structuredClone), shared.run("other", task)]);
    // Both keys are pending until the tasks' timers fire.
    expect(shared.size).toBe(2);
    await vi.advanceTimersByTimeAsync(5);
    const [a, b, c] = await all;
    expect(calls).toBe(2);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(c).toEqual({ n: 1 });
    expect(shared.size).toBe(0);
    const again = shared.run("k", task);
    await vi.advanceTimersByTimeAsync(5);
    await again;
    expect(calls).toBe(3);
  });
});
