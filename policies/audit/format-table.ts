// `--format table`: one row per violation, exempted violation or result left not judged (and,
// with --show-passed, per passed or not-applicable rule), grouped by account, then pool, then
// private endpoint, then the summary (format-summary.ts). Two layouts:
// - for a terminal: fitted to its width, one header line per account (name, subscription,
//   resource group, location), only the message wrapped, colour unless NO_COLOR;
// - otherwise (a pipe, a file): one line per finding with every column, for grep and cut.
// Printed an account at a time: the columns are sized from the first rows.

import { RESULT_WORDS, summaryLines } from "./format-summary";
import type { AuditedAccount, AuditResult } from "./judge";
import type { AuditSummary, ReportHeader, ReportWriter } from "./report";
import { painter, truncate, wrap } from "./text-layout";

/** Rows held to size the columns before the table starts; a longer cell later widens its column from its row on. */
export const TABLE_SIZING_ROWS = 1000;

/** On a terminal: the longest RESOURCE cell (longer names are cut, their ids are in the other formats). */
const RESOURCE_WIDTH = 20;
/** On a terminal: below this, the message column would be too narrow, so the rule moves into it. */
const MIN_MESSAGE_WIDTH = 40;

export interface TableOptions {
  showPassed: boolean;
  sizingRows?: number;
  /** A terminal's width: the terminal layout. Undefined: one line per finding. */
  columns?: number;
  color?: boolean;
}

interface Row {
  resource: string;
  severity: string;
  rule: string;
  result: string;
  message: string;
}

function resultWord(r: AuditResult): string {
  switch (r.result) {
    case "violated":
      return r.level === "advisory" ? RESULT_WORDS.warning : RESULT_WORDS.failure;
    case "exempted":
      return RESULT_WORDS.exempted;
    case "not-judged":
      return RESULT_WORDS.notJudged;
    case "passed":
      return RESULT_WORDS.passed;
    case "not-applicable":
      return RESULT_WORDS.notApplicable;
  }
}

/** The finding without the `Batch account "x": ` (or pool) prefix the rules' messages carry (the row names the subject), with its exemption. */
function messageOf(result: AuditResult, prefixes: readonly string[]): string {
  if (result.result === "passed") return "";
  let message = result.message;
  for (const prefix of prefixes) if (message.startsWith(prefix)) message = message.slice(prefix.length);
  if (result.result === "exempted") {
    const e = result.exemption;
    return `[exempted${e.expires === undefined ? "" : ` until ${e.expires}`}: ${e.reason}] ${message}`;
  }
  if (result.result === "violated" && result.expiredExemption !== undefined) {
    const e = result.expiredExemption;
    return `[exemption expired on ${e.expires}: ${e.reason}] ${message}`;
  }
  return message;
}

function rowsOf(account: AuditedAccount, showPassed: boolean): Row[] {
  const rows: Row[] = [];
  const add = (resource: string, results: readonly AuditResult[], prefixes: readonly string[]) => {
    for (const r of results) {
      if ((r.result === "passed" || r.result === "not-applicable") && !showPassed) continue;
      rows.push({ resource, severity: r.severity, rule: r.policy, result: resultWord(r), message: messageOf(r, prefixes) });
    }
  };
  add("account", account.results, [`Batch account ${JSON.stringify(account.name)}: `]);
  for (const pool of account.pools ?? []) add(`pool ${pool.name}`, pool.results, [`Batch pool ${JSON.stringify(pool.name)}: `]);
  for (const endpoint of account.privateEndpoints ?? []) add(`private endpoint ${endpoint.name}`, endpoint.results, []);
  return rows;
}

/** Columns sized from the cells seen so far; `render` widens them for a longer cell. */
class Widths {
  readonly w: number[];
  constructor(header: readonly string[]) {
    this.w = header.map((h) => h.length);
  }
  widen(cells: readonly string[]): void {
    for (let i = 0; i < cells.length - 1; i++) this.w[i] = Math.max(this.w[i]!, cells[i]!.length);
  }
}

interface Layout {
  /** The column header line(s). */
  header(): string;
  /** The lines of one account: its group header (terminal) and its rows. */
  account(account: AuditedAccount, rows: readonly Row[]): string;
  widen(account: AuditedAccount, rows: readonly Row[]): void;
}

// One line per finding: every column, the message last and never padded.
const PIPE_HEADER = ["ACCOUNT", "RESOURCE", "SUBSCRIPTION", "RESOURCE GROUP", "LOCATION", "SEVERITY", "POLICY", "RESULT", "MESSAGE"];

function pipeLayout(): Layout {
  const widths = new Widths(PIPE_HEADER);
  const cells = (a: AuditedAccount, r: Row) => [
    a.name,
    r.resource,
    a.subscriptionId,
    a.resourceGroupName,
    a.location,
    r.severity,
    r.rule,
    r.result,
    r.message,
  ];
  const line = (c: readonly string[]) => {
    widths.widen(c);
    return `${c
      .map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths.w[i]!)))
      .join("  ")
      .trimEnd()}\n`;
  };
  return {
    header: () => line(PIPE_HEADER),
    widen: (a, rows) => {
      for (const r of rows) widths.widen(cells(a, r));
    },
    account: (a, rows) => rows.map((r) => line(cells(a, r))).join(""),
  };
}

function terminalLayout(columns: number, color: boolean): Layout {
  const paint = painter(color);
  const widths = new Widths(["SEVERITY", "RESULT", "RESOURCE", "RULE"]);
  const INDENT = "  ";
  const resourceCell = (r: Row) => truncate(r.resource.replace(/^private endpoint /, "endpoint "), RESOURCE_WIDTH);
  // The rule has a column of its own when that leaves the message room enough; else it leads the message.
  const fixed = (withRule: boolean) => INDENT.length + widths.w.slice(0, withRule ? 4 : 3).reduce((a, b) => a + b + 2, 0);
  const ruleColumn = () => columns - fixed(true) >= MIN_MESSAGE_WIDTH;
  const severityStyle = (s: string) => (s === "critical" || s === "high" ? "red" : s === "medium" ? "yellow" : "dim");
  const resultStyle = (word: string) =>
    word === RESULT_WORDS.failure
      ? (["red", "bold"] as const)
      : word === RESULT_WORDS.warning
        ? "yellow"
        : word === RESULT_WORDS.notJudged
          ? "magenta"
          : word === RESULT_WORDS.passed
            ? "green"
            : "dim";
  const pad = (text: string, i: number) => text.padEnd(widths.w[i]!);
  return {
    header() {
      const withRule = ruleColumn();
      const head = [
        pad("SEVERITY", 0),
        pad("RESULT", 1),
        pad("RESOURCE", 2),
        ...(withRule ? [pad("RULE", 3)] : []),
        withRule ? "MESSAGE" : "RULE: MESSAGE",
      ];
      return `${paint("bold", truncate(`${INDENT}${head.join("  ")}`, columns))}\n`;
    },
    widen(_a, rows) {
      for (const r of rows) widths.widen([r.severity, r.result, resourceCell(r), r.rule, ""]);
    },
    account(a, rows) {
      this.widen(a, rows);
      const withRule = ruleColumn();
      const messageWidth = Math.max(20, columns - fixed(withRule));
      const continuation = " ".repeat(fixed(withRule));
      const group = truncate(`${a.name}  ${a.location}, resource group ${a.resourceGroupName}, subscription ${a.subscriptionId}`, columns);
      let text = `${paint("bold", group)}\n`;
      for (const r of rows) {
        const message = withRule ? r.message : `${r.rule}: ${r.message}`;
        const [first, ...rest] = wrap(message, messageWidth);
        const cells = [
          paint(severityStyle(r.severity), pad(r.severity, 0)),
          paint(resultStyle(r.result) as Parameters<typeof paint>[0], pad(r.result, 1)),
          pad(resourceCell(r), 2),
          ...(withRule ? [pad(r.rule, 3)] : []),
          first ?? "",
        ];
        text += `${`${INDENT}${cells.join("  ")}`.trimEnd()}\n`;
        for (const line of rest) text += `${continuation}${line}\n`;
      }
      return text;
    },
  };
}

export function tableWriter(header: ReportHeader, options: TableOptions): ReportWriter {
  const sizingRows = options.sizingRows ?? TABLE_SIZING_ROWS;
  const color = options.color === true;
  const layout = options.columns === undefined ? pipeLayout() : terminalLayout(options.columns, color);
  let held: { account: AuditedAccount; rows: Row[] }[] | undefined = [];
  let heldRows = 0;
  // Sizes the columns from the accounts held, then prints the header and them.
  const startTable = () => {
    for (const h of held!) layout.widen(h.account, h.rows);
    let text = layout.header();
    for (const h of held!) text += layout.account(h.account, h.rows);
    held = undefined;
    return text;
  };
  return {
    start: () => "",
    account(account) {
      const rows = rowsOf(account, options.showPassed);
      if (rows.length === 0 && held === undefined) return "";
      if (held === undefined) return layout.account(account, rows);
      if (rows.length > 0) held.push({ account, rows });
      heldRows += rows.length;
      return heldRows < sizingRows ? "" : startTable();
    },
    end(summary: AuditSummary) {
      let table = "";
      if (held === undefined) table = "\n";
      else if (held.length > 0) table = `${startTable()}\n`;
      else if (summary.accounts > 0) table = `${options.showPassed ? "No rule ran." : "No violations."}\n\n`;
      const lines = summaryLines(header, summary, { columns: options.columns, color });
      return `${table}${lines.join("\n")}\n`;
    },
  };
}
