// A lookup's time budget: its deadline aborts with a TimeoutError when the time is up, and its
// owner's end() clears the timer (a lookup that ended keeps nothing alive until the timeout would
// have passed: an audit makes hundreds of thousands of lookups).
import { afterEach, describe, expect, it, vi } from "vitest";
import { startBudget } from "../../../provider/pipeline/request-settings";

afterEach(() => {
  vi.useRealTimers();
});

describe("startBudget", () => {
  it("aborts its deadline with a TimeoutError when the time is up", () => {
    vi.useFakeTimers();
    const budget = startBudget(1000);
    vi.advanceTimersByTime(999);
    expect(budget.deadline.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(budget.deadline.aborted).toBe(true);
    expect((budget.deadline.reason as DOMException).name).toBe("TimeoutError");
  });

  it("end() clears the timer: no timer is left, and the deadline never fires", () => {
    vi.useFakeTimers();
    const budget = startBudget(1000);
    expect(vi.getTimerCount()).toBe(1);
    budget.end();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(budget.deadline.aborted).toBe(false);
  });
});
