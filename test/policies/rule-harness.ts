// Runs one rule through the public checkBatchAccount API (every other rule disabled) and gives the
// outcome in a shape tests can assert on.

import { expect } from "vitest";
import { type BatchAccountCheckResult, checkBatchAccount } from "../../policies/check";
import type { BatchPolicyConfig } from "../../policies/config";
import { type AnyRule, RULES } from "../../policies/registry";
import type { ModelPath } from "../../policies/unknowns";
import type { BatchAccount } from "../../provider/model/batch-account";

export interface JudgeOptions {
  options?: Record<string, unknown>;
  existing?: boolean;
  unknownPaths?: ModelPath[];
}

export interface Judgement {
  status: "passed" | "violated" | "not-yet-checkable" | "not-applicable";
  messages: string[];
  properties: string[];
  reason?: string;
  result: BatchAccountCheckResult;
}

export function judge(rule: string, account: BatchAccount, opts: JudgeOptions = {}): Judgement {
  const config = { all: "disabled", [rule]: { enforcementLevel: "mandatory", ...opts.options } } as BatchPolicyConfig;
  const modelOptions: { existing?: boolean; unknownPaths?: ModelPath[] } = {};
  if (opts.existing !== undefined) modelOptions.existing = opts.existing;
  if (opts.unknownPaths !== undefined) modelOptions.unknownPaths = opts.unknownPaths;
  const result = checkBatchAccount(account, config, modelOptions);
  const ran = [result.passed.length, result.violations.length > 0 ? 1 : 0, result.notYetCheckable.length, result.notApplicable.length];
  expect(
    ran.reduce((a, b) => a + b),
    `exactly one outcome for ${rule}`,
  ).toBe(1);
  if (result.violations.length > 0) {
    return {
      status: "violated",
      messages: result.violations.map((v) => v.message),
      properties: result.violations.map((v) => v.property),
      result,
    };
  }
  if (result.notYetCheckable.length > 0) {
    return {
      status: "not-yet-checkable",
      messages: result.notYetCheckable.map((v) => v.message),
      properties: result.notYetCheckable.map((v) => v.property),
      result,
    };
  }
  if (result.notApplicable.length > 0)
    return { status: "not-applicable", messages: [], properties: [], reason: result.notApplicable[0]!.reason, result };
  return { status: "passed", messages: [], properties: [], result };
}

/** The rule is violated, with a message that names the account and `property`, containing `text`. */
export function expectViolation(j: Judgement, accountName: string, property: string, text?: string | RegExp): void {
  expect(j.status, JSON.stringify(j.result)).toBe("violated");
  const pattern =
    text === undefined ? undefined : typeof text === "string" ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : text;
  const candidates = j.messages.filter((_, i) => j.properties[i] === property);
  expect(candidates.length, `a finding on ${property} among ${JSON.stringify(j.messages)}`).toBeGreaterThan(0);
  const match = pattern === undefined ? candidates[0] : candidates.find((m) => pattern.test(m));
  expect(match, `a finding on ${property} matching ${String(pattern)} among ${JSON.stringify(candidates)}`).toBeDefined();
  expect(match).toContain(`Batch account ${JSON.stringify(accountName)}: `);
  expect(match).toContain(property);
}

/** The account rule of that name; a misspelt name fails the test that asks for it. */
export function ruleNamed(name: string): AnyRule {
  const rule = RULES.find((r) => r.name === name);
  if (rule === undefined) throw new Error(`No account rule named ${name}`);
  return rule;
}
