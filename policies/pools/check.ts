// Runs the pool rules on a mapped pool; the pack and `checkBatchPool` share it.

import type { EnforcementLevel } from "@pulumi/policy";
import { notYetCheckableMessage, outcomeOf, type RuleOutcome, type Violation, violationMessage } from "../check";
import { type BatchPolicyConfig, enforcementLevelFor, optionsFromPackConfig, validatePackConfig } from "../config";
import { ALL_POLICIES, type AnyPoolRule, POOL_RULES } from "../registry";
import { trackUnknowns } from "../unknowns";
import { type MappedPool, mapPoolModel } from "./mapping";
import type { BatchPool } from "./model";

export function runPoolRule(rule: AnyPoolRule, mapped: MappedPool, options: object): RuleOutcome {
  return outcomeOf(() => rule.check(trackUnknowns(mapped.pool, mapped.unknown), options));
}

export interface BatchPoolCheckResult {
  pool: string;
  violations: Violation[];
  notYetCheckable: { policyName: string; enforcementLevel: EnforcementLevel; property: string; message: string }[];
  notApplicable: { policyName: string; reason: string }[];
  passed: string[];
}

/** Checks a pool (the REST `Pool.properties` shape plus its name) against the pool rules, without CrossGuard. */
export function checkBatchPool(pool: BatchPool, config?: BatchPolicyConfig): BatchPoolCheckResult {
  validatePackConfig(config, ALL_POLICIES);
  const mapped = mapPoolModel(pool);
  const result: BatchPoolCheckResult = { pool: mapped.label, violations: [], notYetCheckable: [], notApplicable: [], passed: [] };
  for (const rule of POOL_RULES) {
    const level = enforcementLevelFor(rule, config);
    if (level === "disabled") continue;
    const outcome = runPoolRule(rule, mapped, optionsFromPackConfig(rule, config));
    if (outcome.status === "passed") result.passed.push(rule.name);
    else if (outcome.status === "not-applicable") result.notApplicable.push({ policyName: rule.name, reason: outcome.reason });
    else if (outcome.status === "not-yet-checkable")
      result.notYetCheckable.push({
        policyName: rule.name,
        enforcementLevel: level,
        property: outcome.property,
        message: notYetCheckableMessage(mapped, rule, outcome.property),
      });
    else
      for (const f of outcome.findings)
        result.violations.push({
          policyName: rule.name,
          enforcementLevel: level,
          severity: rule.severity,
          account: mapped.label,
          property: f.property,
          message: violationMessage(mapped, f),
        });
  }
  return result;
}
