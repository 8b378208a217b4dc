/**
 * Load: 200 concurrent lookups (195 distinct Gets and 5 multi-page Lists) against an emulator
 * that throttles 30% of requests with `Retry-After: 0`. Every lookup completes with the correct
 * result; every retry follows a 429 to the same request and every 429 is retried; in-flight
 * requests never exceed maxConcurrentRequests (seen from the emulator and from the client's
 * limiter); the numbers are printed.
 *
 * The wait a Retry-After asks for is checked once in real time, by the fault matrix (429 with
 * `Retry-After: 1` against the emulator), and on fake timers by the retry policy's unit tests: here
 * it is 0, so the suite checks counts and order without waiting seconds of real time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { type BatchAccount, closeClients, getBatchAccount, listBatchAccounts, parseBatchAccount } from "../../provider";
import { clientFor } from "../../provider/lookups/lookup-context";
import { whenServed } from "../support/server-events";
import { optionsFor } from "./helpers";

const LOAD_SUB = "0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e";
const ACCOUNTS = 200;
const RESOURCE_GROUPS = 4;
const MAX_CONCURRENT = 8;
const THROTTLE_PROBABILITY = 0.3;
const RETRY_AFTER_S = 0;

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({
    generate: { count: ACCOUNTS, subscriptionId: LOAD_SUB, resourceGroups: RESOURCE_GROUPS },
    pageSize: 40,
    seed: 7,
  });
});

afterAll(async () => {
  await closeClients();
  await emu.stop();
});

function idParts(id: string): { resourceGroupName: string; accountName: string } {
  const m = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)$/i.exec(id)!;
  return { resourceGroupName: m[1]!, accountName: m[2]! };
}

describe("load", () => {
  it(`${ACCOUNTS} concurrent lookups with ${THROTTLE_PROBABILITY * 100}% of requests throttled`, async () => {
    const raw = emu.listAccounts({ subscriptionId: LOAD_SUB });
    expect(raw).toHaveLength(ACCOUNTS);
    const expected = new Map(raw.map((a) => [a.id.toLowerCase(), parseBatchAccount(a)]));
    const groups = [...new Set(raw.map((a) => idParts(a.id).resourceGroupName))];
    expect(groups).toHaveLength(RESOURCE_GROUPS);

    const opts = optionsFor(emu, {
      maxConcurrentRequests: MAX_CONCURRENT,
      // Enough retries that a 30% throttle cannot exhaust them in practice (0.3^11), and time to spare.
      retry: { maxRetries: 10, baseDelayMs: 20, maxDelayMs: 200, totalTimeoutMs: 30_000 },
      timeouts: { headersMs: 5000, bodyMs: 5000, attemptMs: 10_000, connectMs: 5000 },
    });
    emu.clearStats();
    emu.injectFault({ kind: "throttle", probability: THROTTLE_PROBABILITY, retryAfter: "seconds", retryAfterSeconds: RETRY_AFTER_S });
    // Requests that are not throttled take 30 ms, so they overlap at the emulator and its peak
    // in-flight count shows the client's bound (faults apply first-match, in this order).
    emu.injectFault({ kind: "slow-headers", delayMs: 30 });

    const gets = raw.slice(0, ACCOUNTS - 1 - RESOURCE_GROUPS).map((a) => ({ kind: "get" as const, ...idParts(a.id) }));
    const lists = [
      { kind: "list" as const, resourceGroupName: undefined },
      ...groups.map((g) => ({ kind: "list" as const, resourceGroupName: g })),
    ];
    const lookups = [...gets, ...lists];
    expect(lookups).toHaveLength(200);

    const started = Date.now();
    const results = await Promise.all(
      lookups.map((l) =>
        l.kind === "get"
          ? getBatchAccount({ accountName: l.accountName, resourceGroupName: l.resourceGroupName, subscriptionId: LOAD_SUB }, opts)
          : listBatchAccounts(
              l.resourceGroupName === undefined
                ? { subscriptionId: LOAD_SUB }
                : { subscriptionId: LOAD_SUB, resourceGroupName: l.resourceGroupName },
              opts,
            ),
      ),
    );
    const durationMs = Date.now() - started;

    // Every lookup is complete and correct.
    results.forEach((result, i) => {
      const l = lookups[i]!;
      if (l.kind === "get") {
        expect(result).toEqual(expected.get((result as BatchAccount).id.toLowerCase()));
      } else {
        const want = raw
          .filter((a) => l.resourceGroupName === undefined || idParts(a.id).resourceGroupName === l.resourceGroupName)
          .map((a) => expected.get(a.id.toLowerCase()));
        expect((result as { value: BatchAccount[] }).value).toEqual(want);
      }
    });

    // The emulator logs a request as finished on its own 'finish' event, which can trail the
    // client's receipt of the last byte by a moment.
    await whenServed(() => emu.stats().inFlight === 0, "the emulator to log every request as finished");
    const stats = emu.stats();
    const throttled = stats.byStatus["429"] ?? 0;
    // The throttle really happened, at about the configured rate.
    expect(throttled / stats.total).toBeGreaterThan(0.2);
    expect(throttled / stats.total).toBeLessThan(0.4);
    expect(stats.byStatus["200"]).toBe(stats.total - throttled);
    expect(stats.faulted).toBe(stats.total);

    // In-flight requests never exceeded the bound, and the bound was reached (it was tested).
    const limiter = clientFor(opts).limiter;
    expect(stats.maxInFlight).toBeLessThanOrEqual(MAX_CONCURRENT);
    expect(stats.maxInFlight).toBeGreaterThanOrEqual(MAX_CONCURRENT - 1);
    expect(limiter.peak).toBe(MAX_CONCURRENT);

    // Group the log by lookup (correlation id) and URL: every request after the first follows a
    // 429 to the same request, and every 429 was retried.
    const byRequest = new Map<string, typeof stats.requests>();
    for (const r of stats.requests) {
      const key = `${r.correlationRequestId} ${r.url}`;
      const list = byRequest.get(key) ?? [];
      list.push(r);
      byRequest.set(key, list);
    }
    let retries = 0;
    for (const attempts of byRequest.values()) {
      attempts.sort((a, b) => a.seq - b.seq);
      for (let i = 1; i < attempts.length; i++) {
        expect(attempts[i - 1]!.status).toBe(429);
        retries++;
      }
      expect(attempts.at(-1)!.status).toBe(200);
    }
    expect(retries).toBe(throttled);
    expect(stats.requests).toHaveLength(stats.total);

    const report = {
      lookups: lookups.length,
      requests: stats.total,
      throttled429: throttled,
      retries,
      peakInFlightAtEmulator: stats.maxInFlight,
      peakInFlightAtClient: limiter.peak,
      maxConcurrentRequests: MAX_CONCURRENT,
      durationMs,
    };
    console.log(`\nLoad test: ${JSON.stringify(report, null, 2)}\n`);
  }, 60_000);
});
