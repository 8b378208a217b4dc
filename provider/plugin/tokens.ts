// The names the provider plugin registers with the Pulumi engine: its package, the functions and
// the resource. A module of constants only, so the policy pack and the schema generator can import
// it without loading the plugin.

/** The Pulumi package name of the provider plugin (`pulumi-resource-azure-batch-lookup`). */
export const PROVIDER_PACKAGE = "azure-batch-lookup";

/** Batch Account - Get, as a function of the plugin. */
export const GET_BATCH_ACCOUNT_TOKEN = `${PROVIDER_PACKAGE}:index:getBatchAccount` as const;

/** Batch Account - List (and the tenant-scale listings), as a function of the plugin. */
export const LIST_BATCH_ACCOUNTS_TOKEN = `${PROVIDER_PACKAGE}:index:listBatchAccounts` as const;

/** Pool - List By Batch Account, as a function of the plugin. */
export const LIST_BATCH_POOLS_TOKEN = `${PROVIDER_PACKAGE}:index:listBatchPools` as const;

/** Diagnostic Settings - List, as a function of the plugin. */
export const LIST_DIAGNOSTIC_SETTINGS_TOKEN = `${PROVIDER_PACKAGE}:index:listDiagnosticSettings` as const;

/** Private DNS Zone Groups - List, as a function of the plugin. */
export const LIST_PRIVATE_DNS_ZONE_GROUPS_TOKEN = `${PROVIDER_PACKAGE}:index:listPrivateDnsZoneGroups` as const;

/** Every function of the plugin, in the order the schema and error messages list them. */
export const FUNCTION_TOKENS = [
  GET_BATCH_ACCOUNT_TOKEN,
  LIST_BATCH_ACCOUNTS_TOKEN,
  LIST_BATCH_POOLS_TOKEN,
  LIST_DIAGNOSTIC_SETTINGS_TOKEN,
  LIST_PRIVATE_DNS_ZONE_GROUPS_TOKEN,
] as const;

/** The type token of the plugin's BatchAccountReference resource, as CrossGuard policies see it. */
export const BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE = `${PROVIDER_PACKAGE}:index:BatchAccountReference` as const;

/** The schema type of one account (the elements of `listBatchAccounts`'s `value`). */
export const BATCH_ACCOUNT_SCHEMA_TYPE = `${PROVIDER_PACKAGE}:index:BatchAccount` as const;
