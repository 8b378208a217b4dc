// One bench run: the parts asked for, each in turn (parts 1 to 4 share an emulator of 10,000
// generated accounts; tenant and growth start their own), their figures gathered into one
// results object, written to bench/results.json and bench/RESULTS.md.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../emulator";
import { BENCH_SUBSCRIPTION_ID, type BenchContext, LIST_COUNT, PAGE_SIZE, REPO_ROOT } from "./context";
import { fmtMs } from "./harness";
import { auditEstatePart } from "./parts/audit-estate";
import { coldStart } from "./parts/cold-start";
import { fanOut } from "./parts/fan-out";
import { DEFAULT_GROWTH_SIZES, growth, QUICK_GROWTH_SIZES } from "./parts/growth";
import { listing } from "./parts/listing";
import { preview } from "./parts/preview";
import { tenant } from "./parts/tenant";
import { tables, writeResultsMarkdown } from "./report";
import type { BenchResults, PartOutcome } from "./results";

export const RESULTS_FILE = path.join(REPO_ROOT, "bench", "results.json");
export const RESULTS_MARKDOWN = path.join(REPO_ROOT, "bench", "RESULTS.md");

export interface BenchOptions {
  quick: boolean;
  /** Part ids to run (default: every part). */
  only?: readonly string[];
  /** Estate sizes of the growth part (default 1,000, 10,000 and 100,000; 1,000 and 10,000 with --quick). */
  growthSizes?: readonly number[];
  log?: (text: string) => void;
}

interface Part {
  id: string;
  title: string;
  /** Runs on the shared emulator (parts 1 to 4), or starts its own. */
  shared: boolean;
  /** Runs the part; its figures are stored into the results with `store`. */
  run(ctx: BenchContext, emu: RunningEmulator | undefined): Promise<PartOutcome<unknown> & { store(results: BenchResults): void }>;
}

/** A part whose figures (of type R) go to their own key of the results. */
function part<R>(
  id: string,
  title: string,
  shared: boolean,
  run: (ctx: BenchContext, emu: RunningEmulator | undefined) => Promise<PartOutcome<R>>,
  store: (results: BenchResults, figures: R) => void,
): Part {
  return {
    id,
    title,
    shared,
    run: async (ctx, emu) => {
      const outcome = await run(ctx, emu);
      return { ...outcome, store: (results) => store(results, outcome.results) };
    },
  };
}

function parts(options: BenchOptions): Part[] {
  const sizes = options.growthSizes ?? (options.quick ? QUICK_GROWTH_SIZES : DEFAULT_GROWTH_SIZES);
  return [
    part(
      "1",
      "1 cold start",
      true,
      (c, e) => coldStart(c, e!),
      (r, f) => (r.coldStart = f),
    ),
    part(
      "2",
      "2 list 10,000",
      true,
      (c, e) => listing(c, e!),
      (r, f) => (r.listing = f),
    ),
    part(
      "3",
      "3 fan-out 1,000",
      true,
      (c, e) => fanOut(c, e!),
      (r, f) => (r.fanOut = f),
    ),
    part(
      "4",
      "4 pulumi preview",
      true,
      (c, e) => preview(c, e!),
      (r, f) => (r.preview = f),
    ),
    part(
      "tenant",
      "tenant 10,000 in 200 subs",
      false,
      (c) => tenant(c),
      (r, f) => (r.tenant = f),
    ),
    part(
      "growth",
      "growth",
      false,
      (c) => growth(c, sizes),
      (r, f) => (r.growth = f),
    ),
    part(
      "audit",
      "audit 10,000 accounts, 50,000 pools",
      false,
      async (c) => {
        const runs = await auditEstatePart(c.log);
        const details = runs.map((run) => ({
          part: "audit 10,000 accounts, 50,000 pools",
          contender: run.mode === "estate" ? "audit with the estate reads" : "audit --accounts-only",
          median: fmtMs(run.wallMs),
          note: `one run; ${run.requests} requests, peak RSS ${run.peakRssMiB} MiB`,
        }));
        return { results: runs, rows: [], details };
      },
      (r, f) => (r.audit = f),
    ),
  ];
}

/** The part ids `--only` accepts. */
export const PART_IDS: readonly string[] = Object.freeze(["1", "2", "3", "4", "tenant", "growth", "audit"]);

/**
 * Runs the bench; resolves to its results (also written to results.json, and, unless quick, to
 * RESULTS.md) and prints the tables on stdout.
 */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const log = options.log ?? ((text: string) => process.stderr.write(`${text}\n`));
  const ctx: BenchContext = { quick: options.quick, log };
  const wanted = parts(options).filter((p) => options.only === undefined || options.only.includes(p.id));
  const results: BenchResults = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.cpus().length,
    loadAverageAtStart: os.loadavg(),
    date: new Date().toISOString(),
    quick: options.quick,
    table: [],
    details: [],
    failures: [],
  };
  log(
    `azure-batch-lookup bench: Node.js ${process.version}, ${results.cpus} CPUs, load average ${results.loadAverageAtStart[0]!.toFixed(2)}${options.quick ? " (quick)" : ""}`,
  );
  const emu = wanted.some((p) => p.shared)
    ? await startEmulator({ pageSize: PAGE_SIZE, generate: { count: LIST_COUNT, subscriptionId: BENCH_SUBSCRIPTION_ID }, maxLogEntries: 0 })
    : undefined;
  try {
    for (const each of wanted) {
      try {
        const outcome = await each.run(ctx, emu);
        outcome.store(results);
        results.table.push(...outcome.rows);
        results.details.push(...outcome.details);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`${each.title}: FAILED\n${message}`);
        results.failures.push(`${each.title}: ${message}`);
        results.table.push({
          part: each.title,
          measure: "failed (see bench/results.json)",
          ours: "–",
          baseline: "–",
          ratio: undefined,
          target: "–",
          met: undefined,
        });
      }
    }
  } finally {
    await emu?.stop();
  }
  results.loadAverageAtEnd = os.loadavg();
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  const succeeded = wanted.filter((p) => !results.failures.some((f) => f.startsWith(`${p.title}:`))).map((p) => p.id);
  if (!options.quick) writeResultsMarkdown(RESULTS_MARKDOWN, results, succeeded);
  process.stdout.write(
    `\n${tables(results)}\n\nMedians of whole runs; ratios are ours / baseline, measured side by side in this run. ` +
      `Node.js ${process.version}, ${results.cpus} CPUs. Written to bench/results.json` +
      `${options.quick ? " (a --quick run leaves bench/RESULTS.md as it is)" : " and bench/RESULTS.md"}.\n`,
  );
  return results;
}
