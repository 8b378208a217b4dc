// The provider's configuration: the `azure-batch-lookup:*` keys of the library, set on the default
// provider (stack configuration) or on an explicit `pulumi:providers:azure-batch-lookup` resource.
// Each configured provider gets its own BatchLookupClient built from these keys as explicit options,
// so they win over the environment; what a provider leaves unset falls back to the environment as
// in the library (ARM_SUBSCRIPTION_ID, ARM_RESOURCE_MANAGER_ENDPOINT, DefaultAzureCredential, ...).

import type { TokenCredential } from "@azure/core-auth";
import { BatchLookupError, type ClientOptions, StaticTokenCredential } from "..";
import { resolveCloud } from "../settings/resolve";
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

/** The service principal keys and the environment variables the library reads them from. */
const SERVICE_PRINCIPAL_ENV = { tenantId: "ARM_TENANT_ID", clientId: "ARM_CLIENT_ID", clientSecret: "ARM_CLIENT_SECRET" } as const;

function clientSecretCredential(config: ProviderConfig, env: NodeJS.ProcessEnv): TokenCredential {
  const values: Record<keyof typeof SERVICE_PRINCIPAL_ENV, string | undefined> = {
    tenantId: undefined,
    clientId: undefined,
    clientSecret: undefined,
  };
  for (const key of Object.keys(SERVICE_PRINCIPAL_ENV) as (keyof typeof SERVICE_PRINCIPAL_ENV)[]) {
    const value = config[key] || env[SERVICE_PRINCIPAL_ENV[key]];
    values[key] = value === "" ? undefined : value;
  }
  const missing = (Object.keys(values) as (keyof typeof values)[]).filter((k) => values[k] === undefined);
  if (missing.length > 0) {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: `azure-batch-lookup:${missing[0]}`,
      message: `The provider sets a service principal but not ${missing.map((k) => `azure-batch-lookup:${k}`).join(", ")} (nor ${missing.map((k) => SERVICE_PRINCIPAL_ENV[k]).join(", ")}): set tenantId, clientId and clientSecret together.`,
    });
  }
  const identity = require("@azure/identity") as typeof import("@azure/identity");
  return new identity.ClientSecretCredential(values.tenantId!, values.clientId!, values.clientSecret!, {
    authorityHost: resolveCloud(config.environment || undefined, env).authorityHost,
  });
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
  if (config.token) clientOptions.credential = new StaticTokenCredential(config.token);
  else if (config.tenantId || config.clientId || config.clientSecret) clientOptions.credential = clientSecretCredential(config, env);
  return { clientOptions, subscriptionId: config.subscriptionId || undefined };
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
