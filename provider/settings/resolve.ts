// Where each setting comes from, in this order: an explicit option or argument, Pulumi config
// `azure-batch-lookup:<key>`, Pulumi config `azure-native:<key>`, the environment, a default.

import { BatchLookupError } from "../errors";
import { type SettingName, settingDeclaration } from "./settings";

export const CONFIG_NAMESPACE = "azure-batch-lookup";

export interface Cloud {
  name: "public" | "usgovernment" | "china";
  resourceManagerEndpoint: string;
  /** Token audience; the scope requested is `{audience}/.default`. */
  audience: string;
  authorityHost: string;
}

export const CLOUDS: Record<Cloud["name"], Cloud> = {
  public: {
    name: "public",
    resourceManagerEndpoint: "https://management.azure.com",
    audience: "https://management.azure.com",
    authorityHost: "https://login.microsoftonline.com",
  },
  usgovernment: {
    name: "usgovernment",
    resourceManagerEndpoint: "https://management.usgovcloudapi.net",
    audience: "https://management.usgovcloudapi.net",
    authorityHost: "https://login.microsoftonline.us",
  },
  china: {
    name: "china",
    resourceManagerEndpoint: "https://management.chinacloudapi.cn",
    audience: "https://management.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
  },
};

const CLOUD_ALIASES: Record<string, Cloud["name"]> = {
  public: "public",
  azurecloud: "public",
  azurepubliccloud: "public",
  usgovernment: "usgovernment",
  azureusgovernment: "usgovernment",
  azureusgovernmentcloud: "usgovernment",
  china: "china",
  azurechinacloud: "china",
};

/** Reads Pulumi configuration (`namespace:key` → value); `undefined` outside a Pulumi program. */
export type PulumiConfigReader = (fullKey: string) => string | undefined;

let configOverride: PulumiConfigReader | undefined;

/**
 * Replaces where Pulumi configuration is read from: the dynamic provider process receives its
 * configuration through `configure`, not through the program's runtime.
 */
export function setPulumiConfigReader(reader: PulumiConfigReader | undefined): void {
  configOverride = reader;
}

type RuntimeConfig = { getConfig(k: string): string | undefined; allConfig(): Record<string, string> };
let runtimeConfig: RuntimeConfig | undefined;

// runtime/config is a small module of @pulumi/pulumi: it sees both PULUMI_CONFIG and the
// configuration an in-process (Automation API) program was given, without loading the SDK. Kept
// once loaded: every lookup reads several settings, and each `require` call resolves the path
// again (about a third of a lookup's own CPU time when a program fans out).
function pulumiRuntimeConfig(): RuntimeConfig {
  runtimeConfig ??= require("@pulumi/pulumi/runtime/config") as RuntimeConfig;
  return runtimeConfig;
}

function readPulumiConfig(fullKey: string): string | undefined {
  if (configOverride !== undefined) return configOverride(fullKey);
  return pulumiRuntimeConfig().getConfig(fullKey);
}

/**
 * Pulumi configuration as it is now, for reading many settings at once: the SDK parses the whole
 * configuration on every read of one key, so this parses it once.
 */
export function configSnapshot(): PulumiConfigReader {
  if (configOverride !== undefined) return configOverride;
  const all = pulumiRuntimeConfig().allConfig();
  return (fullKey) => (Object.hasOwn(all, fullKey) ? all[fullKey] : undefined);
}

export interface ResolvedSetting {
  value: string;
  /** Where the value came from, for error messages: `option`, `azure-batch-lookup:key`, `ARM_...`. */
  source: string;
}

/** Resolves one setting through the documented order; `explicit` is the option or argument. */
export function resolveSetting(
  name: SettingName,
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  config: PulumiConfigReader = readPulumiConfig,
): ResolvedSetting | undefined {
  if (explicit !== undefined && explicit !== "") return { value: explicit, source: "option" };
  const source = settingDeclaration(name);
  const ours = config(`${CONFIG_NAMESPACE}:${name}`);
  if (ours !== undefined && ours !== "") return { value: ours, source: `${CONFIG_NAMESPACE}:${name}` };
  if (source.azureNativeKey !== undefined) {
    const native = config(`azure-native:${source.azureNativeKey}`);
    if (native !== undefined && native !== "") return { value: native, source: `azure-native:${source.azureNativeKey}` };
  }
  for (const variable of source.env) {
    const value = env[variable];
    if (value !== undefined && value !== "") return { value, source: variable };
  }
  return undefined;
}

/**
 * Reads a setting for a client: the library's readers resolve it through the documented order;
 * the provider plugin's also look at the provider's own configuration first.
 */
export type SettingReader = (name: SettingName) => ResolvedSetting | undefined;

/** The library's reader: Pulumi config (ours, then azure-native's), then the environment. */
export function environmentReader(env: NodeJS.ProcessEnv = process.env, config: PulumiConfigReader = readPulumiConfig): SettingReader {
  return (name) => resolveSetting(name, undefined, env, config);
}

/** Every place a setting can be set, for messages: `azure-batch-lookup:tenantId, azure-native:tenantId or ARM_TENANT_ID`. */
export function whereToSet(name: SettingName): string {
  const s = settingDeclaration(name);
  const places = [`${CONFIG_NAMESPACE}:${name}`, ...(s.azureNativeKey === undefined ? [] : [`azure-native:${s.azureNativeKey}`]), ...s.env];
  return places.length === 1 ? places[0]! : `${places.slice(0, -1).join(", ")} or ${places.at(-1)}`;
}

/** A yes/no setting: `true` or `false` (any case); anything else is an InvalidConfiguration naming its source. */
export function readBoolean(read: SettingReader, name: SettingName): { value: boolean; source: string } | undefined {
  const setting = read(name);
  if (setting === undefined) return undefined;
  const v = setting.value.trim().toLowerCase();
  if (v === "true") return { value: true, source: setting.source };
  if (v === "false") return { value: false, source: setting.source };
  throw new BatchLookupError({
    code: "InvalidConfiguration",
    target: setting.source,
    message: `${name} (from ${setting.source}) must be true or false, got ${JSON.stringify(setting.value)}.`,
  });
}

/** A list setting: a JSON array of strings (azure-native's form), or values separated by `;` or `,`. */
export function readList(read: SettingReader, name: SettingName): { value: string[]; source: string } | undefined {
  const setting = read(name);
  if (setting === undefined) return undefined;
  const text = setting.value.trim();
  let value: unknown;
  if (text.startsWith("[")) {
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      throw new BatchLookupError({
        code: "InvalidConfiguration",
        target: setting.source,
        message: `${name} (from ${setting.source}) must be a JSON array of strings or a list separated by ";" or ",".`,
      });
    }
  } else value = text.split(/[;,]/);
  const list = (value as string[]).map((v) => v.trim()).filter((v) => v !== "");
  return list.length === 0 ? undefined : { value: list, source: setting.source };
}

export function resolveCloud(explicit: string | undefined, env?: NodeJS.ProcessEnv, config?: PulumiConfigReader): Cloud {
  const setting = resolveSetting("environment", explicit, env, config);
  if (setting === undefined) return CLOUDS.public;
  const name = CLOUD_ALIASES[setting.value.toLowerCase().replace(/[\s_-]/g, "")];
  if (name === undefined) {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: setting.source,
      message: `Unknown Azure environment ${JSON.stringify(setting.value)} (from ${setting.source}): use "public", "usgovernment" or "china", or set an endpoint for another cloud.`,
    });
  }
  return CLOUDS[name];
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Checks an ARM endpoint and returns its origin. Plain `http://` is accepted only for loopback
 * addresses (the emulator): a bearer token must never cross a network in clear text.
 */
export function normalizeEndpoint(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: source,
      message: `The ARM endpoint (from ${source}) is not an absolute URL such as https://management.azure.com.`,
    });
  }
  // Shown without user info or query: a password or signature in the URL stays out of the message.
  const shown = JSON.stringify(`${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: source,
      message: `The ARM endpoint ${shown} (from ${source}) must use https:// (plain http:// is accepted only for loopback addresses such as 127.0.0.1).`,
    });
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.username !== "" || url.password !== "") {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: source,
      message: `The ARM endpoint ${shown} (from ${source}) must be an origin only, without path, query or credentials.`,
    });
  }
  return url.origin;
}

export function parsePositiveInteger(value: string | number, source: string, field: string): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: source,
      message: `${field} must be a positive integer, got ${JSON.stringify(value)} (from ${source}).`,
    });
  }
  return n;
}
