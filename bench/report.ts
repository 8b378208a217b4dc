// The bench's report: the tables it prints, bench/results.json (every figure of the latest run),
// and bench/RESULTS.md, the page the READMEs link. RESULTS.md keeps one section per part; a run
// replaces the sections of the parts it ran and keeps the others, so `--only` updates its part.

import * as fs from "node:fs";
import { fmtMiB, fmtMs, fmtRatio } from "./harness";
import type { BenchResults, Detail, GrowthResults, Row } from "./results";
import { formatLimit, TARGETS } from "./targets";

function metText(r: Row): string {
  if (r.met !== undefined) return r.met ? "yes" : "**no**";
  return r.target === "–" && r.ratio !== undefined ? "–" : "not run";
}

export function rowsTable(rows: readonly Row[]): string {
  return [
    "| part | measure | ours | baseline | ratio | target | met |",
    "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.part} | ${r.measure} | ${r.ours} | ${r.baseline} | ${r.ratio === undefined ? "–" : fmtRatio(r.ratio)} | ${r.target} | ${metText(r)} |`,
    ),
  ].join("\n");
}

export function detailsTable(details: readonly Detail[]): string {
  return [
    "| part | contender | median | also |",
    "| --- | --- | ---: | --- |",
    ...details.map((d) => `| ${d.part} | ${d.contender} | ${d.median} | ${d.note} |`),
  ].join("\n");
}

/** The tables printed at the end of a run. */
export function tables(results: BenchResults): string {
  const out = results.table.length > 0 ? [rowsTable(results.table)] : [];
  if (results.growth) out.push(growthTable(results.growth));
  if (results.details.length > 0 && results.details.some((d) => d.part !== "growth")) {
    out.push(detailsTable(results.details.filter((d) => d.part !== "growth")));
  }
  return out.join("\n\n");
}

export function targetsTable(): string {
  return [
    "| part | measure | target |",
    "| --- | --- | --- |",
    ...Object.values(TARGETS).map((t) => `| ${t.part} | ${t.measure} | ${formatLimit(t)} |`),
  ].join("\n");
}

export function growthTable(growth: GrowthResults): string {
  const lines = [
    "| accounts | subscriptions | contender | time | requests | peak RSS | time per account | requests per account | peak RSS per account | per account vs the smallest estate (time, RSS) |",
    "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const p of growth.points) {
    const head = `| ${p.accounts.toLocaleString("en-US")} | ${p.subscriptions} | ${p.contender}`;
    const first = growth.points.find((q) => q.contender === p.contender && q.perAccount !== undefined);
    if (p.perAccount === undefined) {
      lines.push(`${head} | failed: ${p.error ?? "?"} | | | | | | |`);
      continue;
    }
    const vs =
      first?.perAccount === undefined || first === p
        ? "–"
        : `${fmtRatio(p.perAccount.microseconds / first.perAccount.microseconds)}, ${fmtRatio(p.perAccount.rssBytes / first.perAccount.rssBytes)}`;
    lines.push(
      `${head} | ${fmtMs(p.medianMs!)} | ${p.requests} | ${fmtMiB(p.maxRssBytes!)} | ${p.perAccount.microseconds.toFixed(1)} µs | ` +
        `${p.perAccount.requests.toFixed(4)} | ${(p.perAccount.rssBytes / 1024).toFixed(1)} KiB | ${vs} |`,
    );
  }
  return lines.join("\n");
}

/** The parts as RESULTS.md orders its sections: id and title. */
export const RESULT_SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ["1", "1 cold start"],
  ["2", "2 list 10,000"],
  ["3", "3 fan-out 1,000"],
  ["4", "4 pulumi preview"],
  ["tenant", "tenant 10,000 in 200 subs"],
  ["growth", "growth"],
  ["audit", "audit 10,000 accounts, 50,000 pools"],
];

function runLine(results: BenchResults): string {
  return (
    `Run of ${results.date.slice(0, 10)}: Node.js ${results.node}, ${results.platform}, ${results.cpus} CPUs, ` +
    `load average ${results.loadAverageAtStart[0]?.toFixed(2)} at the start${results.quick ? ", --quick" : ""}.`
  );
}

/** The section of one part from this run's results. */
function section(id: string, title: string, results: BenchResults): string {
  const rows = results.table.filter((r) => r.part === title);
  const details = results.details.filter((d) => d.part === title);
  const parts = [`## ${title}`, "", runLine(results), ""];
  if (id === "growth" && results.growth) parts.push(growthTable(results.growth), "");
  if (rows.length > 0) parts.push(rowsTable(rows), "");
  if (details.length > 0 && id !== "growth") parts.push(detailsTable(details), "");
  return parts.join("\n").trimEnd();
}

const marker = (id: string, end = false) => `<!-- ${end ? "/" : ""}part:${id} -->`;

/** The sections of an existing RESULTS.md, by part id. */
function existingSections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id] of RESULT_SECTIONS) {
    const start = text.indexOf(marker(id));
    const end = text.indexOf(marker(id, true));
    if (start >= 0 && end > start) out.set(id, text.slice(start + marker(id).length, end).trim());
  }
  return out;
}

/** RESULTS.md after a run of `ran` (part ids); the other parts keep their sections from `previous`. */
export function resultsMarkdown(results: BenchResults, ran: readonly string[], previous = ""): string {
  const kept = existingSections(previous);
  const body = RESULT_SECTIONS.map(([id, title]) => {
    const text = ran.includes(id) ? section(id, title, results) : (kept.get(id) ?? `## ${title}\n\nNot run yet.`);
    return `${marker(id)}\n${text}\n${marker(id, true)}`;
  });
  return [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (`bench/report.ts`); do not edit by hand: a run replaces the sections",
    "of the parts it ran. How each part measures: [README.md](README.md); the targets are declared once,",
    "in [targets.ts](targets.ts). Ratios are ours / baseline, medians measured side by side in one run;",
    "absolute times depend on the machine and its load.",
    "",
    "## Targets",
    "",
    targetsTable(),
    "",
    ...body.flatMap((b) => [b, ""]),
  ].join("\n");
}

/** Writes RESULTS.md, keeping the sections of the parts this run did not run. */
export function writeResultsMarkdown(file: string, results: BenchResults, ran: readonly string[]): void {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  fs.writeFileSync(file, resultsMarkdown(results, ran, previous));
}
