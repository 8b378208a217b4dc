// The bench's results: one typed object, filled by the parts (each returns its own figures, rows
// of the targets table and contender details), written to bench/results.json and bench/RESULTS.md.

import { formatLimit, TARGETS, type TargetId } from "./targets";

/** One line of the results table: ours against a baseline, checked against a target when it has one. */
export interface Row {
  part: string;
  measure: string;
  ours: string;
  baseline: string;
  ratio: number | undefined;
  target: string;
  met: boolean | undefined;
}

import type { AuditRun } from "./parts/audit-estate";

/** One contender's medians, for the details table. */
export interface Detail {
  part: string;
  contender: string;
  median: string;
  note: string;
}

/** Medians by contender. */
export type ByContender<K extends string> = Record<K, number>;

export interface ColdStartResults {
  iterations: number;
  warmup: number;
  medianProcessMs: ByContender<"ours" | "sdk" | "floor">;
  medianCpuMs: ByContender<"ours" | "sdk" | "floor">;
  medianExitMs: ByContender<"ours" | "sdk" | "floor">;
  medianMaxRssBytes: ByContender<"ours" | "sdk" | "floor">;
  ratios: { oursVsSdk: number; oursVsFloor: number };
}

export interface ListingResults {
  accounts: number;
  pages: number;
  iterations: number;
  warmup: number;
  medianProcessMs: ByContender<"ours" | "oursPaged" | "sdk" | "floor" | "naiveSpread">;
  medianListMs: ByContender<"ours" | "oursPaged" | "sdk" | "floor" | "naiveSpread">;
  medianMaxRssBytes: ByContender<"ours" | "oursPaged" | "sdk" | "floor" | "naiveSpread">;
  ratios: {
    oursVsFloor: number;
    oursVsSdk: number;
    pagedVsArray: number;
    rssOursVsSdk: number;
    rssOursVsFloor: number;
    naiveSpreadVsFloor: number;
  };
}

export interface FanOutResults {
  lookups: number;
  distinctAccounts: number;
  iterations: number;
  warmup: number;
  medianLookupsMs: ByContender<"together" | "sequential">;
  medianProcessMs: ByContender<"together" | "sequential">;
  httpRequests: { together: number[]; sequential: number[] };
  maxInFlight: ByContender<"together" | "sequential">;
  ratios: { lookupsTogetherVsSequential: number; processTogetherVsSequential: number };
}

export interface PreviewResults {
  lookups: number;
  iterations: number;
  warmup: number;
  medianMs: ByContender<"lookups" | "constants">;
  medianEngineMs: ByContender<"lookups" | "constants">;
  httpRequests: { lookups: number[]; constants: number[] };
  ratios: { lookupsVsConstants: number };
}

export interface TenantResults {
  subscriptions: number;
  accounts: number;
  iterations: number;
  warmup: number;
  httpRequests: { resourceGraph: number[]; armFanOut: number[]; sdk: number[] };
  medianListMs: ByContender<"resourceGraph" | "armFanOut" | "sdk">;
  medianProcessMs: ByContender<"resourceGraph" | "armFanOut" | "sdk">;
  medianMaxRssBytes: ByContender<"resourceGraph" | "armFanOut" | "sdk">;
  ratios: {
    requestsGraphVsFanOut: number;
    listGraphVsFanOut: number;
    listGraphVsSdk: number;
    processGraphVsFanOut: number;
    rssGraphVsFanOut: number;
    rssGraphVsSdk: number;
  };
  withLatency?: {
    latencyMs: number;
    medianListMs: ByContender<"resourceGraph" | "armFanOut">;
    httpRequests: { resourceGraph: number[]; armFanOut: number[] };
    ratios: { listGraphVsFanOut: number };
  };
}

/** One contender at one estate size; `error` when it could not run there. */
export interface GrowthPoint {
  accounts: number;
  subscriptions: number;
  contender: string;
  runs: number;
  medianMs?: number;
  requests?: number;
  maxRssBytes?: number;
  perAccount?: { microseconds: number; requests: number; rssBytes: number };
  error?: string;
}

export interface GrowthResults {
  accountsPerSubscription: number;
  sizes: number[];
  points: GrowthPoint[];
}

export interface BenchResults {
  node: string;
  platform: string;
  cpus: number;
  loadAverageAtStart: number[];
  date: string;
  quick: boolean;
  coldStart?: ColdStartResults;
  listing?: ListingResults;
  fanOut?: FanOutResults;
  preview?: PreviewResults;
  tenant?: TenantResults;
  growth?: GrowthResults;
  /** The estate audit, with the extra reads and accounts only (one run each). */
  audit?: AuditRun[];
  table: Row[];
  details: Detail[];
  failures: string[];
  loadAverageAtEnd?: number[];
}

/** What a part returns: its figures, its rows of the targets table, its contender details. */
export interface PartOutcome<R> {
  results: R;
  rows: Row[];
  details: Detail[];
}

/** A row checked against one of the declared targets. */
export function targetRow(id: TargetId, ours: string, baseline: string, ratio: number, measured: number = ratio): Row {
  const t = TARGETS[id];
  return { part: t.part, measure: t.measure, ours, baseline, ratio, target: formatLimit(t), met: measured <= t.limit };
}

/** A row without a target (shown for context). */
export function infoRow(part: string, measure: string, ours: string, baseline: string, ratio: number): Row {
  return { part, measure, ours, baseline, ratio, target: "–", met: undefined };
}
