// `--format table`: grouped by account, then pool, then private endpoint: one row per violation or
// result left not judged (and, with --show-passed, per passed or not-applicable rule), then a
// summary line.

import type { AuditResult } from "./judge";
import type { AuditReport } from "./report";
import { describeScope } from "./scope";

const HEADER = ["ACCOUNT", "RESOURCE", "SUBSCRIPTION", "RESOURCE GROUP", "LOCATION", "POLICY", "LEVEL", "RESULT", "MESSAGE"];

const RESULT_WORDS: Record<AuditResult["result"], string> = {
  passed: "pass",
  violated: "FAIL",
  "not-applicable": "n/a",
  "not-judged": "NOT JUDGED",
};

/** The finding without the `Batch account "x": ` (or pool) prefix the rules' messages carry (the row names the subject). */
function messageOf(result: AuditResult, prefixes: readonly string[]): string {
  if (result.result === "passed") return "";
  for (const prefix of prefixes) if (result.message.startsWith(prefix)) return result.message.slice(prefix.length);
  return result.message;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function summaryLine(report: AuditReport): string {
  const s = report.summary;
  const v = s.violations;
  const counts = [`${v.mandatory} mandatory`, `${v.advisory} advisory`, ...(v.remediate > 0 ? [`${v.remediate} remediate`] : [])];
  const verdict =
    s.failOn === "none"
      ? "--fail-on none: the audit does not fail"
      : s.failingAccounts === 0
        ? `no account fails (--fail-on ${s.failOn})`
        : `${plural(s.failingAccounts, "account")} fail${s.failingAccounts === 1 ? "s" : ""} (--fail-on ${s.failOn})`;
  const subjects =
    report.estate === "full"
      ? `${plural(s.accounts, "account")} (${plural(s.pools, "pool")}, ${plural(s.privateEndpoints, "private endpoint")})`
      : `${plural(s.accounts, "account")} (accounts only)`;
  const open = s.notJudged > 0 ? `, ${s.notJudged} not judged` : "";
  return `${subjects} in ${describeScope(report.scope)} judged by ${plural(report.rules.length, "rule")}: violations ${counts.join(", ")}; ${s.passed} passed, ${s.notApplicable} not applicable${open}; ${verdict}.`;
}

export function formatTable(report: AuditReport, options: { showPassed: boolean }): string {
  const rows: string[][] = [];
  for (const account of report.accounts) {
    const where = [account.name, "", account.subscriptionId, account.resourceGroupName, account.location];
    const add = (resource: string, results: readonly AuditResult[], prefixes: readonly string[]) => {
      for (const r of results) {
        if ((r.result === "passed" || r.result === "not-applicable") && !options.showPassed) continue;
        const row = [...where];
        row[1] = resource;
        rows.push([...row, r.policy, r.level, RESULT_WORDS[r.result], messageOf(r, prefixes)]);
      }
    };
    add("account", account.results, [`Batch account ${JSON.stringify(account.name)}: `]);
    for (const pool of account.pools ?? []) add(`pool ${pool.name}`, pool.results, [`Batch pool ${JSON.stringify(pool.name)}: `]);
    for (const endpoint of account.privateEndpoints ?? []) add(`private endpoint ${endpoint.name}`, endpoint.results, []);
  }
  const lines: string[] = [];
  if (rows.length > 0) {
    const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const render = (row: string[]) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd();
    lines.push(render(HEADER), ...rows.map(render), "");
  } else if (report.accounts.length > 0) {
    lines.push(options.showPassed ? "No rule ran." : "No violations.", "");
  }
  lines.push(summaryLine(report));
  return `${lines.join("\n")}\n`;
}
