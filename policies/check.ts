// Runs the rules on a mapped account. The CrossGuard pack (pack.ts) and scripts (checkBatchAccount)
// share this, so both report the same findings with the same messages.

import type { EnforcementLevel, Severity } from "@pulumi/policy";
import type { BatchAccount } from "azure-batch-lookup";
import { type BatchPolicyConfig, enforcementLevelFor, optionsFromPackConfig, validatePackConfig } from "./config";
import { type MappedAccount, type ModelOptions, mapModel } from "./mapping";
import type { AnyPolicyDefinition } from "./policy-definition";
import { ALL_POLICIES, type AnyRule, RULES } from "./registry";
import type { Finding, NotApplicable } from "./rule";
import { displayPath, NotYetKnownError, trackUnknowns } from "./unknowns";

/** What one rule concluded about one account. */
export type RuleOutcome =
  | { status: "passed" }
  | { status: "violated"; findings: Finding[] }
  | { status: "not-yet-checkable"; property: string }
  | { status: "not-applicable"; reason: string };

/** Runs one rule with resolved options. Never throws for unknown values: they make the outcome "not-yet-checkable". */
export function runRule<C extends object>(rule: AnyRule, mapped: MappedAccount, options: C): RuleOutcome {
  if (rule.scope === "existing" && !mapped.existing) {
    return {
      status: "not-applicable",
      reason: "It applies only to existing accounts (BatchAccountReference, or checkBatchAccount with existing: true).",
    };
  }
  return outcomeOf(() => rule.check(trackUnknowns(mapped.account, mapped.unknown), options, { existing: mapped.existing }));
}

/** A rule's verdict as an outcome; reading a value that is not known yet makes it "not-yet-checkable". */
export function outcomeOf(check: () => readonly Finding[] | NotApplicable): RuleOutcome {
  try {
    const result = check();
    if ("notApplicable" in result) return { status: "not-applicable", reason: result.notApplicable };
    return result.length === 0 ? { status: "passed" } : { status: "violated", findings: [...result] };
  } catch (e) {
    if (e instanceof NotYetKnownError) return { status: "not-yet-checkable", property: displayPath(e.path) };
    throw e;
  }
}

/** What a message says of a mapped resource (an account or a pool): its label and its inputs' names. */
export interface MessageSubject {
  label: string;
  /** Model property → resource input, where the names differ (`[]` stands for any index). */
  inputNames: Readonly<Record<string, string>>;
}

/** The input a model property comes from, where the names differ (`publicNetworkAccessEnabled`). */
export function inputNameFor(mapped: MessageSubject, property: string): string | undefined {
  const key = property.replace(/\[\d+\]/g, "[]");
  const name = mapped.inputNames[key];
  if (name === undefined) return undefined;
  const indices = property.match(/\[\d+\]/g) ?? [];
  let i = 0;
  return name.replace(/\[\]/g, () => indices[i++] ?? "[]");
}

/** `property (input name)` where the resource input's name differs from the model's. */
function withInputName(mapped: MessageSubject, property: string): string {
  const input = inputNameFor(mapped, property);
  return input === undefined ? property : `${property} (input ${input})`;
}

/** `Batch account "x": <finding>`, naming the resource input where it differs from the model property. */
export function violationMessage(mapped: MessageSubject, f: Finding): string {
  const message = f.message.startsWith(f.property) ? withInputName(mapped, f.property) + f.message.slice(f.property.length) : f.message;
  return `${mapped.label}: ${message}`;
}

export function notYetCheckableMessage(mapped: MessageSubject, rule: { name: string }, property: string): string {
  return `${mapped.label}: ${withInputName(mapped, property)} is not known yet (it is computed during the deployment), so ${rule.name} cannot be checked until it is.`;
}

export interface Violation {
  policyName: string;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  /** The resource's label, `Batch account "sampleacct"` (or `Batch pool "p1"`). */
  account: string;
  /** The model property, `networkProfile.accountAccess.defaultAction`. */
  property: string;
  /** Names the account and the property. */
  message: string;
}

export interface NotYetCheckable {
  policyName: string;
  enforcementLevel: EnforcementLevel;
  account: string;
  property: string;
  message: string;
}

export interface BatchAccountCheckResult {
  account: string;
  violations: Violation[];
  /** Rules that need a value that is not known yet. */
  notYetCheckable: NotYetCheckable[];
  /** Rules that do not apply to this account, with the reason. */
  notApplicable: { policyName: string; reason: string }[];
  /** Rules the account satisfies. */
  passed: string[];
}

/** An enabled rule's outcome, at the level the configuration gives it. */
export interface EnabledRuleOutcome<R> {
  rule: R;
  level: EnforcementLevel;
  outcome: RuleOutcome;
}

/** Runs each rule the configuration enables, in order, with its configured options. */
export function runEnabledRules<R extends AnyPolicyDefinition>(
  rules: readonly R[],
  config: BatchPolicyConfig | undefined,
  run: (rule: R, options: object) => RuleOutcome,
): EnabledRuleOutcome<R>[] {
  const out: EnabledRuleOutcome<R>[] = [];
  for (const rule of rules) {
    const level = enforcementLevelFor(rule, config);
    if (level !== "disabled") out.push({ rule, level, outcome: run(rule, optionsFromPackConfig(rule, config)) });
  }
  return out;
}

/** The outcomes of a check, sorted by kind as a check result reports them. */
export function sortOutcomes(
  mapped: MessageSubject,
  outcomes: readonly EnabledRuleOutcome<AnyPolicyDefinition & { severity: Severity }>[],
): Omit<BatchAccountCheckResult, "account"> {
  const result: Omit<BatchAccountCheckResult, "account"> = { violations: [], notYetCheckable: [], notApplicable: [], passed: [] };
  for (const { rule, level, outcome } of outcomes) {
    switch (outcome.status) {
      case "passed":
        result.passed.push(rule.name);
        break;
      case "not-applicable":
        result.notApplicable.push({ policyName: rule.name, reason: outcome.reason });
        break;
      case "not-yet-checkable":
        result.notYetCheckable.push({
          policyName: rule.name,
          enforcementLevel: level,
          account: mapped.label,
          property: outcome.property,
          message: notYetCheckableMessage(mapped, rule, outcome.property),
        });
        break;
      case "violated":
        for (const f of outcome.findings) {
          result.violations.push({
            policyName: rule.name,
            enforcementLevel: level,
            severity: rule.severity,
            account: mapped.label,
            property: f.property,
            message: violationMessage(mapped, f),
          });
        }
        break;
    }
  }
  return result;
}

/** Runs every enabled rule on a mapped account, with the pack configuration's levels and options. */
export function evaluateAccount(mapped: MappedAccount, config?: BatchPolicyConfig): BatchAccountCheckResult {
  return {
    account: mapped.label,
    ...sortOutcomes(
      mapped,
      runEnabledRules(RULES, config, (rule, options) => runRule(rule, mapped, options)),
    ),
  };
}

/**
 * Checks a Batch account (the model `getBatchAccount` returns) against the pack's rules, without
 * CrossGuard. `config` takes the same shape as `--policy-pack-config`; pass `{ existing: true }`
 * for an account that exists so the existing-only rules (provisioning state, private link) apply.
 */
export function checkBatchAccount(account: BatchAccount, config?: BatchPolicyConfig, options?: ModelOptions): BatchAccountCheckResult {
  validatePackConfig(config, ALL_POLICIES);
  return evaluateAccount(mapModel(account, options), config);
}
