// `--format table`: one row per violation (and, with --show-passed, per passed or not-applicable
// rule), then a summary line.

import type { AuditResult } from "./judge";
import type { AuditReport } from "./report";
import { describeScope } from "./scope";

const HEADER = ["ACCOUNT", "SUBSCRIPTION", "RESOURCE GROUP", "LOCATION", "POLICY", "LEVEL", "RESULT", "MESSAGE"];

const RESULT_WORDS: Record<AuditResult["result"], string> = { passed: "pass", violated: "FAIL", "not-applicable": "n/a" };

/** The finding without the `Batch account "x": ` prefix the rules' messages carry (the row names the account). */
function messageOf(result: AuditResult, accountName: string): string {
  if (result.result === "passed") return "";
  const prefix = `Batch account ${JSON.stringify(accountName)}: `;
  return result.message.startsWith(prefix) ? result.message.slice(prefix.length) : result.message;
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
  return `${plural(s.accounts, "account")} in ${describeScope(report.scope)} judged by ${plural(report.rules.length, "rule")}: violations ${counts.join(", ")}; ${s.passed} passed, ${s.notApplicable} not applicable; ${verdict}.`;
}

export function formatTable(report: AuditReport, options: { showPassed: boolean }): string {
  const rows: string[][] = [];
  for (const account of report.accounts) {
    for (const r of account.results) {
      if (r.result !== "violated" && !options.showPassed) continue;
      rows.push([
        account.name,
        account.subscriptionId,
        account.resourceGroupName,
        account.location,
        r.policy,
        r.level,
        RESULT_WORDS[r.result],
        messageOf(r, account.name),
      ]);
    }
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
