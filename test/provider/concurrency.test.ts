import { describe, expect, it } from "vitest";
import { InflightRequests, Limiter } from "../../provider/concurrency";

describe("Limiter", () => {
  it("never runs more than its limit at once, and runs everything", async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 1 + (i % 3)));
          active--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(limiter.peak).toBe(3);
  });

  it("releases its slot when a task fails", async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run(async () => "ok")).resolves.toBe("ok");
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
    const [a, b, c] = await Promise.all([
      shared.run("k", task, structuredClone),
      shared.run("k", task, structuredClone),
      shared.run("other", task),
    ]);
    expect(calls).toBe(2);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(c).toEqual({ n: 1 });
    expect(shared.size).toBe(0);
    await shared.run("k", task);
    expect(calls).toBe(3);
  });
});
