import type { PipelineResponse } from "@azure/core-rest-pipeline";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Limiter } from "../../../provider/client/concurrency";
import { failureError } from "../../../provider/client/lookup-errors";
import { BatchLookupError } from "../../../provider/errors";
import { deadlinePolicy } from "../../../provider/pipeline/deadline-policy";
import { DeadlineExceeded, OriginRefused } from "../../../provider/pipeline/failures";
import { limiterPolicy } from "../../../provider/pipeline/limiter-policy";
import { originPolicy } from "../../../provider/pipeline/origin-policy";
import type { LookupBudget } from "../../../provider/pipeline/request-settings";
import { failedRead, requestWithSettings, response } from "./fakes";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A deadline the test ends by hand (AbortSignal.timeout runs on real timers). */
function manualBudget(totalTimeoutMs: number): { budget: LookupBudget; expire(): void } {
  const controller = new AbortController();
  return { budget: { started: Date.now(), deadline: controller.signal, totalTimeoutMs }, expire: () => controller.abort() };
}

describe("deadline policy", () => {
  it("fails at the deadline even if the request below never settles, and aborts the request's signal", async () => {
    const { budget, expire } = manualBudget(1000);
    const { request } = requestWithSettings(undefined, { budget });
    let seen: AbortSignal | undefined;
    const pending = deadlinePolicy()
      .sendRequest(request, (req) => {
        seen = req.abortSignal as AbortSignal;
        return new Promise<PipelineResponse>(() => {});
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1);
    expire();
    const failure = await pending;
    expect(failure).toBeInstanceOf(DeadlineExceeded);
    expect(seen?.aborted).toBe(true);
    // The client's boundary says what was read and how far it got.
    const err = failureError(failure, failedRead(0));
    expect(err.code).toBe("RequestTimeout");
    expect(err.message).toBe(
      "Reading the thing failed: no answer within the total timeout of 1000 ms (no request was sent: still waiting for an access token or a free request slot).",
    );
    expect(failureError(failure, failedRead(1)).message).toMatch(/total timeout of 1000 ms after 1 attempt\.$/);
    expect(failureError(failure, { ...failedRead(3), totalTimeoutMs: 500 }).message).toMatch(/total timeout of 500 ms after 3 attempts\.$/);
  });

  it("fails at once when the deadline has already passed (the next page of a list)", async () => {
    const { budget, expire } = manualBudget(10);
    const { request } = requestWithSettings(undefined, { budget });
    expire();
    let called = false;
    const err = await deadlinePolicy()
      .sendRequest(request, async () => {
        called = true;
        return response(request, 200);
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceeded);
    expect(called).toBe(false);
  });

  it("passes answers and errors through before the deadline", async () => {
    const { request } = requestWithSettings();
    expect((await deadlinePolicy().sendRequest(request, async () => response(request, 200))).status).toBe(200);
    const mine = new BatchLookupError({ code: "X", message: "x" });
    await expect(deadlinePolicy().sendRequest(requestWithSettings().request, async () => Promise.reject(mine))).rejects.toBe(mine);
  });
});

describe("limiter policy", () => {
  it("lets at most `limit` requests through at once", async () => {
    const limiter = new Limiter(2);
    const policy = limiterPolicy(limiter);
    let active = 0;
    let peak = 0;
    const requests = Array.from({ length: 5 }, () => requestWithSettings());
    const all = Promise.all(
      requests.map(({ request }) =>
        policy.sendRequest(request, async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 100));
          active--;
          return response(request, 200);
        }),
      ),
    );
    await vi.advanceTimersByTimeAsync(300);
    await all;
    expect(peak).toBe(2);
  });

  it("a waiter whose signal aborts leaves the queue and never runs", async () => {
    const limiter = new Limiter(1);
    const policy = limiterPolicy(limiter);
    const holder = requestWithSettings();
    let release!: () => void;
    const held = policy.sendRequest(holder.request, () => new Promise((r) => (release = () => r(response(holder.request, 200)))));
    const waiter = requestWithSettings();
    const controller = new AbortController();
    waiter.request.abortSignal = controller.signal;
    let ran = false;
    const waiting = policy.sendRequest(waiter.request, async () => {
      ran = true;
      return response(waiter.request, 200);
    });
    controller.abort(new Error("deadline"));
    await expect(waiting).rejects.toThrow("deadline");
    release();
    await held;
    expect(ran).toBe(false);
  });
});

describe("origin policy", () => {
  it.each([
    "https://evil.example.com/x",
    "https://management.azure.com:444/x",
    "http://management.azure.com/x",
    "https://management.azure.com@evil.example.com/x",
  ])("refuses %s before anything is sent", async (url) => {
    const { request } = requestWithSettings(url);
    let called = false;
    const err = await originPolicy("https://management.azure.com")
      .sendRequest(request, async () => {
        called = true;
        return response(request, 200);
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OriginRefused);
    expect(called).toBe(false);
    const lookupError = failureError(err, failedRead(0));
    expect(lookupError.code).toBe("UnsafeNextLink");
    expect(lookupError.message).toMatch("the bearer token is sent only to the configured ARM endpoint https://management.azure.com");
  });

  it("lets the configured origin through", async () => {
    const { request } = requestWithSettings("https://management.azure.com/subscriptions?api-version=1");
    expect((await originPolicy("https://management.azure.com").sendRequest(request, async () => response(request, 200))).status).toBe(200);
  });
});
