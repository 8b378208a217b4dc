// `azure-batch-policies audit --tenant --format json [flags]` as the package's command runs it (the
// built policies/dist/audit/run.js, in this process), its report counted and dropped. Extra
// command-line arguments are passed on (the audit part adds --accounts-only).
import * as path from "node:path";
import { Writable } from "node:stream";
import { fail, report } from "./report";

type AuditMain = (argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream }) => Promise<number>;

const AUDIT_RUN = path.join(__dirname, "..", "..", "..", "policies", "dist", "audit", "run.js");

async function main(): Promise<void> {
  const audit = (require(AUDIT_RUN) as { main: AuditMain }).main;
  let reportBytes = 0;
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      reportBytes += chunk.length;
      callback();
    },
  });
  const started = performance.now();
  // The growth part raises the listing's caps for its largest estate (BENCH_LIST_LIMITS).
  const limits = JSON.parse(process.env.BENCH_LIST_LIMITS ?? "{}") as { maxListAccounts?: number; maxListBytes?: number };
  const caps = [
    ...(limits.maxListAccounts === undefined ? [] : ["--max-accounts", String(limits.maxListAccounts)]),
    ...(limits.maxListBytes === undefined ? [] : ["--max-list-bytes", String(limits.maxListBytes)]),
  ];
  const extra = process.argv.slice(2);
  const exitCode = await audit(["audit", "--tenant", "--format", "json", ...caps, ...extra], { stdout, stderr: process.stderr });
  const workMs = performance.now() - started;
  // 0: every mandatory rule passed, 1: one failed; both are a complete audit.
  if (exitCode !== 0 && exitCode !== 1) throw new Error(`the audit exited with ${exitCode}`);
  report({ exitCode, reportBytes, workMs });
}

main().catch(fail);
