// Every rule of the pack, registered in one place (grouped by concern in rules/).

import type { BatchRule } from "./rule";
import { authenticationRules } from "./rules/authentication";
import { encryptionRules } from "./rules/encryption";
import { governanceRules } from "./rules/governance";
import { identityRules } from "./rules/identity";
import { lifecycleRules } from "./rules/lifecycle";
import { networkRules } from "./rules/network";

// Rules differ in their option types; the registry only needs what they share.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = BatchRule<any>;

function register(rules: readonly AnyRule[]): readonly AnyRule[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.name)) throw new Error(`Policy name ${JSON.stringify(rule.name)} is not kebab-case.`);
    if (rule.name === "all") throw new Error('Policy name "all" is reserved by Pulumi.');
    if (seen.has(rule.name)) throw new Error(`Policy ${rule.name} is registered twice.`);
    if ("enforcementLevel" in rule.configSchema.properties) throw new Error(`Policy ${rule.name} must not declare enforcementLevel as an option.`);
    seen.add(rule.name);
  }
  return rules;
}

export const RULES: readonly AnyRule[] = register([
  ...authenticationRules,
  ...networkRules,
  ...encryptionRules,
  ...identityRules,
  ...governanceRules,
  ...lifecycleRules,
]);

export function findRule(name: string): AnyRule | undefined {
  return RULES.find((r) => r.name === name);
}
