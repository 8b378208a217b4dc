// The audit's report: its shape (what `--format json` prints, documented in policies/README.md),
// its header, the summary counted as accounts are printed, and what each format's writer implements.

import type { EnforcementLevel, Severity } from "@pulumi/policy";
import type { FailOn, ListingSource } from "./args";
import type { Exemption } from "./exemptions";
import { type AuditedAccount, failsAt, type JudgedRule, type UnjudgedPolicy } from "./judge";
import type { AuditScope } from "./scope";

/**
 * Bumped only when a field changes meaning or goes away (new fields may be added). 2: the account
 * results include the estate rules, pools and private endpoints are subjects of their own, the
 * "not-judged" result, `estate`, and the summary's subject counts. 3: the "exempted" result (with
 * its `exemption`), `expiredExemption` on a violation, the header's `exemptions`, `failOn` may be
 * a severity, and the summary's `exempted`, `expiredExemptions`, `bySeverity` and `byRule`.
 */
export const REPORT_FORMAT_VERSION = 3;

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
  /** Violations an exemption accepts (not counted in `violations`). */
  exempted: number;
  /** Exemptions of the file past their `expires` day (they exempt nothing). */
  expiredExemptions: number;
  /** Violations (not exempted) by the rule's severity. */
  bySeverity: Record<Severity, number>;
  /** Each rule with a violation, an exempted violation or a result left not judged, in the pack's order. */
  byRule: RuleCount[];
  failOn: FailOn;
  /** 1 when some violation is at a failing level, else 0. */
  exitCode: 0 | 1;
}

export interface RuleCount {
  policy: string;
  level: Exclude<EnforcementLevel, "disabled">;
  severity: Severity;
  violations: number;
  exempted: number;
  notJudged: number;
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
  /** The --exemptions file's entries, each with whether it has expired (absent without the flag). */
  exemptions?: Exemption[];
  /** Sorted by id (case-insensitively, then exactly). */
  accounts: AuditedAccount[];
  summary: AuditSummary;
}

/** Everything of the report before its accounts. */
export type ReportHeader = Omit<AuditReport, "accounts" | "summary">;

export interface ReportInput {
  tool: { name: string; version: string };
  scope: AuditScope;
  source: ListingSource;
  endpoint: string;
  estate: "full" | "accounts-only";
  rules: JudgedRule[];
  notJudged: UnjudgedPolicy[];
  exemptions?: Exemption[];
}

export function reportHeader(input: ReportInput): ReportHeader {
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
    ...(input.exemptions === undefined ? {} : { exemptions: input.exemptions }),
  };
}

/** The summary, counted an account at a time as the accounts are reported. */
export class SummaryCounter {
  private readonly counts = {
    accounts: 0,
    pools: 0,
    privateEndpoints: 0,
    failingAccounts: 0,
    violations: { mandatory: 0, advisory: 0, remediate: 0 },
    passed: 0,
    notApplicable: 0,
    notJudged: 0,
    exempted: 0,
    bySeverity: { critical: 0, high: 0, medium: 0, low: 0 } as Record<Severity, number>,
  };
  private readonly byRule = new Map<string, RuleCount>();

  constructor(
    private readonly failOn: FailOn,
    private readonly header: Pick<ReportHeader, "rules" | "exemptions">,
  ) {
    for (const r of header.rules)
      this.byRule.set(r.policy, { policy: r.policy, level: r.level, severity: r.severity, violations: 0, exempted: 0, notJudged: 0 });
  }

  add(account: AuditedAccount): void {
    const c = this.counts;
    c.accounts++;
    c.pools += account.pools?.length ?? 0;
    c.privateEndpoints += account.privateEndpoints?.length ?? 0;
    let failing = false;
    for (const subject of [account, ...(account.pools ?? []), ...(account.privateEndpoints ?? [])]) {
      for (const r of subject.results) {
        const rule = this.byRule.get(r.policy);
        if (r.result === "passed") c.passed++;
        else if (r.result === "not-applicable") c.notApplicable++;
        else if (r.result === "not-judged") {
          c.notJudged++;
          if (rule !== undefined) rule.notJudged++;
        } else if (r.result === "exempted") {
          c.exempted++;
          if (rule !== undefined) rule.exempted++;
        } else {
          if (r.level !== "disabled") c.violations[r.level]++;
          c.bySeverity[r.severity]++;
          if (rule !== undefined) rule.violations++;
          if (failsAt(r, this.failOn)) failing = true;
        }
      }
    }
    if (failing) c.failingAccounts++;
  }

  summary(): AuditSummary {
    const c = this.counts;
    return {
      ...c,
      violations: { ...c.violations },
      expiredExemptions: (this.header.exemptions ?? []).filter((e) => e.expired).length,
      bySeverity: { ...c.bySeverity },
      byRule: [...this.byRule.values()].filter((r) => r.violations + r.exempted + r.notJudged > 0).map((r) => ({ ...r })),
      failOn: this.failOn,
      exitCode: c.failingAccounts > 0 ? 1 : 0,
    };
  }
}

/** A report format, printed an account at a time (sorted by id) so that no report is held whole. */
export interface ReportWriter {
  /** What comes before the first account. */
  start(): string;
  account(account: AuditedAccount): string;
  /** The rest, once every account is written. */
  end(summary: AuditSummary): string;
  /** After end: what the user should know that the report could not say (on stderr, unless --quiet). */
  notice?(): string | undefined;
}
