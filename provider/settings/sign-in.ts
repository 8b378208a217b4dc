// Which way of signing in the settings choose, in azure-native's order (its readAuthConfig and
// newSingleMethodAuthCredential): a static token first (ours), then DefaultAzureCredential when
// asked for, a client certificate, a client secret, OIDC (a token, a token file, then a token
// request URL), a managed identity; with nothing configured, DefaultAzureCredential. A method
// that is configured but incomplete is an InvalidConfiguration naming the method, what is missing
// and where to set it: it never falls through to another identity. Nothing is requested here.

import { BatchLookupError } from "../errors";
import { readBoolean, readList, type SettingReader, whereToSet } from "./resolve";
import type { SettingName } from "./settings";

/** The audience of a requested OIDC token when oidcAudience is not set (GitHub's and Entra ID's default). */
export const DEFAULT_OIDC_AUDIENCE = "api://AzureADTokenExchange";

/** Where the federated token of OIDC comes from. */
export type OidcAssertionSource =
  | { kind: "token"; token: string }
  | { kind: "file"; path: string }
  | { kind: "request"; url: string; requestToken: string; audience: string };

interface ServicePrincipal {
  tenantId: string;
  clientId: string;
  auxiliaryTenantIds: string[];
}

export type SignInMethod =
  | { method: "token"; token: string }
  | { method: "defaultAzureCredential"; tenantId: string | undefined; auxiliaryTenantIds: string[] }
  | ({
      method: "clientCertificate";
      certificatePath: string;
      certificatePassword: string | undefined;
      /** Where clientCertificatePassword was set (`ARM_CLIENT_CERTIFICATE_PASSWORD`), for messages. */
      certificatePasswordFrom: string | undefined;
    } & ServicePrincipal)
  | ({ method: "clientSecret"; clientSecret: string } & ServicePrincipal)
  | ({ method: "oidc"; assertion: OidcAssertionSource } & ServicePrincipal)
  | { method: "managedIdentity"; clientId: string | undefined }
  | { method: "default"; tenantId: string | undefined; auxiliaryTenantIds: string[] };

export type SignIn = SignInMethod & {
  /** The setting that chose the method (`ARM_USE_OIDC`, `azure-batch-lookup:clientSecret`), or undefined for the fallback. */
  chosenBy: string | undefined;
  /** Microsoft Entra ID's endpoint, when set (else the cloud's). */
  authorityHost: string | undefined;
  disableInstanceDiscovery: boolean;
};

/** What each method is called in messages. */
export const METHOD_NAMES: Record<SignInMethod["method"], string> = {
  token: "a static bearer token",
  defaultAzureCredential: "DefaultAzureCredential",
  clientCertificate: "a service principal with a client certificate",
  clientSecret: "a service principal with a client secret",
  oidc: "OIDC (a service principal with a federated token)",
  managedIdentity: "a managed identity",
  default: "DefaultAzureCredential (nothing else is configured)",
};

/** How a chosen method is named in messages: `a service principal with a client secret (chosen by ARM_CLIENT_SECRET)`. */
export function describeSignIn(signIn: Pick<SignIn, "method" | "chosenBy">): string {
  const name = METHOD_NAMES[signIn.method];
  return signIn.chosenBy === undefined ? name : `${name} (chosen by ${signIn.chosenBy})`;
}

/** `needs`: what is missing, in words (default: the names joined with "and"); `names`: the settings to say where to set. */
function missing(method: SignInMethod["method"], chosenBy: string, names: SettingName[], needs?: string): BatchLookupError {
  const list = needs ?? (names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);
  return new BatchLookupError({
    code: "InvalidConfiguration",
    target: names[0],
    message:
      `Signing in with ${METHOD_NAMES[method]} (chosen by ${chosenBy}) needs ${list}: ` +
      `${names.map((n) => `set ${n} with ${whereToSet(n)}`).join("; ")}. ` +
      "No other way of signing in is tried while this one is configured.",
  });
}

/** Microsoft Entra ID's endpoint of a custom cloud: an https:// origin (MSAL refuses anything else). */
function authorityHostOf(read: SettingReader): string | undefined {
  const setting = read("activeDirectoryAuthorityHost");
  if (setting === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(setting.value);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== "https:" || url.username !== "" || url.password !== "" || url.search !== "") {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: setting.source,
      message: `activeDirectoryAuthorityHost (from ${setting.source}) must be an https:// URL such as https://login.microsoftonline.com.`,
    });
  }
  return url.href.replace(/\/+$/, "");
}

/** The settings' choice; throws InvalidConfiguration for a configured method that lacks a piece. */
export function chooseSignIn(read: SettingReader): SignIn {
  const value = (name: SettingName): string | undefined => read(name)?.value;
  const authorityHost = authorityHostOf(read);
  const common = { authorityHost, disableInstanceDiscovery: readBoolean(read, "disableInstanceDiscovery")?.value ?? false };
  const token = read("token");
  if (token !== undefined) return { method: "token", token: token.value, chosenBy: token.source, ...common };

  const auxiliaryTenantIds = readList(read, "auxiliaryTenantIds")?.value ?? [];
  const useDefault = readBoolean(read, "useDefaultAzureCredential");
  if (useDefault?.value === true) {
    return { method: "defaultAzureCredential", tenantId: value("tenantId"), auxiliaryTenantIds, chosenBy: useDefault.source, ...common };
  }

  const principal = (method: SignInMethod["method"], chosenBy: string, also: SettingName[] = []): ServicePrincipal => {
    const tenantId = value("tenantId");
    const clientId = value("clientId");
    const absent = (["tenantId", "clientId"] as SettingName[]).filter((n) => value(n) === undefined);
    const absentToo = also.filter((n) => value(n) === undefined);
    if (absent.length + absentToo.length > 0) throw missing(method, chosenBy, [...absent, ...absentToo]);
    return { tenantId: tenantId!, clientId: clientId!, auxiliaryTenantIds };
  };

  const certificate = read("clientCertificatePath");
  if (certificate !== undefined) {
    const password = read("clientCertificatePassword");
    return {
      method: "clientCertificate",
      certificatePath: certificate.value,
      certificatePassword: password?.value,
      certificatePasswordFrom: password?.source,
      ...principal("clientCertificate", certificate.source),
      chosenBy: certificate.source,
      ...common,
    };
  }

  const secret = read("clientSecret");
  if (secret !== undefined) {
    return {
      method: "clientSecret",
      clientSecret: secret.value,
      ...principal("clientSecret", secret.source),
      chosenBy: secret.source,
      ...common,
    };
  }

  const useOidc = readBoolean(read, "useOidc");
  if (useOidc?.value === true) {
    const chosenBy = useOidc.source;
    const sp = { ...principal("oidc", chosenBy), auxiliaryTenantIds: [] };
    const oidcToken = value("oidcToken");
    if (oidcToken !== undefined) return { method: "oidc", assertion: { kind: "token", token: oidcToken }, ...sp, chosenBy, ...common };
    const file = value("oidcTokenFilePath");
    if (file !== undefined) return { method: "oidc", assertion: { kind: "file", path: file }, ...sp, chosenBy, ...common };
    const url = value("oidcRequestUrl");
    const requestToken = value("oidcRequestToken");
    if (url !== undefined && requestToken !== undefined) {
      const audience = value("oidcAudience") ?? DEFAULT_OIDC_AUDIENCE;
      return { method: "oidc", assertion: { kind: "request", url, requestToken, audience }, ...sp, chosenBy, ...common };
    }
    if (url !== undefined) throw missing("oidc", chosenBy, ["oidcRequestToken"], "oidcRequestToken with oidcRequestUrl");
    if (requestToken !== undefined) throw missing("oidc", chosenBy, ["oidcRequestUrl"], "oidcRequestUrl with oidcRequestToken");
    throw missing(
      "oidc",
      chosenBy,
      ["oidcToken", "oidcTokenFilePath", "oidcRequestUrl", "oidcRequestToken"],
      "a federated token: oidcToken, oidcTokenFilePath, or oidcRequestUrl with oidcRequestToken",
    );
  }

  const useMsi = readBoolean(read, "useMsi");
  if (useMsi?.value === true) return { method: "managedIdentity", clientId: value("clientId"), chosenBy: useMsi.source, ...common };

  // As azure-native's Azure CLI credential, the fallback takes the tenant and auxiliary tenants when they are set.
  return { method: "default", tenantId: value("tenantId"), auxiliaryTenantIds, chosenBy: undefined, ...common };
}
