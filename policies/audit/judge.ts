// Judges listed accounts with the pack's account rules, as existing accounts (the way the pack
// judges a BatchAccountReference): every account rule applies, the existing-only ones included.
// Pool and stack rules judge resources a stack declares, which a listing of accounts does not
// show, so an audit cannot judge them; the report says so.

import type { EnforcementLevel, Severity } from "@pulumi/policy";
import type { BatchAccount } from "azure-batch-lookup";
import { notYetCheckableMessage, runEnabledRules, runRule, violationMessage } from "../check";
import { type BatchPolicyConfig, enforcementLevelFor } from "../config";
import { mapModel } from "../mapping";
import type { AnyPolicyDefinition } from "../policy-definition";
import { POOL_RULES, RULES, STACK_RULES } from "../registry";
import type { FailOn } from "./args";

/** A rule the audit runs, at the level the configuration gives it. */
export interface JudgedRule {
  definition: AnyPolicyDefinition;
  level: Exclude<EnforcementLevel, "disabled">;
}

/** A policy of the package the audit does not run, with the reason. */
export interface UnjudgedPolicy {
  policy: string;
  reason: string;
}

/** An exemption of the --exemptions file as a result records it. */
export interface AppliedExemption {
  /** The rule named (or "*"). */
  rule: string;
  /** The resource id or pattern. */
  resource: string;
  reason: string;
  /** YYYY-MM-DD, the last day it applies (UTC). */
  expires?: string;
}

export type AuditResult =
  | { policy: string; level: EnforcementLevel; severity: Severity; result: "passed" }
  | {
      policy: string;
      level: EnforcementLevel;
      severity: Severity;
      result: "violated";
      property: string;
      message: string;
      /** An exemption that would cover this violation had it not expired. */
      expiredExemption?: AppliedExemption;
    }
  /** A violation an exemption accepts: reported with the reason, never failing the audit. */
  | {
      policy: string;
      level: EnforcementLevel;
      severity: Severity;
      result: "exempted";
      property: string;
      message: string;
      exemption: AppliedExemption;
    }
  | { policy: string; level: EnforcementLevel; severity: Severity; result: "not-applicable"; message: string }
  /** What the rule needs could not be read for this subject (`permission`: the RBAC action the read needs). */
  | { policy: string; level: EnforcementLevel; severity: Severity; result: "not-judged"; message: string; permission: string };

/** A resource of an account judged on its own (a pool, a private endpoint), with its ARM id. */
export interface AuditedResource {
  id: string;
  name: string;
  results: AuditResult[];
}

/** A private endpoint a connection of the account names, with its DNS zone groups when read. */
export interface AuditedEndpoint extends AuditedResource {
  groupIds: string[];
  /** The connection's status on the account. */
  connectionStatus?: string;
  dnsZoneGroups?: { id: string; name: string; zoneIds: string[] }[];
}

/** A diagnostic setting of the account, as the resource-log rule read it. */
export interface ReportedDiagnosticSetting {
  id: string;
  name: string;
  /** Log categories (or category groups) enabled. */
  enabledLogs: string[];
  /** Destination properties set (workspaceId, storageAccountId, ...). */
  destinations: string[];
}

export interface AuditedAccount {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroupName: string;
  location: string;
  /** The account rules, then the estate rules judged on the account (resource logs, private endpoint for disabled access). */
  results: AuditResult[];
  /** Absent with --accounts-only, or when the pools could not be read (see `unread`). */
  pools?: AuditedResource[];
  diagnosticSettings?: ReportedDiagnosticSetting[];
  privateEndpoints?: AuditedEndpoint[];
  /** Reads refused (403) or of resources gone (404), each for its subject. */
  unread?: { read: string; subject: string; statusCode?: number; code: string; permission: string; message: string }[];
}

/** Why --accounts-only leaves a rule out. */
export const ACCOUNTS_ONLY_REASON =
  "--accounts-only: the audit did not read the pools, diagnostic settings and private DNS zone groups this rule judges";

/** The rules that need the estate reads (pools, diagnostic settings, DNS zone groups). */
export const ESTATE_READ_RULES: readonly string[] = [
  ...POOL_RULES.map((r) => r.name),
  "batch-resource-logs-enabled",
  "batch-private-endpoint-dns-zone",
];

/** Every rule the audit runs, at its configured level (disabled ones left out); with accountsOnly, not those that need the estate reads. */
export function judgedRules(config: BatchPolicyConfig, accountsOnly = false): JudgedRule[] {
  const out: JudgedRule[] = [];
  for (const definition of [...RULES, ...POOL_RULES, ...STACK_RULES]) {
    if (accountsOnly && ESTATE_READ_RULES.includes(definition.name)) continue;
    const level = enforcementLevelFor(definition, config);
    if (level !== "disabled") out.push({ definition, level });
  }
  return out;
}

/** The policies an audit does not run, with the reason: those the configuration disables, and with accountsOnly those needing the estate reads. */
export function unjudgedPolicies(config: BatchPolicyConfig, accountsOnly = false): UnjudgedPolicy[] {
  const out: UnjudgedPolicy[] = [];
  for (const definition of [...RULES, ...POOL_RULES, ...STACK_RULES]) {
    if (enforcementLevelFor(definition, config) === "disabled")
      out.push({ policy: definition.name, reason: "disabled by the configuration" });
    else if (accountsOnly && ESTATE_READ_RULES.includes(definition.name))
      out.push({ policy: definition.name, reason: ACCOUNTS_ONLY_REASON });
  }
  return out;
}

/** Runs every enabled account rule on one listed account. */
export function judgeAccount(account: BatchAccount, config: BatchPolicyConfig): AuditedAccount {
  const mapped = mapModel(account, { existing: true });
  const results: AuditResult[] = [];
  // In the pack's rule order, whatever the outcome.
  for (const { rule, level, outcome } of runEnabledRules(RULES, config, (r, options) => runRule(r, mapped, options))) {
    const policy = rule.name;
    const severity = rule.severity;
    if (outcome.status === "passed") results.push({ policy, level, severity, result: "passed" });
    else if (outcome.status === "not-applicable")
      results.push({ policy, level, severity, result: "not-applicable", message: outcome.reason });
    else if (outcome.status === "violated") {
      for (const f of outcome.findings) {
        results.push({ policy, level, severity, result: "violated", property: f.property, message: violationMessage(mapped, f) });
      }
    } else {
      // A listed account has no unknown values; a rule that still reports one is a defect, not a pass.
      throw new Error(`${notYetCheckableMessage(mapped, rule, outcome.property)} (a listed account should have every value known).`);
    }
  }
  return {
    id: account.id,
    name: account.name,
    subscriptionId: account.subscriptionId,
    resourceGroupName: account.resourceGroupName,
    location: account.location,
    results,
  };
}

const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/**
 * Whether a violation fails the audit under `--fail-on`: by level (remediate is mandatory's level
 * in an audit, which changes nothing), or by severity (a violation of at least that severity, at
 * whatever level the rule runs).
 */
export function failsAt(result: { level: EnforcementLevel; severity: Severity }, failOn: FailOn): boolean {
  const { level, severity } = result;
  if (failOn === "none" || level === "disabled") return false;
  if (failOn in SEVERITY_RANK) return SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn as Severity];
  if (level === "mandatory" || level === "remediate") return true;
  return failOn === "advisory" && level === "advisory";
}
