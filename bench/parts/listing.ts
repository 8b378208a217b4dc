// Part 2, listing 10,000 accounts over 100 pages, every item kept: time and peak RSS, each
// contender in its own process.

import type { RunningEmulator } from "../../emulator";
import { type BenchContext, childRunner, contenderEnv, LIST_COUNT, medianOf, PAGE_SIZE } from "../context";
import { type ChildRun, fmtMiB, fmtMs, fmtRatio, measure, type Samples } from "../harness";
import { type ListingResults, type PartOutcome, targetRow } from "../results";

const PART = "2 list 10,000";

export async function listing(ctx: BenchContext, emu: RunningEmulator): Promise<PartOutcome<ListingResults>> {
  const env = contenderEnv(emu);
  const all = (run: ChildRun) => {
    if (run.report.items !== LIST_COUNT) throw new Error(`listing: expected ${LIST_COUNT} accounts, got ${String(run.report.items)}`);
  };
  const iterations = ctx.quick ? 3 : 13;
  const warmup = 1;
  ctx.log(
    `2. listing ${LIST_COUNT} accounts over ${LIST_COUNT / PAGE_SIZE} pages: ${iterations} runs per contender after ${warmup} warm-up run`,
  );
  const samples = await measure(
    [
      { name: "azure-batch-lookup", run: childRunner("list-ours", env, all) },
      { name: "azure-batch-lookup, paged", run: childRunner("list-ours-paged", env, all) },
      { name: "@azure/arm-batch", run: childRunner("list-sdk", env, all) },
      { name: "fetch + JSON.parse", run: childRunner("list-fetch", env, all) },
      { name: "fetch + JSON.parse + spread flatten", run: childRunner("list-naive", env, all) },
    ],
    { iterations, warmup },
  );
  const [ours, paged, sdk, floor, naive] = samples as [
    Samples<ChildRun>,
    Samples<ChildRun>,
    Samples<ChildRun>,
    Samples<ChildRun>,
    Samples<ChildRun>,
  ];
  const rss = (s: Samples<ChildRun>) => medianOf(s, (r) => r.report.maxRssBytes);
  const work = (s: Samples<ChildRun>) => medianOf(s, (r) => Number(r.report.workMs));
  return {
    results: {
      accounts: LIST_COUNT,
      pages: LIST_COUNT / PAGE_SIZE,
      iterations,
      warmup,
      medianProcessMs: {
        ours: ours.medianMs,
        oursPaged: paged.medianMs,
        sdk: sdk.medianMs,
        floor: floor.medianMs,
        naiveSpread: naive.medianMs,
      },
      medianListMs: { ours: work(ours), oursPaged: work(paged), sdk: work(sdk), floor: work(floor), naiveSpread: work(naive) },
      medianMaxRssBytes: { ours: rss(ours), oursPaged: rss(paged), sdk: rss(sdk), floor: rss(floor), naiveSpread: rss(naive) },
      ratios: {
        oursVsFloor: ours.medianMs / floor.medianMs,
        oursVsSdk: ours.medianMs / sdk.medianMs,
        pagedVsArray: paged.medianMs / ours.medianMs,
        rssOursVsSdk: rss(ours) / rss(sdk),
        rssOursVsFloor: rss(ours) / rss(floor),
        naiveSpreadVsFloor: naive.medianMs / floor.medianMs,
      },
    },
    rows: [
      targetRow("listVsFloor", fmtMs(ours.medianMs), fmtMs(floor.medianMs), ours.medianMs / floor.medianMs),
      targetRow("listVsSdk", fmtMs(ours.medianMs), fmtMs(sdk.medianMs), ours.medianMs / sdk.medianMs),
      targetRow("listRssVsSdk", fmtMiB(rss(ours)), fmtMiB(rss(sdk)), rss(ours) / rss(sdk)),
      targetRow("listPagedVsArray", fmtMs(paged.medianMs), fmtMs(ours.medianMs), paged.medianMs / ours.medianMs),
    ],
    details: samples.map((s) => ({
      part: PART,
      contender: s.name,
      median: fmtMs(s.medianMs),
      note: `list ${fmtMs(work(s))}, peak RSS ${fmtMiB(rss(s))}, ${fmtRatio(s.medianMs / floor.medianMs)} the floor`,
    })),
  };
}
