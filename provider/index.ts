export type { BatchAccountReferenceArgs, BatchAccountReferenceOutputs } from "./batchAccountReference";
export { BatchLookupClient } from "./client";
export type { ClientOptions, LimitOptions, LookupOptions, LookupOutputOptions, RetryOptions, TimeoutOptions } from "./client-options";
export { StaticTokenCredential } from "./credential";
export { closeClients } from "./default-clients";
export type { ArmErrorDetail } from "./errors";
export { BatchLookupError } from "./errors";
export * from "./estate-model";
export type { GetBatchAccountArgs, GetBatchAccountOutputArgs } from "./getBatchAccount";
export { getBatchAccount, getBatchAccountOutput } from "./getBatchAccount";
export type { ListBatchAccountsArgs, ListBatchAccountsOutputArgs, ListSource } from "./listBatchAccounts";
export { listBatchAccounts, listBatchAccountsOutput } from "./listBatchAccounts";
export type { BatchPoolListResult, ListBatchPoolsArgs } from "./listBatchPools";
export { listBatchPools } from "./listBatchPools";
export type { DiagnosticSettingListResult, ListDiagnosticSettingsArgs } from "./listDiagnosticSettings";
export { listDiagnosticSettings } from "./listDiagnosticSettings";
export type { ListPrivateDnsZoneGroupsArgs, PrivateDnsZoneGroupListResult } from "./listPrivateDnsZoneGroups";
export { listPrivateDnsZoneGroups } from "./listPrivateDnsZoneGroups";
/** azure-native's name for the result of Batch Account - Get, so code written against it keeps its annotations. */
export type { BatchAccount as GetBatchAccountResult } from "./model";
export * from "./model";
export { parseBatchAccount } from "./parse";
export { BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE } from "./plugin/tokens";

import type { BatchAccountReference as BatchAccountReferenceClass } from "./batchAccountReference";
import { lazyClass } from "./lazy-class";

// BatchAccountReference extends a @pulumi/pulumi class, and loading @pulumi/pulumi takes about
// half a second: the class is loaded on first use (`new`, `extends`, `instanceof`, a static), so
// plain scripts that only call the Promise lookups start fast, through `require` and `import` alike.
export const BatchAccountReference: typeof BatchAccountReferenceClass = lazyClass(
  "BatchAccountReference",
  () => (require("./batchAccountReference") as typeof import("./batchAccountReference")).BatchAccountReference,
);
export type BatchAccountReference = BatchAccountReferenceClass;
