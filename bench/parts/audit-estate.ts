// Bench part "audit": `azure-batch-policies audit --tenant` over 200 subscriptions x 50 accounts x 5
// pools (10,000 accounts, 50,000 pools, diagnostic settings and private DNS zone groups as the
// generator makes them), with the estate reads and with --accounts-only. The audit runs in a fresh
// child process (the `audit` contender, as the growth part runs it) against an emulator in this
// process; measured: the child's wall time, the requests the emulator served, its peak RSS.

import { startEmulator } from "../../emulator";
import { contenderEnv } from "../context";
import { contenderPath, runChild } from "../harness";

export const AUDIT_SUBSCRIPTIONS = 200;
export const AUDIT_ACCOUNTS_PER_SUBSCRIPTION = 50;
export const AUDIT_POOLS_PER_ACCOUNT = 5;

export interface AuditRun {
  mode: "estate" | "accounts-only";
  wallMs: number;
  requests: number;
  byRoute: Record<string, number>;
  peakRssMiB: number;
  /** 0: every mandatory rule passed, 1: one failed (both a complete audit). */
  exitCode: number;
}

/** Runs both audits once each; `log` prints progress lines. */
export async function auditEstatePart(log: (line: string) => void): Promise<AuditRun[]> {
  const emu = await startEmulator({
    pageSize: 100,
    maxLogEntries: 0,
    generateTenant: {
      subscriptions: AUDIT_SUBSCRIPTIONS,
      accountsPerSubscription: AUDIT_ACCOUNTS_PER_SUBSCRIPTION,
      poolsPerAccount: AUDIT_POOLS_PER_ACCOUNT,
      estate: true,
    },
    data: { subscriptions: [], accounts: [] },
  });
  const runs: AuditRun[] = [];
  try {
    for (const mode of ["estate", "accounts-only"] as const) {
      emu.clearStats();
      const child = await runChild(contenderPath("audit"), contenderEnv(emu), mode === "accounts-only" ? ["--accounts-only"] : []);
      const stats = emu.stats();
      const run: AuditRun = {
        mode,
        wallMs: Math.round(child.wallMs),
        requests: stats.total,
        byRoute: Object.fromEntries(Object.entries(stats.byRoute).filter(([, n]) => n > 0)),
        peakRssMiB: Math.round((child.report.maxRssBytes / 1024 ** 2) * 10) / 10,
        exitCode: Number(child.report.exitCode),
      };
      runs.push(run);
      log(`audit (${mode}): ${(run.wallMs / 1000).toFixed(1)} s, ${run.requests} requests, peak RSS ${run.peakRssMiB} MiB`);
    }
  } finally {
    await emu.stop();
  }
  return runs;
}
