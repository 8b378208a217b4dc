// The audit's report: what `--format json` prints (a stable shape, documented in the README) and
// what the table and SARIF are rendered from.

import type { EnforcementLevel, Severity } from "@pulumi/policy";
import type { FailOn, ListingSource } from "./args";
import { type AuditedAccount, failsAt, type JudgedRule, type UnjudgedPolicy } from "./judge";
import type { AuditScope } from "./scope";

/** Bumped only when a field changes meaning or goes away (new fields may be added). */
export const REPORT_FORMAT_VERSION = 1;

export interface ReportRule {
  policy: string;
  level: Exclude<EnforcementLevel, "disabled">;
  severity: Severity;
  description: string;
}

export interface AuditSummary {
  accounts: number;
  /** Accounts with at least one violation at a failing level (see `failOn`). */
  failingAccounts: number;
  violations: { mandatory: number; advisory: number; remediate: number };
  passed: number;
  notApplicable: number;
  failOn: FailOn;
  /** 1 when some violation is at a failing level, else 0. */
  exitCode: 0 | 1;
}

export interface AuditReport {
  formatVersion: typeof REPORT_FORMAT_VERSION;
  tool: { name: string; version: string };
  scope: AuditScope;
  source: ListingSource;
  endpoint: string;
  /** The rules run on every account, at their configured level, in the pack's order. */
  rules: ReportRule[];
  /** Policies of the package the audit did not run, with the reason. */
  notJudged: UnjudgedPolicy[];
  /** Sorted by id (case-insensitively, then exactly). */
  accounts: AuditedAccount[];
  summary: AuditSummary;
}

export interface ReportInput {
  tool: { name: string; version: string };
  scope: AuditScope;
  source: ListingSource;
  endpoint: string;
  rules: JudgedRule[];
  notJudged: UnjudgedPolicy[];
  accounts: AuditedAccount[];
  failOn: FailOn;
}

/** By id, case-insensitively (as ARM compares ids), then exactly: the order listBatchAccounts returns. */
function compareIds(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

export function buildReport(input: ReportInput): AuditReport {
  const accounts = [...input.accounts].sort((a, b) => compareIds(a.id, b.id));
  const violations = { mandatory: 0, advisory: 0, remediate: 0 };
  let passed = 0;
  let notApplicable = 0;
  let failingAccounts = 0;
  for (const account of accounts) {
    let failing = false;
    for (const r of account.results) {
      if (r.result === "passed") passed++;
      else if (r.result === "not-applicable") notApplicable++;
      else {
        if (r.level !== "disabled") violations[r.level]++;
        if (failsAt(r.level, input.failOn)) failing = true;
      }
    }
    if (failing) failingAccounts++;
  }
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    tool: input.tool,
    scope: input.scope,
    source: input.source,
    endpoint: input.endpoint,
    rules: input.rules.map((r) => ({
      policy: r.definition.name,
      level: r.level,
      severity: r.definition.severity,
      description: r.definition.description,
    })),
    notJudged: input.notJudged,
    accounts,
    summary: {
      accounts: accounts.length,
      failingAccounts,
      violations,
      passed,
      notApplicable,
      failOn: input.failOn,
      exitCode: failingAccounts > 0 ? 1 : 0,
    },
  };
}
