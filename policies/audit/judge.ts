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

export type AuditResult =
  | { policy: string; level: EnforcementLevel; severity: Severity; result: "passed" }
  | { policy: string; level: EnforcementLevel; severity: Severity; result: "violated"; property: string; message: string }
  | { policy: string; level: EnforcementLevel; severity: Severity; result: "not-applicable"; message: string };

export interface AuditedAccount {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroupName: string;
  location: string;
  results: AuditResult[];
}

export const POOL_RULE_REASON = "a pool rule: it judges the Batch pools a stack declares, which a listing of accounts does not show";
export const STACK_RULE_REASON =
  "a stack rule: it judges the resources a stack declares next to its accounts (diagnostic settings, private endpoints), which a listing of accounts does not show";

/** The account rules, at their configured levels (disabled ones left out). */
export function judgedRules(config: BatchPolicyConfig): JudgedRule[] {
  const out: JudgedRule[] = [];
  for (const definition of RULES) {
    const level = enforcementLevelFor(definition, config);
    if (level !== "disabled") out.push({ definition, level });
  }
  return out;
}

/** The policies an audit does not run: pool and stack rules, and account rules the configuration disables. */
export function unjudgedPolicies(config: BatchPolicyConfig): UnjudgedPolicy[] {
  return [
    ...RULES.filter((r) => enforcementLevelFor(r, config) === "disabled").map((r) => ({
      policy: r.name,
      reason: "disabled by the configuration",
    })),
    ...POOL_RULES.map((r) => ({ policy: r.name, reason: POOL_RULE_REASON })),
    ...STACK_RULES.map((r) => ({ policy: r.name, reason: STACK_RULE_REASON })),
  ];
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

/** Whether a level counts as failing for `--fail-on` (remediate is mandatory's level in an audit, which changes nothing). */
export function failsAt(level: EnforcementLevel, failOn: "mandatory" | "advisory" | "none"): boolean {
  if (failOn === "none") return false;
  if (level === "mandatory" || level === "remediate") return true;
  return failOn === "advisory" && level === "advisory";
}
