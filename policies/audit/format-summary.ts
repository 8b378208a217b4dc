// The closing summary of an audit, as text: what was judged, the findings by outcome, by severity
// and by rule, the exemptions that expired, and the verdict. The table ends with it; with the
// report in a file, or a machine format on stdout, it goes to stderr.

import type { Severity } from "@pulumi/policy";
import type { Exemption } from "./exemptions";
import type { AuditSummary, ReportHeader } from "./report";
import { describeScope } from "./scope";
import { painter, truncate } from "./text-layout";

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/** The words a result is shown with: a mandatory failure and an advisory warning never look alike. */
export const RESULT_WORDS = {
  failure: "FAIL",
  warning: "WARN",
  exempted: "EXEMPT",
  notJudged: "NOT JUDGED",
  passed: "pass",
  notApplicable: "n/a",
} as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function failOnText(failOn: AuditSummary["failOn"]): string {
  return SEVERITIES.includes(failOn as Severity)
    ? `--fail-on ${failOn}: a violation of severity ${failOn} or higher`
    : `--fail-on ${failOn}`;
}

export function verdict(s: AuditSummary): string {
  if (s.failOn === "none") return "--fail-on none: the audit does not fail (exit code 0).";
  if (s.failingAccounts === 0) return `No account fails (${failOnText(s.failOn)}): exit code 0.`;
  return `${s.failingAccounts} of ${plural(s.accounts, "account")} fail (${failOnText(s.failOn)}): exit code 1.`;
}

/** One line per expired exemption: it exempts nothing until renewed or removed. */
export function expiredLines(exemptions: readonly Exemption[] | undefined): string[] {
  return (exemptions ?? [])
    .filter((e) => e.expired)
    .map((e) => `exemption expired on ${e.expires}, so it exempts nothing: ${e.rule} on ${e.resource} (${e.reason})`);
}

export interface SummaryStyle {
  /** Fit lines to this width (a terminal); undefined: as long as they are. */
  columns?: number;
  color: boolean;
}

/** The summary's lines (without trailing newlines). */
export function summaryLines(header: ReportHeader, s: AuditSummary, style: SummaryStyle): string[] {
  const paint = painter(style.color);
  const fit = (line: string) => (style.columns === undefined ? line : truncate(line, style.columns));
  const subjects =
    header.estate === "full"
      ? `${plural(s.accounts, "account")} (${plural(s.pools, "pool")}, ${plural(s.privateEndpoints, "private endpoint")})`
      : `${plural(s.accounts, "account")} (accounts only)`;
  const lines: string[] = [];
  lines.push(paint("bold", fit(`Summary: ${subjects} in ${describeScope(header.scope)}, ${plural(header.rules.length, "rule")}`)));
  const v = s.violations;
  const failures = v.mandatory + v.remediate;
  lines.push(
    fit(
      `  ${paint(failures > 0 ? "red" : "green", `${failures} ${RESULT_WORDS.failure}`)} (mandatory), ${paint(v.advisory > 0 ? "yellow" : "green", `${v.advisory} ${RESULT_WORDS.warning}`)} (advisory), ${s.exempted} ${RESULT_WORDS.exempted}, ${s.notJudged} ${RESULT_WORDS.notJudged}; ${s.passed} passed, ${s.notApplicable} not applicable`,
    ),
  );
  lines.push(fit(`  by severity: ${SEVERITIES.map((sev) => `${sev} ${s.bySeverity[sev]}`).join(", ")}`));
  if (s.byRule.length > 0) {
    const width = Math.max(...s.byRule.map((r) => r.policy.length));
    lines.push("  by rule:");
    for (const r of s.byRule) {
      const word = r.level === "advisory" ? RESULT_WORDS.warning : RESULT_WORDS.failure;
      const counts = [
        ...(r.violations > 0 ? [`${r.violations} ${word}`] : []),
        ...(r.exempted > 0 ? [`${r.exempted} ${RESULT_WORDS.exempted}`] : []),
        ...(r.notJudged > 0 ? [`${r.notJudged} ${RESULT_WORDS.notJudged}`] : []),
      ];
      lines.push(fit(`    ${r.policy.padEnd(width)}  ${r.severity.padEnd(8)}  ${counts.join(", ")}`));
    }
  }
  for (const line of expiredLines(header.exemptions)) lines.push(fit(`  ${paint("yellow", line)}`));
  lines.push(paint("bold", fit(verdict(s))));
  return lines;
}
