// The process environment of a sign-in test: every variable the library or @azure/identity reads
// to sign in is removed, and whatever could make a credential leave the machine points at the
// emulator instead (the authority host, the managed identity endpoint, the pod identity host), with
// instance discovery off (MSAL would otherwise ask login.microsoftonline.com).

import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { ENTRA_IDENTITY_HEADER, MANAGED_IDENTITY_PATH } from "../../emulator";
import { SETTING_NAMES, SETTINGS } from "../../provider/settings/settings";

/** Variables @azure/identity and MSAL read besides the library's settings. */
const IDENTITY_ENV = [
  "AZURE_CLIENT_ID",
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN",
  "AZURE_FEDERATED_TOKEN_FILE",
  "AZURE_USERNAME",
  "AZURE_PASSWORD",
  "AZURE_ADDITIONALLY_ALLOWED_TENANTS",
  "AZURE_REGIONAL_AUTHORITY_NAME",
  "AZURE_TOKEN_CREDENTIALS",
  "AZURE_LOG_LEVEL",
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "IDENTITY_SERVER_THUMBPRINT",
  "IMDS_ENDPOINT",
  "MSI_ENDPOINT",
  "MSI_SECRET",
  "AZURE_POD_IDENTITY_AUTHORITY_HOST",
  "NO_PROXY",
  "no_proxy",
  "PULUMI_CONFIG",
];

export const FAKE_AZ_DIR = path.resolve(__dirname, "fake-az");

/** Every variable this file removes or sets. */
export function signInVariables(): string[] {
  return [...new Set([...SETTING_NAMES.flatMap((n) => [...SETTINGS[n].env]), ...IDENTITY_ENV])];
}

/**
 * The safe baseline: nothing configured, every endpoint a credential could reach on the emulator.
 * Returns a function that puts the previous environment back.
 */
export function useSignInEnv(emu: RunningEmulator): () => void {
  const saved = new Map<string, string | undefined>();
  for (const name of [...signInVariables(), "PATH"]) saved.set(name, process.env[name]);
  for (const name of signInVariables()) delete process.env[name];
  process.env.ARM_ACTIVE_DIRECTORY_AUTHORITY_HOST = emu.url;
  process.env.AZURE_AUTHORITY_HOST = emu.url;
  process.env.ARM_DISABLE_INSTANCE_DISCOVERY = "true";
  process.env.IDENTITY_ENDPOINT = `${emu.url}${MANAGED_IDENTITY_PATH}`;
  process.env.IDENTITY_HEADER = ENTRA_IDENTITY_HEADER;
  process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = emu.url;
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
