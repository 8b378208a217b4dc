// Every setting of the library, declared once: its key under `azure-batch-lookup:` (also the
// provider plugin's configuration key), its key under `azure-native:`, its environment variables
// (read in this order), its type, default, whether it is secret, and what it is. The library's
// resolution (resolve.ts), the plugin's provider configuration, schema.json and the README's
// settings table (scripts/settings-table.ts) are all made from this table.

export interface SettingDeclaration {
  /** The key under `azure-native:` that means the same, when azure-native has one. */
  azureNativeKey?: string;
  /** Environment variables, in the order they are read. */
  env: readonly string[];
  /** The type of the value (configuration and environment variables carry it as a string). */
  type: "string" | "integer" | "boolean" | "string[]";
  /** Kept encrypted by Pulumi and never shown: set it as a secret. */
  secret: boolean;
  /** What applies when the setting is set nowhere (Markdown). */
  default: string;
  /** The library option or argument that sets it, when there is one (Markdown). */
  option?: string;
  /** What the setting is (Markdown, one or two sentences). */
  description: string;
}

export const SETTINGS = {
  subscriptionId: {
    azureNativeKey: "subscriptionId",
    env: ["ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"],
    type: "string",
    secret: false,
    default: "none: an error says where to set it",
    option: "`subscriptionId` argument",
    description: "The subscription the lookups and references read when they are not given a `subscriptionId`.",
  },
  environment: {
    azureNativeKey: "environment",
    env: ["ARM_ENVIRONMENT", "AZURE_ENVIRONMENT"],
    type: "string",
    secret: false,
    default: "`public`",
    option: "`environment`",
    description: 'The Azure cloud: "public", "usgovernment" or "china".',
  },
  endpoint: {
    env: ["ARM_RESOURCE_MANAGER_ENDPOINT", "AZURE_RESOURCE_MANAGER_ENDPOINT"],
    type: "string",
    secret: false,
    default: "the cloud's",
    option: "`endpoint`",
    description: "The ARM endpoint (an https:// origin, or http:// on a loopback address) for a private cloud or the emulator.",
  },
  audience: {
    env: ["ARM_RESOURCE_MANAGER_AUDIENCE"],
    type: "string",
    secret: false,
    default: "the cloud's, or the custom endpoint",
    option: "`audience`",
    description: "The token audience; the scope requested is `{audience}/.default`.",
  },
  token: {
    env: ["AZURE_BATCH_LOOKUP_TOKEN"],
    type: "string",
    secret: true,
    default: "none",
    option: "`credential` (any `TokenCredential`), which wins over every setting of signing in",
    description: "A bearer token for ARM obtained elsewhere (or the emulator's); used before any other way of signing in.",
  },
  useDefaultAzureCredential: {
    azureNativeKey: "useDefaultAzureCredential",
    env: ["ARM_USE_DEFAULT_AZURE_CREDENTIAL"],
    type: "boolean",
    secret: false,
    default: "`false`",
    description:
      "Sign in with `DefaultAzureCredential` (environment, workload identity, managed identity, Azure CLI, ...), before any other way below.",
  },
  tenantId: {
    azureNativeKey: "tenantId",
    env: ["ARM_TENANT_ID"],
    type: "string",
    secret: false,
    default: "none",
    description: "The tenant of the service principal (certificate, secret or OIDC).",
  },
  clientId: {
    azureNativeKey: "clientId",
    env: ["ARM_CLIENT_ID"],
    type: "string",
    secret: false,
    default: "none",
    description: "The application (client) id of the service principal, or of the user-assigned managed identity with `useMsi`.",
  },
  clientCertificatePath: {
    azureNativeKey: "clientCertificatePath",
    env: ["ARM_CLIENT_CERTIFICATE_PATH"],
    type: "string",
    secret: false,
    default: "none",
    description:
      "Sign in as the service principal with this certificate: a PEM file holding the certificate and its private key, or a PKCS#12 (`.pfx`) file.",
  },
  clientCertificatePassword: {
    azureNativeKey: "clientCertificatePassword",
    env: ["ARM_CLIENT_CERTIFICATE_PASSWORD"],
    type: "string",
    secret: true,
    default: "none",
    description: "The password of the PKCS#12 (`.pfx`) file, or of the PEM file's encrypted private key.",
  },
  clientSecret: {
    azureNativeKey: "clientSecret",
    env: ["ARM_CLIENT_SECRET"],
    type: "string",
    secret: true,
    default: "none",
    description: "Sign in as the service principal with this client secret.",
  },
  useOidc: {
    azureNativeKey: "useOidc",
    env: ["ARM_USE_OIDC"],
    type: "boolean",
    secret: false,
    default: "`false`",
    description:
      "Sign in as the service principal with an OpenID Connect token of a trusted issuer (workload identity federation): `oidcToken`, `oidcTokenFilePath`, or `oidcRequestUrl` with `oidcRequestToken`.",
  },
  oidcToken: {
    azureNativeKey: "oidcToken",
    env: ["ARM_OIDC_TOKEN"],
    type: "string",
    secret: true,
    default: "none",
    description: "The OIDC token (a JWT) to exchange, with `useOidc`.",
  },
  oidcTokenFilePath: {
    azureNativeKey: "oidcTokenFilePath",
    env: ["ARM_OIDC_TOKEN_FILE_PATH"],
    type: "string",
    secret: false,
    default: "none",
    description: "A file holding the OIDC token, with `useOidc`; read at each sign-in, so a refreshed file is taken.",
  },
  oidcRequestUrl: {
    azureNativeKey: "oidcRequestUrl",
    env: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"],
    type: "string",
    secret: false,
    default: "GitHub Actions' (with `permissions: id-token: write`)",
    description: "Where to request the OIDC token (GitHub Actions style), with `useOidc` and `oidcRequestToken`.",
  },
  oidcRequestToken: {
    azureNativeKey: "oidcRequestToken",
    env: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
    type: "string",
    secret: true,
    default: "GitHub Actions'",
    description: "The bearer token of the OIDC token request, with `useOidc` and `oidcRequestUrl`.",
  },
  oidcAudience: {
    azureNativeKey: "oidcAudience",
    env: ["ARM_OIDC_AUDIENCE"],
    type: "string",
    secret: false,
    default: "`api://AzureADTokenExchange`",
    description: "The audience of the requested OIDC token, with `oidcRequestUrl`.",
  },
  useMsi: {
    azureNativeKey: "useMsi",
    env: ["ARM_USE_MSI"],
    type: "boolean",
    secret: false,
    default: "`false`",
    description: "Sign in as the managed identity of the machine: system-assigned, or the user-assigned one `clientId` names.",
  },
  auxiliaryTenantIds: {
    azureNativeKey: "auxiliaryTenantIds",
    env: ["ARM_AUXILIARY_TENANT_IDS"],
    type: "string[]",
    secret: false,
    default: "none",
    description:
      "Other tenants the service principal (secret or certificate) or `DefaultAzureCredential` may get tokens for: a JSON array, or ids separated by `;` or `,`.",
  },
  activeDirectoryAuthorityHost: {
    env: ["ARM_ACTIVE_DIRECTORY_AUTHORITY_HOST", "AZURE_AUTHORITY_HOST"],
    type: "string",
    secret: false,
    default: "the cloud's (`https://login.microsoftonline.com` for `public`)",
    description: "The Microsoft Entra ID endpoint of a custom cloud (an https:// origin).",
  },
  disableInstanceDiscovery: {
    env: ["ARM_DISABLE_INSTANCE_DISCOVERY"],
    type: "boolean",
    secret: false,
    default: "`false`",
    description:
      "Skip Microsoft Entra ID's instance discovery (a request to login.microsoftonline.com before the first token): for a private cloud or Azure Stack whose authority host is not known to the public cloud.",
  },
  maxConcurrentRequests: {
    env: ["AZURE_BATCH_LOOKUP_MAX_CONCURRENT_REQUESTS"],
    type: "integer",
    secret: false,
    default: "8",
    option: "`maxConcurrentRequests`",
    description: "Most ARM requests in flight at once, across every lookup that shares this bound.",
  },
  proxy: {
    // The Azure SDK's order: HTTPS_PROXY, then ALL_PROXY, then HTTP_PROXY, upper case before lower case.
    env: ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"],
    type: "string",
    secret: true,
    default: "none",
    option: '`proxy` (`""` for none, whatever the environment says)',
    description:
      "The HTTP proxy, as a URL (`http://host:port`, with credentials `http://user:password@host:port`); HTTPS goes through its CONNECT tunnel. `NO_PROXY` (or `no_proxy`) lists hosts reached directly.",
  },
} as const satisfies Record<string, SettingDeclaration>;

export type SettingName = keyof typeof SETTINGS;

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** The declaration of one setting, as the general type (the table itself is `as const`). */
export function settingDeclaration(name: SettingName): SettingDeclaration {
  return SETTINGS[name];
}

/** One setting's description for schema.json: what it is, that it is secret, its environment variables and default. */
export function settingSchemaDescription(name: SettingName): string {
  const s = settingDeclaration(name);
  const parts = [s.description];
  if (s.secret) parts.push("Set it as a secret.");
  if (s.env.length > 0) parts.push(`Environment: ${s.env.join(", ")}.`);
  parts.push(`Default: ${s.default}.`);
  return parts.join(" ");
}
