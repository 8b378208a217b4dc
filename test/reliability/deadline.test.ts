/**
 * The total timeout bounds a whole lookup: every page of a list, every attempt, every wait,
 * waiting for an access token and waiting for a free request slot. No case runs past it by more
 * than scheduling noise, and a list that runs out of time returns an error, never a partial list.
 */

import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { BatchLookupError, closeClients, getBatchAccount, listBatchAccounts, StaticTokenCredential } from "../../provider";
import { Limiter } from "../../provider/concurrency";
import { ACCOUNT, optionsFor, RG, SUB, startPagedEmulator } from "./helpers";

/** What "no later than the total timeout" allows for timers and the event loop. */
const SLACK_MS = 300;

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startPagedEmulator();
});
afterEach(async () => {
  await emu.stop();
});
afterAll(async () => {
  await closeClients();
});

async function timed<T>(promise: Promise<T>): Promise<{ ms: number; result?: T; error?: BatchLookupError }> {
  const started = Date.now();
  try {
    const result = await promise;
    return { ms: Date.now() - started, result };
  } catch (err) {
    expect(err).toBeInstanceOf(BatchLookupError);
    return { ms: Date.now() - started, error: err as BatchLookupError };
  }
}

describe("the total timeout bounds the whole lookup", () => {
  it("a list whose pages are each slow (but within the per-attempt timeouts) stops at the total timeout, not per page", async () => {
    // Every page answers after 900 ms: three pages need 2.7 s; the lookup has 1.5 s.
    emu.injectFault({ kind: "slow-headers", route: "list", delayMs: 900 });
    const totalTimeoutMs = 1500;
    const out = await timed(
      listBatchAccounts(
        { subscriptionId: SUB },
        optionsFor(emu, {
          retry: { maxRetries: 3, baseDelayMs: 20, maxDelayMs: 200, totalTimeoutMs },
          timeouts: { headersMs: 2000, bodyMs: 2000, attemptMs: 3000, connectMs: 1000 },
        }),
      ),
    );
    expect(out.result).toBeUndefined();
    expect(out.error?.code).toBe("RequestTimeout");
    expect(out.error?.message).toMatch(
      `Batch accounts of subscription ${SUB} failed: no answer within the total timeout of ${totalTimeoutMs} ms`,
    );
    expect(out.ms).toBeLessThan(totalTimeoutMs + SLACK_MS);
    // Page 1 at ~0.9 s, page 2 cut at 1.5 s: a per-page budget would have returned all three pages at ~2.7 s.
    expect(emu.stats().byRoute.list).toBe(2);
  });

  it("attempts that keep timing out stop at the total timeout", async () => {
    emu.injectFault({ kind: "slow-headers", route: "get", delayMs: 5000 });
    const totalTimeoutMs = 1200;
    const out = await timed(
      getBatchAccount(
        { accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB },
        optionsFor(emu, {
          retry: { maxRetries: 10, baseDelayMs: 10, maxDelayMs: 20, totalTimeoutMs },
          timeouts: { headersMs: 300, bodyMs: 300, attemptMs: 400, connectMs: 1000 },
        }),
      ),
    );
    expect(out.error?.code).toBe("RequestTimeout");
    expect(out.ms).toBeLessThan(totalTimeoutMs + SLACK_MS);
  });

  it("a body that trickles (never idle long enough for bodyMs) is cut by attemptMs, then retried", async () => {
    // 30 pieces 100 ms apart: bodyMs (400) never fires, attemptMs (800) does.
    emu.injectFault({ kind: "slow-body", route: "get", delayMs: 3000, chunks: 30, times: 1 });
    const opts = optionsFor(emu, {
      retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 20, totalTimeoutMs: 5000 },
      timeouts: { headersMs: 400, bodyMs: 400, attemptMs: 800, connectMs: 1000 },
    });
    const out = await timed(getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, opts));
    expect(out.error).toBeUndefined();
    expect(out.result?.name).toBe(ACCOUNT);
    expect(emu.stats().byRoute.get).toBe(2);

    emu.injectFault({ kind: "slow-body", route: "get", delayMs: 3000, chunks: 30 });
    const persistent = await timed(
      getBatchAccount({ accountName: ACCOUNT.toUpperCase(), resourceGroupName: RG, subscriptionId: SUB }, opts),
    );
    expect(persistent.error?.code).toBe("RequestTimeout");
    expect(persistent.error?.message).toMatch(/failed after 4 attempts: no complete response within 800 ms/);
  });

  it("a credential that never answers cannot hold a lookup past the total timeout, and nothing is sent", async () => {
    const hanging: TokenCredential = { getToken: () => new Promise<AccessToken>(() => {}) };
    const totalTimeoutMs = 600;
    const out = await timed(
      getBatchAccount(
        { accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB },
        optionsFor(emu, {
          credential: hanging,
          retry: { maxRetries: 3, baseDelayMs: 20, maxDelayMs: 200, totalTimeoutMs },
        }),
      ),
    );
    expect(out.error?.code).toBe("RequestTimeout");
    expect(out.error?.message).toMatch(
      /no answer within the total timeout of 600 ms \(no request was sent: still waiting for an access token or a free request slot\)/,
    );
    expect(out.ms).toBeLessThan(totalTimeoutMs + SLACK_MS);
    expect(emu.stats().total).toBe(0);
  });

  it("a credential that fails is reported as such, with its reason, without a request", async () => {
    const failing: TokenCredential = { getToken: () => Promise.reject(new Error("AADSTS700016: application not found")) };
    const out = await timed(
      getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, optionsFor(emu, { credential: failing })),
    );
    expect(out.error?.code).toBe("CredentialUnavailable");
    expect(out.error?.message).toMatch(/Could not get an Azure access token .*AADSTS700016: application not found/);
    expect(emu.stats().total).toBe(0);
  });

  it("waiting for a request slot counts against the total timeout", async () => {
    // One slot. B's first attempt gets a 503 and B backs off 0.5-1 s; meanwhile A (started
    // later) takes the slot and holds it until A's own deadline. B must give up at B's deadline,
    // not when A lets go.
    const totalTimeoutMs = 1500;
    const opts = optionsFor(emu, {
      credential: new StaticTokenCredential("azure-batch-lookup-emulator-token"),
      maxConcurrentRequests: 1,
      retry: { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 1000, totalTimeoutMs },
      timeouts: { headersMs: 10_000, bodyMs: 10_000, attemptMs: 10_000, connectMs: 1000 },
    });
    emu.injectFault({ kind: "status", status: 503, route: "get", path: "/sampleacct\\?", times: 1 });
    emu.injectFault({ kind: "slow-headers", route: "get", path: "/sampleacctbyos\\?", delayMs: 10_000 });
    const b = timed(getBatchAccount({ accountName: "sampleacct", resourceGroupName: RG, subscriptionId: SUB }, opts));
    await new Promise((r) => setTimeout(r, 450));
    const a = timed(getBatchAccount({ accountName: "sampleacctbyos", resourceGroupName: RG, subscriptionId: SUB }, opts));
    const [outB, outA] = await Promise.all([b, a]);
    expect(outA.error?.code).toBe("RequestTimeout");
    expect(outB.error?.code).toBe("RequestTimeout");
    expect(outB.error?.message).toMatch(/no answer within the total timeout of 1500 ms after 1 attempt/);
    expect(outB.ms).toBeLessThan(totalTimeoutMs + SLACK_MS / 2);
    // B's retry was never sent: the slot was never free before B's deadline.
    expect(emu.stats().requests.filter((r) => r.url.includes("/sampleacct?"))).toHaveLength(1);
  });

  it("a waiter that gives up leaves the limiter's queue without taking or leaking a slot", async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const holder = limiter.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiter = limiter.run(async () => "ran", controller.signal);
    controller.abort(new Error("deadline"));
    await expect(waiter).rejects.toThrow("deadline");
    release();
    await holder;
    // The slot is free again, exactly once.
    let active = 0;
    let peak = 0;
    await Promise.all(
      [1, 2, 3].map(() =>
        limiter.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(1);
    expect(limiter.peak).toBe(1);
  });

  it("a Retry-After longer than the time left fails at once, saying so", async () => {
    emu.injectFault({ kind: "throttle", route: "get", retryAfterSeconds: 30 });
    const out = await timed(getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, optionsFor(emu)));
    expect(out.error?.code).toBe("SubscriptionRequestsThrottled");
    expect(out.error?.statusCode).toBe(429);
    expect(out.error?.message).toMatch(/Retries stopped: waiting the requested 30 s would pass the total timeout of 5000 ms/);
    expect(out.ms).toBeLessThan(SLACK_MS * 2);
    expect(emu.stats().total).toBe(1);
  });
});
