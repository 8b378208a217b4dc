// `--format table`: grouped by account, then pool, then private endpoint: one row per violation or
// result left not judged (and, with --show-passed, per passed or not-applicable rule), then a
// summary line. Printed an account at a time: the columns are sized from the first rows.

import type { AuditedAccount, AuditResult } from "./judge";
import type { AuditSummary, ReportHeader, ReportWriter } from "./report";
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

export function summaryLine(header: ReportHeader, s: AuditSummary): string {
  const v = s.violations;
  const counts = [`${v.mandatory} mandatory`, `${v.advisory} advisory`, ...(v.remediate > 0 ? [`${v.remediate} remediate`] : [])];
  const verdict =
    s.failOn === "none"
      ? "--fail-on none: the audit does not fail"
      : s.failingAccounts === 0
        ? `no account fails (--fail-on ${s.failOn})`
        : `${plural(s.failingAccounts, "account")} fail${s.failingAccounts === 1 ? "s" : ""} (--fail-on ${s.failOn})`;
  const subjects =
    header.estate === "full"
      ? `${plural(s.accounts, "account")} (${plural(s.pools, "pool")}, ${plural(s.privateEndpoints, "private endpoint")})`
      : `${plural(s.accounts, "account")} (accounts only)`;
  const open = s.notJudged > 0 ? `, ${s.notJudged} not judged` : "";
  return `${subjects} in ${describeScope(header.scope)} judged by ${plural(header.rules.length, "rule")}: violations ${counts.join(", ")}; ${s.passed} passed, ${s.notApplicable} not applicable${open}; ${verdict}.`;
}

function rowsOf(account: AuditedAccount, showPassed: boolean): string[][] {
  const rows: string[][] = [];
  const add = (resource: string, results: readonly AuditResult[], prefixes: readonly string[]) => {
    for (const r of results) {
      if ((r.result === "passed" || r.result === "not-applicable") && !showPassed) continue;
      rows.push([
        account.name,
        resource,
        account.subscriptionId,
        account.resourceGroupName,
        account.location,
        r.policy,
        r.level,
        RESULT_WORDS[r.result],
        messageOf(r, prefixes),
      ]);
    }
  };
  add("account", account.results, [`Batch account ${JSON.stringify(account.name)}: `]);
  for (const pool of account.pools ?? []) add(`pool ${pool.name}`, pool.results, [`Batch pool ${JSON.stringify(pool.name)}: `]);
  for (const endpoint of account.privateEndpoints ?? []) add(`private endpoint ${endpoint.name}`, endpoint.results, []);
  return rows;
}

/** Rows held to size the columns before the table starts; a longer cell later widens its column from its row on. */
export const TABLE_SIZING_ROWS = 1000;

export function tableWriter(header: ReportHeader, options: { showPassed: boolean; sizingRows?: number }): ReportWriter {
  const sizingRows = options.sizingRows ?? TABLE_SIZING_ROWS;
  let held: string[][] | undefined = [];
  const widths = HEADER.map((h) => h.length);
  // The message, last, is never padded.
  const widen = (row: string[]) => {
    for (let i = 0; i < row.length - 1; i++) widths[i] = Math.max(widths[i]!, row[i]!.length);
  };
  const render = (row: string[]) => {
    widen(row);
    return `${row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd()}\n`;
  };
  // Sizes the columns from the rows held, then prints the header and them.
  const startTable = (rows: string[][]) => {
    for (const row of rows) widen(row);
    let text = render(HEADER);
    for (const row of rows) text += render(row);
    return text;
  };
  return {
    start: () => "",
    account(account) {
      const rows = rowsOf(account, options.showPassed);
      if (held === undefined) return rows.map(render).join("");
      for (const row of rows) held.push(row);
      if (held.length < sizingRows) return "";
      const text = startTable(held);
      held = undefined;
      return text;
    },
    end(summary) {
      let table = "";
      if (held === undefined) table = "\n";
      else if (held.length > 0) table = `${startTable(held)}\n`;
      else if (summary.accounts > 0) table = `${options.showPassed ? "No rule ran." : "No violations."}\n\n`;
      return `${table}${summaryLine(header, summary)}\n`;
    },
  };
}
