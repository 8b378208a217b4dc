// The Pulumi type tokens the pack judges. The reference's token comes from the library's model,
// which has no runtime dependency of its own.

import { BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE, BATCH_ACCOUNT_REFERENCE_TYPE } from "azure-batch-lookup";

/** `azure-native:batch:BatchAccount` from `@pulumi/azure-native` (v2 and v3). */
export const AZURE_NATIVE_BATCH_ACCOUNT = "azure-native:batch:BatchAccount";

/** `azure:batch/account:Account` from the classic `@pulumi/azure` provider (Terraform `azurerm_batch_account`). */
export const CLASSIC_BATCH_ACCOUNT = "azure:batch/account:Account";

/** The `BatchAccountReference` dynamic resource of `azure-batch-lookup` (an existing account a stack depends on). */
export const BATCH_ACCOUNT_REFERENCE = BATCH_ACCOUNT_REFERENCE_TYPE;

/**
 * The `BatchAccountReference` resource of the azure-batch-lookup provider plugin (programs in YAML,
 * Python, Go, C#, Java): the same inputs after its `check` as the dynamic reference.
 */
export const BATCH_ACCOUNT_REFERENCE_PLUGIN = BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE;

/** Every type token the pack maps onto the `BatchAccount` model. */
export const BATCH_ACCOUNT_TYPES: readonly string[] = [
  AZURE_NATIVE_BATCH_ACCOUNT,
  CLASSIC_BATCH_ACCOUNT,
  BATCH_ACCOUNT_REFERENCE,
  BATCH_ACCOUNT_REFERENCE_PLUGIN,
];

/** Where a mapped account came from: a declared resource, an existing account, or a model handed to `checkBatchAccount`. */
export type AccountSource = "azure-native" | "classic" | "reference" | "model";

/** The sources that are declared in a Pulumi program (and can therefore be remediated). */
export type DeclaredSource = "azure-native" | "classic";

/** `azure-native:batch:Pool` (REST `Microsoft.Batch/batchAccounts/pools`). */
export const AZURE_NATIVE_BATCH_POOL = "azure-native:batch:Pool";

/** `azure:batch/pool:Pool` (classic provider, Terraform `azurerm_batch_pool`). */
export const CLASSIC_BATCH_POOL = "azure:batch/pool:Pool";

export const BATCH_POOL_TYPES: readonly string[] = [AZURE_NATIVE_BATCH_POOL, CLASSIC_BATCH_POOL];

/** Diagnostic settings: azure-native v3 (`monitor`), azure-native v2 (`insights`), classic. */
export const AZURE_NATIVE_DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting";
export const AZURE_NATIVE_V2_DIAGNOSTIC_SETTING = "azure-native:insights:DiagnosticSetting";
export const CLASSIC_DIAGNOSTIC_SETTING = "azure:monitoring/diagnosticSetting:DiagnosticSetting";

/** Private endpoints and their DNS zone groups. */
export const AZURE_NATIVE_PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint";
export const AZURE_NATIVE_PRIVATE_DNS_ZONE_GROUP = "azure-native:network:PrivateDnsZoneGroup";
export const CLASSIC_PRIVATE_ENDPOINT = "azure:network/privateEndpoint:PrivateEndpoint";
