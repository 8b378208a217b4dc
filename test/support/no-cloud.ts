// Loaded before every test file (vitest.config.mts, setupFiles): no credential a test makes, or a
// process it starts, may reach the instance metadata service at 169.254.169.254. @azure/identity and
// MSAL ask AZURE_POD_IDENTITY_AUTHORITY_HOST instead when it is set, so it points at a loopback port
// nothing listens on: a managed identity tried by DefaultAzureCredential fails at once, on this
// machine. Sign-in tests point it at the emulator's Entra ID (sign-in-env.ts) and put this back;
// environments built for child processes without this one's (pulumi-cli.ts, plugin/support.ts)
// carry NO_METADATA_SERVICE themselves.

export const NO_METADATA_SERVICE = { AZURE_POD_IDENTITY_AUTHORITY_HOST: "http://127.0.0.1:1" } as const;

process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST ??= NO_METADATA_SERVICE.AZURE_POD_IDENTITY_AUTHORITY_HOST;
