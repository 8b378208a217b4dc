// Part 1, cold start: a fresh process that loads the library and gets one account, against
// @azure/arm-batch and the fetch + JSON.parse floor.

import type { RunningEmulator } from "../../emulator";
import { accountRefs, type BenchContext, childRunner, contenderEnv, medianOf } from "../context";
import { type ChildRun, fmtMs, measure, type Samples } from "../harness";
import { type ColdStartResults, type PartOutcome, targetRow } from "../results";

const PART = "1 cold start";

export async function coldStart(ctx: BenchContext, emu: RunningEmulator): Promise<PartOutcome<ColdStartResults>> {
  const [ref] = accountRefs(emu, 1);
  const env = contenderEnv(emu, { BENCH_RESOURCE_GROUP: ref!.resourceGroupName, BENCH_ACCOUNT_NAME: ref!.accountName });
  const same = (run: ChildRun) => {
    if (typeof run.report.id !== "string" || !run.report.id.endsWith(`/batchAccounts/${ref!.accountName}`)) {
      throw new Error(`cold start: got ${String(run.report.id)}`);
    }
  };
  const iterations = ctx.quick ? 7 : 31;
  const warmup = 3;
  ctx.log(`1. cold start of one getBatchAccount: ${iterations} runs per contender after ${warmup} warm-up runs`);
  const samples = await measure(
    [
      { name: "azure-batch-lookup", run: childRunner("cold-ours", env, same) },
      { name: "@azure/arm-batch", run: childRunner("cold-sdk", env, same) },
      { name: "fetch + JSON.parse", run: childRunner("cold-fetch", env, same) },
    ],
    { iterations, warmup },
  );
  const [ours, sdk, floor] = samples as [Samples<ChildRun>, Samples<ChildRun>, Samples<ChildRun>];
  const cpu = (s: Samples<ChildRun>) => medianOf(s, (r) => Number(r.report.cpuMs));
  const exitMs = (s: Samples<ChildRun>) => medianOf(s, (r) => r.wallMs - Number(r.report.uptimeMs));
  const rss = (s: Samples<ChildRun>) => medianOf(s, (r) => r.report.maxRssBytes);
  return {
    results: {
      iterations,
      warmup,
      medianProcessMs: { ours: ours.medianMs, sdk: sdk.medianMs, floor: floor.medianMs },
      medianCpuMs: { ours: cpu(ours), sdk: cpu(sdk), floor: cpu(floor) },
      medianExitMs: { ours: exitMs(ours), sdk: exitMs(sdk), floor: exitMs(floor) },
      medianMaxRssBytes: { ours: rss(ours), sdk: rss(sdk), floor: rss(floor) },
      ratios: { oursVsSdk: ours.medianMs / sdk.medianMs, oursVsFloor: ours.medianMs / floor.medianMs },
    },
    rows: [
      targetRow("coldStartVsSdk", fmtMs(ours.medianMs), fmtMs(sdk.medianMs), ours.medianMs / sdk.medianMs),
      targetRow("coldStartVsFloor", fmtMs(ours.medianMs), fmtMs(floor.medianMs), ours.medianMs / floor.medianMs),
    ],
    details: samples.map((s) => ({
      part: PART,
      contender: s.name,
      median: fmtMs(s.medianMs),
      note: `CPU ${fmtMs(cpu(s))}, exit ${fmtMs(exitMs(s))}`,
    })),
  };
}
