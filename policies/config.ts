// Policy pack configuration, in the shape `--policy-pack-config` takes (Pulumi's documented format):
//
//   { "all": "mandatory",
//     "batch-public-network-access-disabled": "advisory",
//     "batch-network-rules-restricted": { "enforcementLevel": "mandatory", "minimumPrefixLength": 24 } }
//
// `all` sets every policy's enforcement level; a policy's own entry (a level, or an object with
// `enforcementLevel` and options) overrides it. `checkBatchAccount` takes the same object.

import type { EnforcementLevel } from "@pulumi/policy";
import type { BatchRule } from "./rule";
import type { LocalAuthConfig } from "./rules/authentication";
import type { CustomerManagedKeyConfig } from "./rules/encryption";
import type { AllowedLocationsConfig, RequiredTagsConfig } from "./rules/governance";
import type { AutoStorageIdentityConfig, ManagedIdentityConfig } from "./rules/identity";
import type { ProvisioningConfig, UserSubscriptionKeyVaultConfig } from "./rules/lifecycle";
import type { NetworkRulesConfig, PrivateLinkConfig, PublicNetworkAccessConfig } from "./rules/network";

export type { EnforcementLevel } from "@pulumi/policy";

/** A policy's entry: an enforcement level, or options with an optional enforcement level. */
export type RuleSetting<C> = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Partial<C>);

export interface BatchPolicyConfig {
  all?: EnforcementLevel;
  "batch-local-auth-disabled"?: RuleSetting<LocalAuthConfig>;
  "batch-public-network-access-disabled"?: RuleSetting<PublicNetworkAccessConfig>;
  "batch-network-rules-restricted"?: RuleSetting<NetworkRulesConfig>;
  "batch-private-link-approved"?: RuleSetting<PrivateLinkConfig>;
  "batch-customer-managed-key"?: RuleSetting<CustomerManagedKeyConfig>;
  "batch-managed-identity"?: RuleSetting<ManagedIdentityConfig>;
  "batch-auto-storage-managed-identity"?: RuleSetting<AutoStorageIdentityConfig>;
  "batch-allowed-locations"?: RuleSetting<AllowedLocationsConfig>;
  "batch-required-tags"?: RuleSetting<RequiredTagsConfig>;
  "batch-provisioning-succeeded"?: RuleSetting<ProvisioningConfig>;
  "batch-user-subscription-key-vault"?: RuleSetting<UserSubscriptionKeyVaultConfig>;
}

const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && LEVELS.includes(value);
}

/** A configuration that does not fit a policy's schema; names the policy and the option. */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

function settingOf(rule: BatchRule<object>, config: BatchPolicyConfig | undefined): unknown {
  return config === undefined ? undefined : (config as Record<string, unknown>)[rule.name];
}

/** The level a policy runs at: its own entry, else `all`, else its default (Pulumi's order). */
export function enforcementLevelFor(rule: BatchRule<object>, config: BatchPolicyConfig | undefined): EnforcementLevel {
  const setting = settingOf(rule, config);
  if (isEnforcementLevel(setting)) return setting;
  if (setting !== null && typeof setting === "object") {
    const level = (setting as { enforcementLevel?: unknown }).enforcementLevel;
    if (level !== undefined) {
      if (!isEnforcementLevel(level)) throw new PolicyConfigError(`${rule.name}: enforcementLevel ${JSON.stringify(level)} is not one of ${LEVELS.join(", ")}.`);
      return level;
    }
  }
  if (config?.all !== undefined) {
    if (!isEnforcementLevel(config.all)) throw new PolicyConfigError(`all: ${JSON.stringify(config.all)} is not one of ${LEVELS.join(", ")}.`);
    return config.all;
  }
  return rule.enforcementLevel;
}

/** A policy's options from its entry in the pack configuration (defaults filled in, values checked). */
export function optionsFromPackConfig<C extends object>(rule: BatchRule<C>, config: BatchPolicyConfig | undefined): C {
  const setting = settingOf(rule as BatchRule<object>, config);
  if (setting === undefined || isEnforcementLevel(setting)) return resolveOptions(rule, {});
  if (setting === null || typeof setting !== "object" || Array.isArray(setting)) {
    throw new PolicyConfigError(`${rule.name}: expected an enforcement level or an object of options, got ${JSON.stringify(setting)}.`);
  }
  return resolveOptions(rule, setting as Record<string, unknown>);
}

/**
 * Merges options (what `args.getConfig()` returns, or a config entry) over the rule's defaults,
 * checking each against the rule's schema: unknown options and values of the wrong type are errors.
 */
export function resolveOptions<C extends object>(rule: BatchRule<C>, given: Record<string, unknown>): C {
  const out: Record<string, unknown> = { ...(rule.defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(given)) {
    if (key === "enforcementLevel") continue;
    const schema = rule.configSchema.properties[key];
    if (schema === undefined) {
      const known = Object.keys(rule.configSchema.properties);
      throw new PolicyConfigError(`${rule.name}: unknown option ${JSON.stringify(key)} (options: ${known.length === 0 ? "none" : known.join(", ")}).`);
    }
    if (value === undefined) continue;
    const problem = schemaProblem(schema, value);
    if (problem !== undefined) throw new PolicyConfigError(`${rule.name}: option ${key} ${problem}.`);
    out[key] = value;
  }
  return out as C;
}

type Schema = BatchRule<object>["configSchema"]["properties"][string] | boolean;

/** The subset of JSON schema the rules use: type, enum, items, minimum/maximum, minItems, minLength. */
function schemaProblem(schema: Schema, value: unknown): string | undefined {
  if (typeof schema === "boolean") return schema ? undefined : "is not allowed";
  switch (schema.type) {
    case "boolean":
      if (typeof value !== "boolean") return `must be a boolean, got ${JSON.stringify(value)}`;
      break;
    case "integer":
    case "number":
      if (typeof value !== "number" || (schema.type === "integer" && !Number.isInteger(value))) return `must be ${schema.type === "integer" ? "an integer" : "a number"}, got ${JSON.stringify(value)}`;
      if (schema.minimum !== undefined && value < schema.minimum) return `must be at least ${schema.minimum}, got ${value}`;
      if (schema.maximum !== undefined && value > schema.maximum) return `must be at most ${schema.maximum}, got ${value}`;
      break;
    case "string":
      if (typeof value !== "string") return `must be a string, got ${JSON.stringify(value)}`;
      if (schema.minLength !== undefined && value.length < schema.minLength) return `must not be empty`;
      break;
    case "array": {
      if (!Array.isArray(value)) return `must be an array, got ${JSON.stringify(value)}`;
      if (schema.minItems !== undefined && value.length < schema.minItems) return `must have at least ${schema.minItems} item(s)`;
      const items = schema.items;
      if (items !== undefined && !Array.isArray(items)) {
        for (const item of value) {
          const p = schemaProblem(items, item);
          if (p !== undefined) return `item ${JSON.stringify(item)} ${p}`;
        }
      }
      break;
    }
  }
  if (schema.enum !== undefined && !schema.enum.includes(value as never)) return `must be one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`;
  return undefined;
}
