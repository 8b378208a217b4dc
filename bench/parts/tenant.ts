// The tenant part: every Batch account of 200 subscriptions × 50 (10,000) in an emulator of its
// own, through Resource Graph and the ARM fan-out, against @azure/arm-batch looping; then the two
// library listings again with 100 ms of server time per request.

import { startEmulator, tenantSubscriptionIds } from "../../emulator";
import { type BenchContext, contenderEnv, medianOf } from "../context";
import { type ChildRun, contenderPath, fmtMiB, fmtMs, measure, runChild, type Samples } from "../harness";
import { type Detail, infoRow, type PartOutcome, type TenantResults, targetRow } from "../results";

const PART = "tenant 10,000 in 200 subs";
const SUBSCRIPTIONS = 200;
const ACCOUNTS_PER_SUBSCRIPTION = 50;
const ACCOUNTS = SUBSCRIPTIONS * ACCOUNTS_PER_SUBSCRIPTION;
/** Server time per request in the second measurement (loopback has none). */
const LATENCY_MS = 100;

interface TenantRun extends ChildRun {
  requests: number;
}

export async function tenant(ctx: BenchContext): Promise<PartOutcome<TenantResults>> {
  const emu = await startEmulator({
    data: { subscriptions: [], accounts: [] },
    generateTenant: { subscriptions: SUBSCRIPTIONS, accountsPerSubscription: ACCOUNTS_PER_SUBSCRIPTION },
    maxLogEntries: 0,
  });
  try {
    const env = contenderEnv(emu, { BENCH_TENANT_SUBSCRIPTIONS: JSON.stringify(tenantSubscriptionIds(SUBSCRIPTIONS)) });
    const run = (script: string, args: string[]) => async (): Promise<TenantRun> => {
      emu.clearStats();
      const child = await runChild(contenderPath(script), env, args);
      if (child.report.items !== ACCOUNTS) {
        throw new Error(`tenant ${script} ${args.join(" ")}: expected ${ACCOUNTS} accounts, got ${String(child.report.items)}`);
      }
      return { ...child, requests: emu.stats().total };
    };
    const iterations = ctx.quick ? 3 : 9;
    const warmup = 1;
    ctx.log(
      `tenant. every account of ${SUBSCRIPTIONS} subscriptions × ${ACCOUNTS_PER_SUBSCRIPTION} (${ACCOUNTS}): ${iterations} runs per contender after ${warmup} warm-up run`,
    );
    const samples = await measure(
      [
        { name: "azure-batch-lookup, Resource Graph", run: run("tenant-ours", ["resourceGraph"]) },
        { name: "azure-batch-lookup, ARM fan-out (8 at a time)", run: run("tenant-ours", ["arm"]) },
        { name: "@azure/arm-batch, one subscription after another", run: run("tenant-sdk", []) },
      ],
      { iterations, warmup },
    );
    const [graph, fan, sdk] = samples as [Samples<TenantRun>, Samples<TenantRun>, Samples<TenantRun>];
    const work = (s: Samples<TenantRun>) => medianOf(s, (r) => Number(r.report.workMs));
    const rss = (s: Samples<TenantRun>) => medianOf(s, (r) => r.report.maxRssBytes);
    const requests = (s: Samples<TenantRun>) => medianOf(s, (r) => r.requests);
    const describe = (list: Samples<TenantRun>[]): Detail[] =>
      list.map((s) => ({
        part: PART,
        contender: s.name,
        median: fmtMs(work(s)),
        note: `${requests(s)} requests, peak RSS ${fmtMiB(rss(s))}; whole process ${fmtMs(s.medianMs)}`,
      }));

    // Loopback answers at once, so the listing is bound by the bytes both sources move alike. The
    // same two listings again with a fixed server time per request (a slow-headers fault on every
    // request), where the number of round trips shows.
    emu.faults.add({ kind: "slow-headers", delayMs: LATENCY_MS, route: "any" });
    ctx.log(`tenant, with ${LATENCY_MS} ms of server time per request: ${iterations} runs per contender after ${warmup} warm-up run`);
    const slow = await measure(
      [
        { name: `azure-batch-lookup, Resource Graph, ${LATENCY_MS} ms a request`, run: run("tenant-ours", ["resourceGraph"]) },
        { name: `azure-batch-lookup, ARM fan-out (8 at a time), ${LATENCY_MS} ms a request`, run: run("tenant-ours", ["arm"]) },
      ],
      { iterations, warmup },
    );
    emu.faults.clear();
    const [slowGraph, slowFan] = slow as [Samples<TenantRun>, Samples<TenantRun>];
    return {
      results: {
        subscriptions: SUBSCRIPTIONS,
        accounts: ACCOUNTS,
        iterations,
        warmup,
        httpRequests: {
          resourceGraph: graph.results.map((r) => r.requests),
          armFanOut: fan.results.map((r) => r.requests),
          sdk: sdk.results.map((r) => r.requests),
        },
        medianListMs: { resourceGraph: work(graph), armFanOut: work(fan), sdk: work(sdk) },
        medianProcessMs: { resourceGraph: graph.medianMs, armFanOut: fan.medianMs, sdk: sdk.medianMs },
        medianMaxRssBytes: { resourceGraph: rss(graph), armFanOut: rss(fan), sdk: rss(sdk) },
        ratios: {
          requestsGraphVsFanOut: requests(graph) / requests(fan),
          listGraphVsFanOut: work(graph) / work(fan),
          listGraphVsSdk: work(graph) / work(sdk),
          processGraphVsFanOut: graph.medianMs / fan.medianMs,
          rssGraphVsFanOut: rss(graph) / rss(fan),
          rssGraphVsSdk: rss(graph) / rss(sdk),
        },
        withLatency: {
          latencyMs: LATENCY_MS,
          medianListMs: { resourceGraph: work(slowGraph), armFanOut: work(slowFan) },
          httpRequests: { resourceGraph: slowGraph.results.map((r) => r.requests), armFanOut: slowFan.results.map((r) => r.requests) },
          ratios: { listGraphVsFanOut: work(slowGraph) / work(slowFan) },
        },
      },
      rows: [
        targetRow("tenantRequests", String(requests(graph)), String(requests(fan)), requests(graph) / requests(fan)),
        targetRow("tenantWallLoopback", fmtMs(work(graph)), fmtMs(work(fan)), work(graph) / work(fan)),
        infoRow(
          PART,
          "wall time of the listing, Resource Graph vs @azure/arm-batch looping",
          fmtMs(work(graph)),
          fmtMs(work(sdk)),
          work(graph) / work(sdk),
        ),
        infoRow(PART, "peak RSS, Resource Graph vs ARM fan-out", fmtMiB(rss(graph)), fmtMiB(rss(fan)), rss(graph) / rss(fan)),
        infoRow(PART, "peak RSS, Resource Graph vs @azure/arm-batch looping", fmtMiB(rss(graph)), fmtMiB(rss(sdk)), rss(graph) / rss(sdk)),
        targetRow("tenantWallWithLatency", fmtMs(work(slowGraph)), fmtMs(work(slowFan)), work(slowGraph) / work(slowFan)),
      ],
      details: [...describe(samples), ...describe(slow)],
    };
  } finally {
    await emu.stop();
  }
}
