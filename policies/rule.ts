// The three kinds of rule, each a function of one model plus the metadata CrossGuard and the README
// need (policy-definition.ts: kebab-case name, one-line description, default enforcement level,
// options declared once): an account rule judges a BatchAccount, a pool rule a BatchPool, a stack
// rule the Batch estate a whole stack shows.

import type { BatchAccount } from "azure-batch-lookup";
import type { PolicyDefinition } from "./policy-definition";
import type { BatchPool } from "./pools/model";
import type { DeclaredSource } from "./resource-types";
import type { BatchEstate } from "./stack/estate";
import { NotYetKnownError } from "./unknowns";

export type { Anchor } from "./policy-definition";

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

export interface BatchRule<C extends object = object> extends PolicyDefinition<C> {
  /** "existing" rules judge only accounts that exist (their state is unknowable for a declared resource). */
  scope: "any" | "existing";
  check(account: BatchAccount, config: C, ctx: RuleContext): readonly Finding[] | NotApplicable;
  /** Safe fixes per declared resource kind, run at enforcement level `remediate`. */
  remediate?: Partial<Record<DeclaredSource, Remediation<C>>>;
}

/** Keeps a rule's config type while storing rules of different configs in one list. */
export function defineRule<C extends object>(rule: BatchRule<C>): BatchRule<C> {
  return rule;
}

export interface PoolRule<C extends object = object> extends PolicyDefinition<C> {
  check(pool: BatchPool, config: C): readonly Finding[] | NotApplicable;
}

export function definePoolRule<C extends object>(rule: PoolRule<C>): PoolRule<C> {
  return rule;
}

/** One violation of a stack rule, on the resource it concerns. */
export interface StackFinding {
  urn: string;
  message: string;
}

export interface StackRule<C extends object = object> extends PolicyDefinition<C> {
  checkStack(estate: BatchEstate, config: C): StackFinding[];
}

export function defineStackRule<C extends object>(rule: StackRule<C>): StackRule<C> {
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
