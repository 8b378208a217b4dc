// Part 3, fan-out inside one program under Pulumi's mocks: 1,000 getBatchAccountOutput over 100
// distinct accounts, created together (requests shared) against one after another.

import type { RunningEmulator } from "../../emulator";
import { accountRefs, type BenchContext, contenderEnv, medianOf } from "../context";
import { type ChildRun, contenderPath, fmtMs, measure, runChild, type Samples } from "../harness";
import { type FanOutResults, type PartOutcome, targetRow } from "../results";

const PART = "3 fan-out 1,000";
const LOOKUPS = 1_000;
const ACCOUNTS = 100;

interface FanOutRun extends ChildRun {
  requests: number;
  maxInFlight: number;
}

export async function fanOut(ctx: BenchContext, emu: RunningEmulator): Promise<PartOutcome<FanOutResults>> {
  const env = contenderEnv(emu, {
    BENCH_FANOUT_LOOKUPS: String(LOOKUPS),
    BENCH_FANOUT_ACCOUNTS: JSON.stringify(accountRefs(emu, ACCOUNTS)),
  });
  const run = (mode: string) => async (): Promise<FanOutRun> => {
    emu.clearStats();
    const child = await runChild(contenderPath("fanout"), env, [mode]);
    const stats = emu.stats();
    if (child.report.items !== LOOKUPS || child.report.distinct !== ACCOUNTS) {
      throw new Error(`fan-out ${mode}: ${String(child.report.items)} results, ${String(child.report.distinct)} distinct`);
    }
    return { ...child, requests: stats.total, maxInFlight: stats.maxInFlight };
  };
  const iterations = ctx.quick ? 3 : 11;
  const warmup = 1;
  ctx.log(
    `3. fan-out: ${LOOKUPS} getBatchAccountOutput over ${ACCOUNTS} accounts under Pulumi's mocks: ${iterations} runs per mode after ${warmup} warm-up run`,
  );
  const samples = await measure(
    [
      { name: "1,000 Outputs created together", run: run("together") },
      { name: "1,000 lookups one after another", run: run("sequential") },
    ],
    { iterations, warmup },
  );
  const [together, sequential] = samples as [Samples<FanOutRun>, Samples<FanOutRun>];
  const work = (s: Samples<FanOutRun>) => medianOf(s, (r) => Number(r.report.workMs));
  const mostRequests = Math.max(...together.results.map((r) => r.requests));
  const sequentialRequests = medianOf(sequential, (r) => r.requests);
  return {
    results: {
      lookups: LOOKUPS,
      distinctAccounts: ACCOUNTS,
      iterations,
      warmup,
      medianLookupsMs: { together: work(together), sequential: work(sequential) },
      medianProcessMs: { together: together.medianMs, sequential: sequential.medianMs },
      httpRequests: { together: together.results.map((r) => r.requests), sequential: sequential.results.map((r) => r.requests) },
      maxInFlight: { together: medianOf(together, (r) => r.maxInFlight), sequential: medianOf(sequential, (r) => r.maxInFlight) },
      ratios: {
        lookupsTogetherVsSequential: work(together) / work(sequential),
        processTogetherVsSequential: together.medianMs / sequential.medianMs,
      },
    },
    rows: [
      targetRow("fanOutRequests", String(mostRequests), String(sequentialRequests), mostRequests / sequentialRequests, mostRequests),
      targetRow("fanOutWall", fmtMs(work(together)), fmtMs(work(sequential)), work(together) / work(sequential)),
    ],
    details: samples.map((s) => ({
      part: PART,
      contender: s.name,
      median: fmtMs(work(s)),
      note: `${medianOf(s, (r) => r.requests)} requests, at most ${medianOf(s, (r) => r.maxInFlight)} in flight; whole process ${fmtMs(s.medianMs)}`,
    })),
  };
}
