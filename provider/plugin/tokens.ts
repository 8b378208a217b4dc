// The names the provider plugin registers with the Pulumi engine: its package, the functions and
// the resource. A module of constants only, so the policy pack and the schema generator can import
// it without loading the plugin.

/** The Pulumi package name of the provider plugin (`pulumi-resource-azure-batch-lookup`). */
export const PROVIDER_PACKAGE = "azure-batch-lookup";

/** Batch Account - Get, as a function of the plugin. */
export const GET_BATCH_ACCOUNT_TOKEN = `${PROVIDER_PACKAGE}:index:getBatchAccount` as const;

/** Batch Account - List (and the tenant-scale listings), as a function of the plugin. */
export const LIST_BATCH_ACCOUNTS_TOKEN = `${PROVIDER_PACKAGE}:index:listBatchAccounts` as const;

/** The type token of the plugin's BatchAccountReference resource, as CrossGuard policies see it. */
export const BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE = `${PROVIDER_PACKAGE}:index:BatchAccountReference` as const;

/** The schema type of one account (the elements of `listBatchAccounts`'s `value`). */
export const BATCH_ACCOUNT_SCHEMA_TYPE = `${PROVIDER_PACKAGE}:index:BatchAccount` as const;
