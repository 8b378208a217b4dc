/**
 * The total timeout bounds a whole lookup: every page of a list, every attempt, every wait,
 * waiting for an access token and waiting for a free request slot. A list that runs out of time
 * returns an error, never a partial list.
 *
 * No case measures its duration (a loaded machine stretches any duration; timing belongs to the
 * bench): the error's message says which limit ended the lookup, and the emulator's counts and the
 * order in which lookups settle say that nothing ran on past it.
 */

import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { BatchLookupError, closeClients, getBatchAccount, listBatchAccounts, StaticTokenCredential } from "../../provider";
import { whenServed } from "../support/server-events";
import { ACCOUNT, optionsFor, RG, SUB, startPagedEmulator } from "./helpers";

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

async function settle<T>(promise: Promise<T>): Promise<{ result?: T; error?: BatchLookupError }> {
  try {
    return { result: await promise };
  } catch (err) {
    expect(err).toBeInstanceOf(BatchLookupError);
    return { error: err as BatchLookupError };
  }
}

describe("the total timeout bounds the whole lookup", () => {
  it("a list whose pages are each slow (but within the per-attempt timeouts) stops at the total timeout, not per page", async () => {
    // Every page answers after 900 ms: three pages need 2.7 s; the lookup has 1.5 s.
    emu.injectFault({ kind: "slow-headers", route: "list", delayMs: 900 });
    const totalTimeoutMs = 1500;
    const out = await settle(
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
    // Page 1 at ~0.9 s, page 2 cut at 1.5 s: a per-page budget would have returned all three pages at ~2.7 s.
    expect(emu.stats().byRoute.list).toBe(2);
  });

  it("attempts that keep timing out stop at the total timeout", async () => {
    emu.injectFault({ kind: "slow-headers", route: "get", delayMs: 5000 });
    const totalTimeoutMs = 1200;
    const out = await settle(
      getBatchAccount(
        { accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB },
        optionsFor(emu, {
          retry: { maxRetries: 10, baseDelayMs: 10, maxDelayMs: 20, totalTimeoutMs },
          timeouts: { headersMs: 300, bodyMs: 300, attemptMs: 400, connectMs: 1000 },
        }),
      ),
    );
    expect(out.error?.code).toBe("RequestTimeout");
    // 300 ms an attempt: the deadline (not the 11 attempts maxRetries allows) ended it.
    expect(out.error?.message).toMatch(`total timeout of ${totalTimeoutMs} ms`);
    expect(emu.stats().byRoute.get).toBeLessThan(11);
  });

  it("a body that trickles (never idle long enough for bodyMs) is cut by attemptMs, then retried", async () => {
    // 30 pieces 100 ms apart: bodyMs (400) never fires, attemptMs (800) does.
    emu.injectFault({ kind: "slow-body", route: "get", delayMs: 3000, chunks: 30, times: 1 });
    const opts = optionsFor(emu, {
      retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 20, totalTimeoutMs: 5000 },
      timeouts: { headersMs: 400, bodyMs: 400, attemptMs: 800, connectMs: 1000 },
    });
    const out = await settle(getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, opts));
    expect(out.error).toBeUndefined();
    expect(out.result?.name).toBe(ACCOUNT);
    expect(emu.stats().byRoute.get).toBe(2);

    emu.injectFault({ kind: "slow-body", route: "get", delayMs: 3000, chunks: 30 });
    const persistent = await settle(
      getBatchAccount({ accountName: ACCOUNT.toUpperCase(), resourceGroupName: RG, subscriptionId: SUB }, opts),
    );
    expect(persistent.error?.code).toBe("RequestTimeout");
    expect(persistent.error?.message).toMatch(/failed after 4 attempts: no complete response within 800 ms/);
  });

  it("a credential that never answers cannot hold a lookup past the total timeout, and nothing is sent", async () => {
    const hanging: TokenCredential = { getToken: () => new Promise<AccessToken>(() => {}) };
    const totalTimeoutMs = 600;
    const out = await settle(
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
    expect(emu.stats().total).toBe(0);
  });

  it("a credential that fails is reported as such, with its reason, without a request", async () => {
    const failing: TokenCredential = { getToken: () => Promise.reject(new Error("AADSTS700016: application not found")) };
    const out = await settle(
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
    const settled: string[] = [];
    const b = settle(getBatchAccount({ accountName: "sampleacct", resourceGroupName: RG, subscriptionId: SUB }, opts)).finally(() =>
      settled.push("B"),
    );
    // A starts once B's first attempt is answered: B then backs off, without the slot.
    await whenServed(() => emu.stats().byStatus["503"] === 1, "the 503 to B's first attempt");
    const a = settle(getBatchAccount({ accountName: "sampleacctbyos", resourceGroupName: RG, subscriptionId: SUB }, opts)).finally(() =>
      settled.push("A"),
    );
    const [outB, outA] = await Promise.all([b, a]);
    expect(outA.error?.code).toBe("RequestTimeout");
    expect(outB.error?.code).toBe("RequestTimeout");
    expect(outB.error?.message).toMatch(/no answer within the total timeout of 1500 ms after 1 attempt/);
    // B gave up at its own deadline, before A (holding the slot until A's later deadline) let go.
    expect(settled).toEqual(["B", "A"]);
    // B's retry was never sent: the slot was never free before B's deadline.
    expect(emu.stats().requests.filter((r) => r.url.includes("/sampleacct?"))).toHaveLength(1);
  });

  it("a Retry-After longer than the time left fails at once, saying so", async () => {
    emu.injectFault({ kind: "throttle", route: "get", retryAfterSeconds: 30 });
    const out = await settle(getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, optionsFor(emu)));
    expect(out.error?.code).toBe("SubscriptionRequestsThrottled");
    expect(out.error?.statusCode).toBe(429);
    // Stopped at once, not at the deadline: the message is the Retry-After's, and one request was sent.
    expect(out.error?.message).toMatch(/Retries stopped: waiting the requested 30 s would pass the total timeout of 5000 ms/);
    expect(emu.stats().total).toBe(1);
  });
});
