// Every policy of the package, registered in one place: the account rules (grouped by concern in
// rules/), the pool rules (pools/rules.ts) and the stack rules (stack/rules.ts).

import type { AnyPolicyDefinition } from "./policy-definition";
import { poolRules } from "./pools/rules";
import type { BatchRule, PoolRule, StackRule } from "./rule";
import { authenticationRules } from "./rules/authentication";
import { encryptionRules } from "./rules/encryption";
import { governanceRules } from "./rules/governance";
import { identityRules } from "./rules/identity";
import { lifecycleRules } from "./rules/lifecycle";
import { networkRules } from "./rules/network";
import { stackRules } from "./stack/rules";

// Rules differ in their option types; the registry only needs what they share.
// biome-ignore lint/suspicious/noExplicitAny: the registry holds rules of every option type
export type AnyRule = BatchRule<any>;
// biome-ignore lint/suspicious/noExplicitAny: the registry holds rules of every option type
export type AnyPoolRule = PoolRule<any>;
// biome-ignore lint/suspicious/noExplicitAny: the registry holds rules of every option type
export type AnyStackRule = StackRule<any>;

/** Account rules (functions of the BatchAccount model). */
export const RULES: readonly AnyRule[] = [
  ...authenticationRules,
  ...networkRules,
  ...encryptionRules,
  ...identityRules,
  ...governanceRules,
  ...lifecycleRules,
];

/** Pool rules (functions of the BatchPool model). */
export const POOL_RULES: readonly AnyPoolRule[] = poolRules;

/** Stack rules (functions of the stack's Batch estate). */
export const STACK_RULES: readonly AnyStackRule[] = stackRules;

function register(policies: readonly AnyPolicyDefinition[]): readonly AnyPolicyDefinition[] {
  const seen = new Set<string>();
  for (const p of policies) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(p.name)) throw new Error(`Policy name ${JSON.stringify(p.name)} is not kebab-case.`);
    if (p.name === "all") throw new Error('Policy name "all" is reserved by Pulumi.');
    if (seen.has(p.name)) throw new Error(`Policy ${p.name} is registered twice.`);
    if ("enforcementLevel" in p.options) throw new Error(`Policy ${p.name} must not declare enforcementLevel as an option.`);
    seen.add(p.name);
  }
  return policies;
}

/** Every policy, in the pack's order. */
export const ALL_POLICIES: readonly AnyPolicyDefinition[] = register([...RULES, ...POOL_RULES, ...STACK_RULES]);

export function findPolicy(name: string): AnyPolicyDefinition | undefined {
  return ALL_POLICIES.find((r) => r.name === name);
}
