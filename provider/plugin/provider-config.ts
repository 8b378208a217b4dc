// The provider's configuration: the `azure-batch-lookup:*` keys of the library, set on the default
// provider (stack configuration) or on an explicit `pulumi:providers:azure-batch-lookup` resource.
// Each configured provider gets its own BatchLookupClient built from these keys as explicit options,
// so they win over the environment; what a provider leaves unset falls back to the environment as
// in the library (ARM_SUBSCRIPTION_ID, ARM_RESOURCE_MANAGER_ENDPOINT, DefaultAzureCredential, ...).

import type { TokenCredential } from "@azure/core-auth";
import { BatchLookupError, type ClientOptions, StaticTokenCredential } from "..";
import { resolveCloud } from "../settings/resolve";

export interface ConfigKey {
  /** The schema type of the key. */
  type: "string" | "integer";
  /** Set it as a secret: the engine keeps it encrypted in the state. */
  secret: boolean;
  description: string;
}

/** The provider's configuration keys: the library's `azure-batch-lookup:*` settings. */
export const PROVIDER_CONFIG = {
  subscriptionId: {
    type: "string",
    secret: false,
    description:
      "The subscription the lookups and references of this provider read when they are not given a subscriptionId. Default: ARM_SUBSCRIPTION_ID or AZURE_SUBSCRIPTION_ID.",
  },
  environment: {
    type: "string",
    secret: false,
    description: 'The Azure cloud: "public" (default), "usgovernment" or "china". Default: ARM_ENVIRONMENT or AZURE_ENVIRONMENT.',
  },
  endpoint: {
    type: "string",
    secret: false,
    description:
      "The ARM endpoint (an https:// origin, or http:// on a loopback address) for a private cloud or the emulator. Default: the cloud's, or ARM_RESOURCE_MANAGER_ENDPOINT.",
  },
  audience: {
    type: "string",
    secret: false,
    description: "The token audience; the scope requested is {audience}/.default. Default: the cloud's, or the custom endpoint.",
  },
  token: {
    type: "string",
    secret: true,
    description: "A bearer token for ARM obtained elsewhere (or the emulator's). Set it as a secret.",
  },
  tenantId: {
    type: "string",
    secret: false,
    description: "The service principal's tenant (with clientId and clientSecret). Default: ARM_TENANT_ID.",
  },
  clientId: {
    type: "string",
    secret: false,
    description: "The service principal's application id (with tenantId and clientSecret). Default: ARM_CLIENT_ID.",
  },
  clientSecret: {
    type: "string",
    secret: true,
    description: "The service principal's secret (with tenantId and clientId). Set it as a secret. Default: ARM_CLIENT_SECRET.",
  },
  maxConcurrentRequests: {
    type: "integer",
    secret: false,
    description: "Most ARM requests in flight at once for this provider. Default 8.",
  },
  proxy: {
    type: "string",
    secret: true,
    description:
      'The HTTP proxy for ARM requests, as a URL (http://host:port, with credentials http://user:password@host:port); "" for none. HTTPS goes through its CONNECT tunnel. Default: HTTPS_PROXY, ALL_PROXY or HTTP_PROXY, with NO_PROXY.',
  },
} as const satisfies Record<string, ConfigKey>;

export type ProviderConfigKey = keyof typeof PROVIDER_CONFIG;

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
