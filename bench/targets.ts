// The bench's targets, declared once: the bench checks its ratios against them and writes them
// into bench/RESULTS.md, which the READMEs link (no figure of this file is copied by hand).

export type TargetId = keyof typeof TARGETS;

export interface Target {
  /** The part it belongs to (its title in the results). */
  part: string;
  /** What is compared: ours against the baseline, or a count. */
  measure: string;
  /** Met when the measured value is at most this. */
  limit: number;
  /** A ratio of ours to the baseline, or an absolute count. */
  kind: "ratio" | "count";
}

function target(part: string, measure: string, limit: number, kind: Target["kind"] = "ratio"): Target {
  return Object.freeze({ part, measure, limit, kind });
}

export const TARGETS = Object.freeze({
  coldStartVsFloor: target("1 cold start", "process wall time vs fetch + JSON.parse (floor)", 0.9),
  coldStartVsSdk: target("1 cold start", "process wall time vs @azure/arm-batch", 0.75),
  listVsFloor: target("2 list 10,000", "process wall time vs fetch + JSON.parse (floor)", 1.15),
  listVsSdk: target("2 list 10,000", "process wall time vs @azure/arm-batch", 0.6),
  listRssVsSdk: target("2 list 10,000", "peak RSS vs @azure/arm-batch", 0.75),
  listPagedVsArray: target("2 list 10,000", "process wall time, listBatchAccountsPaged vs listBatchAccounts", 1.05),
  fanOutRequests: target("3 fan-out 1,000", "HTTP requests (most in any run)", 100, "count"),
  fanOutWall: target("3 fan-out 1,000", "wall time of the 1,000 lookups vs one after another", 0.25),
  previewVsConstants: target("4 pulumi preview", "preview with 50 lookups vs 50 constant outputs", 1.1),
  tenantRequests: target("tenant 10,000 in 200 subs", "HTTP requests, Resource Graph vs ARM fan-out", 0.1),
  tenantWallWithLatency: target(
    "tenant 10,000 in 200 subs",
    "wall time of the listing with 100 ms a request, Resource Graph vs ARM fan-out",
    0.5,
  ),
  tenantWallLoopback: target("tenant 10,000 in 200 subs", "wall time of the listing, Resource Graph vs ARM fan-out", 0.5),
});

/** "≤ 1.05" or "≤ 100 requests". */
export function formatLimit(t: Target): string {
  return t.kind === "count" ? `≤ ${t.limit} requests` : `≤ ${t.limit}`;
}
