// Bench part "audit": `azure-batch-policies audit --tenant` over 200 subscriptions x 50 accounts x 5
// pools (10,000 accounts, 50,000 pools, diagnostic settings and private DNS zone groups as the
// generator makes them), with the estate reads and with --accounts-only. The compiled bin runs in
// a child process (as a user runs it) against an emulator in this process; measured: wall time,
// the requests the emulator served, and the child's peak RSS (reported by a preload at exit).

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";

export const AUDIT_SUBSCRIPTIONS = 200;
export const AUDIT_ACCOUNTS_PER_SUBSCRIPTION = 50;
export const AUDIT_POOLS_PER_ACCOUNT = 5;

export interface AuditRun {
  mode: "estate" | "accounts-only";
  wallMs: number;
  requests: number;
  byRoute: Record<string, number>;
  peakRssMiB: number;
  exitCode: number | null;
  summary: Record<string, unknown>;
}

// dist/bench/parts → the repository root.
const AUDIT_BIN = path.join(__dirname, "..", "..", "..", "policies", "dist", "audit", "cli.js");

function runAudit(
  emu: RunningEmulator,
  args: string[],
  preload: string,
): Promise<{ wallMs: number; code: number | null; stdout: string; stderr: string; rss: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--require", preload, AUDIT_BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...emu.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (err += s));
    child.on("error", reject);
    child.on("close", (code) => {
      const rss = /^maxrss (\d+)$/m.exec(err);
      if (rss === null) return reject(new Error(`the audit printed no peak RSS (exit ${code}): ${err.slice(0, 2000)}`));
      resolve({ wallMs: performance.now() - started, code, stdout: out, stderr: err, rss: Number(rss[1]) });
    });
  });
}

/** Runs both audits once each; `log` prints progress lines. */
export async function auditEstatePart(log: (line: string) => void): Promise<AuditRun[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-bench-audit-"));
  const preload = path.join(dir, "maxrss.js");
  fs.writeFileSync(preload, 'process.on("exit", () => process.stderr.write("maxrss " + process.resourceUsage().maxRSS + "\\n"));\n');
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
      const args = ["audit", "--tenant", "--format", "json", ...(mode === "accounts-only" ? ["--accounts-only"] : [])];
      const r = await runAudit(emu, args, preload);
      const stats = emu.stats();
      if (r.stdout === "") throw new Error(`the audit (${mode}) printed no report (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
      const report = JSON.parse(r.stdout) as { summary: Record<string, unknown> };
      const run: AuditRun = {
        mode,
        wallMs: Math.round(r.wallMs),
        requests: stats.total,
        byRoute: Object.fromEntries(Object.entries(stats.byRoute).filter(([, n]) => n > 0)),
        peakRssMiB: Math.round((r.rss / 1024) * 10) / 10,
        exitCode: r.code,
        summary: report.summary,
      };
      runs.push(run);
      log(`audit (${mode}): ${(run.wallMs / 1000).toFixed(1)} s, ${run.requests} requests, peak RSS ${run.peakRssMiB} MiB`);
    }
  } finally {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}
