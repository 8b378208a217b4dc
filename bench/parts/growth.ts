// The growth part: how the cost of a tenant listing and of an audit grows with the estate. For
// 1,000, 10,000 and 100,000 accounts (50 per subscription) in an emulator of their own: the
// listing through Resource Graph and through the ARM fan-out, and `azure-batch-policies audit
// --tenant`; time, HTTP requests and peak RSS, in total and per account.

import { startEmulator } from "../../emulator";
import { type BenchContext, contenderEnv, medianOf } from "../context";
import { type ChildRun, contenderPath, fmtMiB, fmtMs, measure, runChild } from "../harness";
import type { Detail, GrowthPoint, GrowthResults, PartOutcome } from "../results";

export const GROWTH_PART = "growth";
export const DEFAULT_GROWTH_SIZES: readonly number[] = Object.freeze([1_000, 10_000, 100_000]);
export const QUICK_GROWTH_SIZES: readonly number[] = Object.freeze([1_000, 10_000]);
const ACCOUNTS_PER_SUBSCRIPTION = 50;
/** Caps for the library's listings, above the defaults (100,000 accounts, 256 MiB), so the largest estate can be listed. */
const LIST_LIMITS = { maxListAccounts: 1_000_000, maxListBytes: 4 * 1024 ** 3 };

interface GrowthContender {
  name: string;
  script: string;
  args: string[];
  /** Accounts the contender must report (the audit reports none). */
  checkItems: boolean;
}

const CONTENDERS: readonly GrowthContender[] = [
  { name: "listing, Resource Graph", script: "tenant-ours", args: ["resourceGraph"], checkItems: true },
  { name: "listing, ARM fan-out", script: "tenant-ours", args: ["arm"], checkItems: true },
  { name: "azure-batch-policies audit --tenant", script: "audit", args: [], checkItems: false },
];

interface GrowthRun extends ChildRun {
  requests: number;
}

function firstLine(message: string): string {
  return message.split("\n").find((l) => l.trim() !== "" && !l.includes("exited with")) ?? message.split("\n")[0]!;
}

export async function growth(ctx: BenchContext, sizes: readonly number[]): Promise<PartOutcome<GrowthResults>> {
  const points: GrowthPoint[] = [];
  for (const accounts of sizes) {
    const subscriptions = Math.max(1, Math.ceil(accounts / ACCOUNTS_PER_SUBSCRIPTION));
    const iterations = ctx.quick || accounts > 10_000 ? 1 : 3;
    ctx.log(`growth. ${accounts} accounts in ${subscriptions} subscriptions: ${iterations} run(s) per contender`);
    const emu = await startEmulator({
      data: { subscriptions: [], accounts: [] },
      generateTenant: { subscriptions, accountsPerSubscription: Math.min(accounts, ACCOUNTS_PER_SUBSCRIPTION) },
      maxLogEntries: 0,
    });
    try {
      const env = contenderEnv(emu, { BENCH_LIST_LIMITS: JSON.stringify(LIST_LIMITS) });
      const total = emu.listAccounts().length;
      for (const c of CONTENDERS) {
        const run = async (): Promise<GrowthRun> => {
          emu.clearStats();
          const child = await runChild(contenderPath(c.script), env, c.args);
          if (c.checkItems && child.report.items !== total) {
            throw new Error(`${c.name}: expected ${total} accounts, got ${String(child.report.items)}`);
          }
          return { ...child, requests: emu.stats().total };
        };
        const point: GrowthPoint = { accounts: total, subscriptions, contender: c.name, runs: iterations };
        try {
          const [samples] = await measure([{ name: c.name, run }], { iterations, warmup: 0 });
          const workMs = medianOf(samples!, (r) => Number(r.report.workMs));
          const requests = medianOf(samples!, (r) => r.requests);
          const maxRssBytes = medianOf(samples!, (r) => r.report.maxRssBytes);
          Object.assign(point, {
            medianMs: workMs,
            requests,
            maxRssBytes,
            perAccount: { microseconds: (workMs * 1000) / total, requests: requests / total, rssBytes: maxRssBytes / total },
          });
        } catch (err) {
          point.error = firstLine(err instanceof Error ? err.message : String(err));
          ctx.log(`growth, ${c.name} at ${total}: FAILED: ${point.error}`);
        }
        points.push(point);
      }
    } finally {
      await emu.stop();
    }
  }
  return {
    results: { accountsPerSubscription: ACCOUNTS_PER_SUBSCRIPTION, sizes: [...sizes], points },
    rows: [],
    details: growthDetails(points),
  };
}

function growthDetails(points: GrowthPoint[]): Detail[] {
  return points.map((p) => {
    const smallest = points.find((q) => q.contender === p.contender && q.perAccount !== undefined);
    const vsSmallest =
      p.perAccount && smallest?.perAccount && smallest !== p
        ? `; per account vs ${smallest.accounts.toLocaleString("en-US")}: ${(p.perAccount.microseconds / smallest.perAccount.microseconds).toFixed(2)}× time, ${(p.perAccount.rssBytes / smallest.perAccount.rssBytes).toFixed(2)}× RSS`
        : "";
    return {
      part: GROWTH_PART,
      contender: `${p.contender}, ${p.accounts.toLocaleString("en-US")} accounts`,
      median: p.medianMs === undefined ? "failed" : fmtMs(p.medianMs),
      note:
        p.error ??
        `${p.requests} requests, peak RSS ${fmtMiB(p.maxRssBytes!)}; per account ${p.perAccount!.microseconds.toFixed(1)} µs, ` +
          `${p.perAccount!.requests.toFixed(4)} requests, ${(p.perAccount!.rssBytes / 1024).toFixed(1)} KiB${vsSmallest}`,
    };
  });
}
