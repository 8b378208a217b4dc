// Policy pack configuration, in the shape `--policy-pack-config` takes (Pulumi's documented format):
//
//   { "all": "mandatory",
//     "batch-public-network-access-disabled": "advisory",
//     "batch-network-rules-restricted": { "enforcementLevel": "mandatory", "minimumPrefixLength": 24 } }
//
// `all` sets every policy's enforcement level; a policy's own entry (a level, or an object with
// `enforcementLevel` and options) overrides it. `BatchGuard` and `checkBatchAccount` take the same
// object. Options are validated with ajv against the schema each policy declares once
// (policy-definition.ts); defaults come from the same declaration.

import type { EnforcementLevel } from "@pulumi/policy";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { type AnyPolicyDefinition, configSchemaOf, type PolicyDefinition } from "./policy-definition";
import type {
  PoolCertificatesConfig,
  PoolDiskEncryptionConfig,
  PoolNodeCommunicationConfig,
  PoolPublicIpConfig,
  PoolVirtualNetworkConfig,
} from "./pools/rules";
import type { LocalAuthConfig } from "./rules/authentication";
import type { CustomerManagedKeyConfig } from "./rules/encryption";
import type { AllowedLocationsConfig, RequiredTagsConfig } from "./rules/governance";
import type { AutoStorageIdentityConfig, ManagedIdentityConfig } from "./rules/identity";
import type { ProvisioningConfig, UserSubscriptionKeyVaultConfig } from "./rules/lifecycle";
import type { NetworkRulesConfig, PrivateLinkConfig, PublicNetworkAccessConfig } from "./rules/network";
import type { PrivateDnsZoneConfig, PrivateEndpointForDisabledAccessConfig, ResourceLogsConfig } from "./stack/rules";

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
  "batch-pool-disk-encryption"?: RuleSetting<PoolDiskEncryptionConfig>;
  "batch-pool-no-public-ip"?: RuleSetting<PoolPublicIpConfig>;
  "batch-pool-virtual-network"?: RuleSetting<PoolVirtualNetworkConfig>;
  "batch-pool-simplified-communication"?: RuleSetting<PoolNodeCommunicationConfig>;
  "batch-pool-no-certificates"?: RuleSetting<PoolCertificatesConfig>;
  "batch-resource-logs-enabled"?: RuleSetting<ResourceLogsConfig>;
  "batch-private-endpoint-dns-zone"?: RuleSetting<PrivateDnsZoneConfig>;
  "batch-private-endpoint-for-disabled-access"?: RuleSetting<PrivateEndpointForDisabledAccessConfig>;
}

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

/** A configuration that does not fit a policy's schema; names the policy and the option. */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: true });

// One compiled validator per policy definition (a fixed set, created at load).
const validators = new WeakMap<AnyPolicyDefinition, ValidateFunction>();

function validatorFor(def: AnyPolicyDefinition): ValidateFunction {
  let v = validators.get(def);
  if (v === undefined) {
    v = ajv.compile({
      type: "object",
      properties: { ...configSchemaOf(def).properties, enforcementLevel: { enum: [...ENFORCEMENT_LEVELS] } },
      additionalProperties: false,
    });
    validators.set(def, v);
  }
  return v;
}

/** `batch-network-rules-restricted: option minimumPrefixLength must be <= 32`, from an ajv error. */
function describeError(def: AnyPolicyDefinition, error: ErrorObject): string {
  if (error.keyword === "additionalProperties") {
    const known = Object.keys(def.options);
    const name = String((error.params as { additionalProperty: string }).additionalProperty);
    return `${def.name}: unknown option ${JSON.stringify(name)} (options: ${known.length === 0 ? "none" : known.join(", ")}).`;
  }
  const segments = error.instancePath.split("/").slice(1);
  const option = segments[0] ?? "";
  const where =
    option +
    segments
      .slice(1)
      .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`))
      .join("");
  const allowed =
    error.keyword === "enum"
      ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")})`
      : "";
  const subject = option === "enforcementLevel" ? "enforcementLevel" : `option ${where}`;
  return `${def.name}: ${subject} ${error.message ?? "is invalid"}${allowed}.`;
}

/**
 * Options (what `args.getConfig()` returns, or a config entry) merged over the policy's defaults
 * and checked against its schema: unknown options and values of the wrong type are errors.
 */
export function resolveOptions<C extends object>(def: PolicyDefinition<C>, given: Record<string, unknown>): C {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) if (value !== undefined) data[key] = structuredClone(value);
  const validate = validatorFor(def);
  if (!validate(data)) throw new PolicyConfigError(describeError(def, validate.errors![0]!));
  delete data.enforcementLevel;
  return data as C;
}

function settingOf(def: AnyPolicyDefinition, config: BatchPolicyConfig | undefined): unknown {
  return config === undefined ? undefined : (config as Record<string, unknown>)[def.name];
}

/** The level a policy runs at: its own entry, else `all`, else its default (Pulumi's order). */
export function enforcementLevelFor(def: AnyPolicyDefinition, config: BatchPolicyConfig | undefined): EnforcementLevel {
  const setting = settingOf(def, config);
  if (isEnforcementLevel(setting)) return setting;
  if (setting !== null && typeof setting === "object") {
    const level = (setting as { enforcementLevel?: unknown }).enforcementLevel;
    if (level !== undefined) {
      if (!isEnforcementLevel(level))
        throw new PolicyConfigError(
          `${def.name}: enforcementLevel ${JSON.stringify(level)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}.`,
        );
      return level;
    }
  }
  if (config?.all !== undefined) {
    if (!isEnforcementLevel(config.all))
      throw new PolicyConfigError(`all: ${JSON.stringify(config.all)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}.`);
    return config.all;
  }
  return def.enforcementLevel;
}

/** A policy's options from its entry in the pack configuration (defaults filled in, values checked). */
export function optionsFromPackConfig<C extends object>(def: PolicyDefinition<C>, config: BatchPolicyConfig | undefined): C {
  const setting = settingOf(def, config);
  if (setting === undefined || isEnforcementLevel(setting)) return resolveOptions(def, {});
  if (setting === null || typeof setting !== "object" || Array.isArray(setting)) {
    throw new PolicyConfigError(
      `${def.name}: expected an enforcement level (${ENFORCEMENT_LEVELS.join(", ")}) or an object of options, got ${JSON.stringify(setting)}.`,
    );
  }
  return resolveOptions(def, setting as Record<string, unknown>);
}

/**
 * Checks a whole pack configuration against the policies: every entry names a policy of the
 * package (or `all`), every level is valid, every option is declared and fits its schema. Throws
 * a `PolicyConfigError` naming the policy and the option.
 */
export function validatePackConfig(config: unknown, policies: readonly AnyPolicyDefinition[]): BatchPolicyConfig {
  if (config === undefined || config === null) return {};
  if (typeof config !== "object" || Array.isArray(config))
    throw new PolicyConfigError(`The policy configuration must be an object, got ${JSON.stringify(config)}.`);
  const byName = new Map(policies.map((p) => [p.name, p]));
  for (const [key, setting] of Object.entries(config)) {
    if (key === "all") {
      if (!isEnforcementLevel(setting))
        throw new PolicyConfigError(`all: ${JSON.stringify(setting)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}.`);
      continue;
    }
    const def = byName.get(key);
    if (def === undefined)
      throw new PolicyConfigError(
        `${JSON.stringify(key)} is not a policy of azure-batch-policies (policies: ${[...byName.keys()].join(", ")}).`,
      );
    enforcementLevelFor(def, config as BatchPolicyConfig);
    optionsFromPackConfig(def, config as BatchPolicyConfig);
  }
  return config as BatchPolicyConfig;
}
