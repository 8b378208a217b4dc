// What a rule is: a function of the BatchAccount model plus the metadata CrossGuard and the README
// need (awsguard style: kebab-case name, one-line description, default enforcement level, typed
// configuration with defaults and a JSON schema).

import type { EnforcementLevel, PolicyConfigSchema, Severity } from "@pulumi/policy";
import type { BatchAccount } from "../provider/model";
import type { DeclaredSource } from "./resource-types";
import { NotYetKnownError } from "./unknowns";

/** A reference a rule mirrors: an Azure Policy built-in, a benchmark control, or a Checkov check. */
export interface Anchor {
  kind: "azure-policy" | "mcsb" | "checkov" | "azure-docs";
  /** The policy definition id (GUID), the control id (`NS-2`) or the check id (`CKV_AZURE_76`). */
  id: string;
  /** The display name of the built-in, the control title or the check name. */
  title: string;
  url?: string;
  /** Where our rule differs from the anchor. */
  note?: string;
}

/** One failed requirement: the model property it concerns and what is wrong with it. */
export interface Finding {
  /** The model path, for example `networkProfile.accountAccess.defaultAction`. */
  property: string;
  /** Starts with the property; the evaluator puts the account's name in front. */
  message: string;
}

/** A rule's verdict that it has nothing to judge on this account. */
export interface NotApplicable {
  notApplicable: string;
}

export function notApplicable(reason: string): NotApplicable {
  return { notApplicable: reason };
}

/** What a rule knows besides the account. */
export interface RuleContext {
  /** The account exists in Azure (a `BatchAccountReference`, or the caller of `checkBatchAccount` says so). */
  existing: boolean;
}

/**
 * A safe fix for a declared resource: mutates the resource inputs in place and returns true when it
 * changed something. `account` is the inputs mapped onto the model (with unknown values tracked).
 */
export type Remediation<C> = (props: Record<string, unknown>, account: BatchAccount, config: C) => boolean;

export interface BatchRule<C extends object = object> {
  /** kebab-case, unique in the pack. */
  name: string;
  /** One line. */
  description: string;
  displayName: string;
  enforcementLevel: Exclude<EnforcementLevel, "disabled">;
  severity: Severity;
  /** The concern the rule belongs to (the module it lives in). */
  concern: "authentication" | "network" | "encryption" | "identity" | "governance" | "lifecycle";
  /** "existing" rules judge only accounts that exist (their state is unknowable for a declared resource). */
  scope: "any" | "existing";
  anchors: readonly Anchor[];
  /** What a user should do about a violation. */
  remediationSteps: string;
  /** Option defaults; `getConfig()` values are merged over them. */
  defaults: C;
  /** JSON schema of the options (never `enforcementLevel`, which the SDK adds itself). */
  configSchema: PolicyConfigSchema;
  check(account: BatchAccount, config: C, ctx: RuleContext): readonly Finding[] | NotApplicable;
  /** Safe fixes per declared resource kind, run at enforcement level `remediate`. */
  remediate?: Partial<Record<DeclaredSource, Remediation<C>>>;
}

/** Keeps a rule's config type while storing rules of different configs in one list. */
export function defineRule<C extends object>(rule: BatchRule<C>): BatchRule<C> {
  return rule;
}

/** JSON text for values in messages: `"Enabled"`, `["AAD","SharedKey"]`. */
export function show(value: unknown): string {
  return value === undefined ? "absent" : JSON.stringify(value);
}

/** A finding on `property`. */
export function finding(property: string, message: string): Finding {
  return { property, message };
}

/**
 * Runs independent parts of a rule. A part that needs a value not known yet is skipped; when no
 * part found anything and some were skipped, the rule is not checkable yet (the first unknown is
 * rethrown). So a definite violation is reported even while other values are still unknown.
 */
export function allOf(...parts: Array<() => Finding | readonly Finding[] | undefined>): Finding[] {
  const findings: Finding[] = [];
  let unknown: NotYetKnownError | undefined;
  for (const part of parts) {
    try {
      const result = part();
      if (result === undefined) continue;
      if (Array.isArray(result)) findings.push(...(result as readonly Finding[]));
      else findings.push(result as Finding);
    } catch (e) {
      if (!(e instanceof NotYetKnownError)) throw e;
      unknown ??= e;
    }
  }
  if (findings.length === 0 && unknown !== undefined) throw unknown;
  return findings;
}
