// The provider's configuration: the `azure-batch-lookup:*` keys of the library, set on the default
// provider (stack configuration) or on an explicit `pulumi:providers:azure-batch-lookup` resource.
// Each configured provider gets its own BatchLookupClient built from these keys, so they win over
// the environment; what a provider leaves unset falls back to the environment as in the library
// (ARM_SUBSCRIPTION_ID, ARM_RESOURCE_MANAGER_ENDPOINT, ARM_USE_OIDC, ...), and the way of signing
// in is chosen from both as the library chooses it (settings/sign-in.ts).

import { BatchLookupError } from "../errors";
import type { ClientOptions } from "../settings/client-options";
import { type ClientOptionsWithReader, SETTING_READER } from "../settings/client-options";
import { resolveSetting, type SettingReader } from "../settings/resolve";
import { SETTINGS, type SettingName } from "../settings/settings";

/** The provider's configuration keys: every setting of the library, as declared in settings/settings.ts. */
export const PROVIDER_CONFIG = SETTINGS;

export type ProviderConfigKey = SettingName;

/** The configuration of one provider: each key's value as a string (the engine's form), when set. */
export type ProviderConfig = Partial<Record<ProviderConfigKey, string>>;

/** What a configured provider looks accounts up with. */
export interface ProviderSettings {
  /** The client options (explicit, so they win over the environment). */
  clientOptions: ClientOptions;
  /** The subscription of lookups without one; undefined leaves it to the library (the environment). */
  subscriptionId: string | undefined;
}

/**
 * The provider's reader of settings: a key the provider sets, else the library's order (Pulumi
 * config when the process has it, then the environment).
 */
function providerReader(config: ProviderConfig, env: NodeJS.ProcessEnv): SettingReader {
  return (name) => {
    const value = config[name];
    if (value !== undefined && value !== "") return { value, source: `azure-batch-lookup:${name}` };
    return resolveSetting(name, undefined, env);
  };
}

/**
 * Maps a provider's configuration onto the library's client options. A key the provider sets is an
 * explicit option; a key it leaves unset is resolved by the library as it always is.
 */
export function providerSettings(config: ProviderConfig, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const clientOptions: ClientOptions = {};
  if (config.endpoint) clientOptions.endpoint = config.endpoint;
  if (config.environment) clientOptions.environment = config.environment;
  if (config.audience) clientOptions.audience = config.audience;
  if (config.proxy !== undefined) clientOptions.proxy = config.proxy;
  if (config.maxConcurrentRequests) {
    const n = Number(config.maxConcurrentRequests);
    if (!Number.isInteger(n) || n < 1) {
      throw new BatchLookupError({
        code: "InvalidConfiguration",
        target: "azure-batch-lookup:maxConcurrentRequests",
        message: `maxConcurrentRequests must be a positive integer, got ${JSON.stringify(config.maxConcurrentRequests)} (from azure-batch-lookup:maxConcurrentRequests).`,
      });
    }
    clientOptions.maxConcurrentRequests = n;
  }
  const withReader: ClientOptionsWithReader = { ...clientOptions, [SETTING_READER]: providerReader(config, env) };
  return { clientOptions: withReader, subscriptionId: config.subscriptionId || undefined };
}

/**
 * Reads a provider's configuration from the engine's property map: keys are the bare names
 * (`subscriptionId`), or in older engines' `variables` form `azure-batch-lookup:config:subscriptionId`.
 * Unknown keys fail with the list of known ones.
 */
export function readProviderConfig(values: Record<string, unknown>): ProviderConfig {
  const config: ProviderConfig = {};
  for (const [rawKey, value] of Object.entries(values)) {
    if (rawKey === "version" || rawKey === "pluginDownloadURL" || rawKey.startsWith("__") || value === undefined || value === null)
      continue;
    const key = rawKey.replace(/^azure-batch-lookup:(config:)?/, "");
    if (!(key in PROVIDER_CONFIG)) {
      throw new BatchLookupError({
        code: "InvalidConfiguration",
        target: `azure-batch-lookup:${key}`,
        message: `Unknown configuration key azure-batch-lookup:${key}: the provider accepts ${Object.keys(PROVIDER_CONFIG).join(", ")}.`,
      });
    }
    config[key as ProviderConfigKey] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}
