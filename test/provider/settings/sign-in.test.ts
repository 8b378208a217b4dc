// The choice of a way of signing in from the settings alone (no request): azure-native's order,
// what each way takes, and the settings' own rules.

import { describe, expect, it } from "vitest";
import type { ResolvedSetting, SettingReader } from "../../../provider/settings/resolve";
import type { SettingName } from "../../../provider/settings/settings";
import { chooseSignIn, DEFAULT_OIDC_AUDIENCE } from "../../../provider/settings/sign-in";

/** A reader of these settings, each from the environment variable named after it. */
function reader(settings: Partial<Record<SettingName, string>>): SettingReader {
  return (name): ResolvedSetting | undefined =>
    settings[name] === undefined ? undefined : { value: settings[name]!, source: `env:${name}` };
}

const SP = { tenantId: "t", clientId: "c" };

describe("chooseSignIn", () => {
  it("takes the static token first, whatever else is set", () => {
    expect(chooseSignIn(reader({ token: "x", useDefaultAzureCredential: "true", clientSecret: "s", ...SP }))).toMatchObject({
      method: "token",
      chosenBy: "env:token",
    });
  });

  it("follows azure-native's order: default credential, certificate, secret, OIDC, managed identity", () => {
    const all = {
      ...SP,
      useDefaultAzureCredential: "true",
      clientCertificatePath: "/p",
      clientSecret: "s",
      useOidc: "true",
      oidcToken: "o",
      useMsi: "true",
    };
    const order: string[] = [];
    const remaining: Partial<Record<SettingName, string>> = { ...all };
    for (const [key, method] of [
      ["useDefaultAzureCredential", "defaultAzureCredential"],
      ["clientCertificatePath", "clientCertificate"],
      ["clientSecret", "clientSecret"],
      ["useOidc", "oidc"],
      ["useMsi", "managedIdentity"],
    ] as const) {
      order.push(chooseSignIn(reader(remaining)).method);
      expect(order.at(-1)).toBe(method);
      delete remaining[key];
    }
    expect(chooseSignIn(reader({ tenantId: "t", clientId: "c" })).method).toBe("default");
  });

  it("OIDC takes the token, then the file, then the request URL; the audience defaults to api://AzureADTokenExchange", () => {
    const oidc = { ...SP, useOidc: "true", oidcRequestUrl: "https://x", oidcRequestToken: "r" };
    expect(chooseSignIn(reader({ ...oidc, oidcToken: "o", oidcTokenFilePath: "/f" }))).toMatchObject({ assertion: { kind: "token" } });
    expect(chooseSignIn(reader({ ...oidc, oidcTokenFilePath: "/f" }))).toMatchObject({ assertion: { kind: "file", path: "/f" } });
    expect(chooseSignIn(reader(oidc))).toMatchObject({ assertion: { kind: "request", audience: DEFAULT_OIDC_AUDIENCE } });
    expect(chooseSignIn(reader({ ...oidc, oidcAudience: "api://a" }))).toMatchObject({ assertion: { audience: "api://a" } });
  });

  it("useOidc=false and useMsi=false configure nothing", () => {
    expect(chooseSignIn(reader({ useOidc: "false", useMsi: "FALSE" })).method).toBe("default");
  });

  it("reads auxiliary tenants as a JSON array (azure-native's form) or a list separated by ; or ,", () => {
    const sp = { ...SP, clientSecret: "s" };
    expect(chooseSignIn(reader({ ...sp, auxiliaryTenantIds: '["a","b"]' }))).toMatchObject({ auxiliaryTenantIds: ["a", "b"] });
    expect(chooseSignIn(reader({ ...sp, auxiliaryTenantIds: "a; b,c" }))).toMatchObject({ auxiliaryTenantIds: ["a", "b", "c"] });
    expect(() => chooseSignIn(reader({ ...sp, auxiliaryTenantIds: '["a",1]' }))).toThrow(
      /auxiliaryTenantIds \(from env:auxiliaryTenantIds\) must be a JSON array/,
    );
  });

  it("an authority host must be an https:// URL", () => {
    expect(chooseSignIn(reader({ activeDirectoryAuthorityHost: "https://login.example/" }))).toMatchObject({
      authorityHost: "https://login.example",
    });
    expect(() => chooseSignIn(reader({ activeDirectoryAuthorityHost: "http://login.example" }))).toThrow(
      /activeDirectoryAuthorityHost \(from env:activeDirectoryAuthorityHost\) must be an https:\/\/ URL/,
    );
  });

  it("a managed identity is user-assigned when clientId is set", () => {
    expect(chooseSignIn(reader({ useMsi: "true" }))).toMatchObject({ method: "managedIdentity", clientId: undefined });
    expect(chooseSignIn(reader({ useMsi: "true", clientId: "u" }))).toMatchObject({ method: "managedIdentity", clientId: "u" });
  });
});
