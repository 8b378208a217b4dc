// Runs the pool rules on a mapped pool; the pack and `checkBatchPool` share it.

import type { EnforcementLevel } from "@pulumi/policy";
import { outcomeOf, type RuleOutcome, runEnabledRules, sortOutcomes, type Violation } from "../check";
import { type BatchPolicyConfig, validatePackConfig } from "../config";
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
  const sorted = sortOutcomes(
    mapped,
    runEnabledRules(POOL_RULES, config, (rule, options) => runPoolRule(rule, mapped, options)),
  );
  // A pool's not-yet-checkable entries name no account.
  const notYetCheckable = sorted.notYetCheckable.map(({ account: _account, ...rest }) => rest);
  return { pool: mapped.label, ...sorted, notYetCheckable };
}
