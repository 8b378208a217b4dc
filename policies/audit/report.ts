// The audit's report: what `--format json` prints (a stable shape, documented in the README) and
// what the table and SARIF are rendered from.

import type { EnforcementLevel, Severity } from "@pulumi/policy";
import type { FailOn, ListingSource } from "./args";
import { type AuditedAccount, failsAt, type JudgedRule, type UnjudgedPolicy } from "./judge";
import type { AuditScope } from "./scope";

/**
 * Bumped only when a field changes meaning or goes away (new fields may be added). 2: the account
 * results include the estate rules, pools and private endpoints are subjects of their own, the
 * "not-judged" result, `estate`, and the summary's subject counts.
 */
export const REPORT_FORMAT_VERSION = 2;

export interface ReportRule {
  policy: string;
  level: Exclude<EnforcementLevel, "disabled">;
  severity: Severity;
  description: string;
}

export interface AuditSummary {
  accounts: number;
  /** Pools and private endpoints judged as subjects of their own. */
  pools: number;
  privateEndpoints: number;
  /** Accounts with at least one violation at a failing level (see `failOn`). */
  failingAccounts: number;
  violations: { mandatory: number; advisory: number; remediate: number };
  passed: number;
  notApplicable: number;
  /** Results a refused read left open (see each account's `unread`). */
  notJudged: number;
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
  /** "full": pools, diagnostic settings and DNS zone groups read and judged; "accounts-only": --accounts-only. */
  estate: "full" | "accounts-only";
  /** The rules run, at their configured level, in the pack's order (account, pool, then estate rules). */
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
  estate: "full" | "accounts-only";
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
  let notJudged = 0;
  let failingAccounts = 0;
  let pools = 0;
  let privateEndpoints = 0;
  for (const account of accounts) {
    let failing = false;
    pools += account.pools?.length ?? 0;
    privateEndpoints += account.privateEndpoints?.length ?? 0;
    const results = [
      ...account.results,
      ...(account.pools ?? []).flatMap((p) => p.results),
      ...(account.privateEndpoints ?? []).flatMap((e) => e.results),
    ];
    for (const r of results) {
      if (r.result === "passed") passed++;
      else if (r.result === "not-applicable") notApplicable++;
      else if (r.result === "not-judged") notJudged++;
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
    estate: input.estate,
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
      pools,
      privateEndpoints,
      failingAccounts,
      violations,
      passed,
      notApplicable,
      notJudged,
      failOn: input.failOn,
      exitCode: failingAccounts > 0 ? 1 : 0,
    },
  };
}
