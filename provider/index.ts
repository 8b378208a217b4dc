export { BatchLookupClient } from "./client/batch-lookup-client";
export { closeClients } from "./client/default-clients";
export type { ArmErrorDetail, ClientErrorCode } from "./errors";
export { BatchLookupError, CLIENT_ERROR_CODES } from "./errors";
export type { GetBatchAccountArgs, GetBatchAccountOutputArgs } from "./lookups/get-batch-account";
export { getBatchAccount, getBatchAccountOutput } from "./lookups/get-batch-account";
export type { ListBatchAccountsArgs, ListBatchAccountsOutputArgs, ListSource } from "./lookups/list-batch-accounts";
export { listBatchAccounts, listBatchAccountsOutput, listBatchAccountsPaged } from "./lookups/list-batch-accounts";
export type { BatchPoolListResult, ListBatchPoolsArgs } from "./lookups/list-batch-pools";
export { listBatchPools, listBatchPoolsPaged } from "./lookups/list-batch-pools";
export type { DiagnosticSettingListResult, ListDiagnosticSettingsArgs } from "./lookups/list-diagnostic-settings";
export { listDiagnosticSettings, listDiagnosticSettingsPaged } from "./lookups/list-diagnostic-settings";
export type { ListPrivateDnsZoneGroupsArgs, PrivateDnsZoneGroupListResult } from "./lookups/list-private-dns-zone-groups";
export { listPrivateDnsZoneGroups, listPrivateDnsZoneGroupsPaged } from "./lookups/list-private-dns-zone-groups";
export type { LookupOptions, LookupOutputOptions } from "./lookups/lookup-options";
/** azure-native's name for the result of Batch Account - Get, so code written against it keeps its annotations. */
export type { BatchAccount as GetBatchAccountResult } from "./model/batch-account";
export * from "./model/batch-account";
export * from "./model/estate";
export { parseBatchAccount } from "./model/parse-batch-account";
export type { ContinuablePage, PagedAsyncIterableIterator, PageSettings } from "./paging/paged-iterator";
export { WAIT_EVENTS_CHANNEL, type WaitEvent } from "./pipeline/wait-events";
export { BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE } from "./plugin/tokens";
export type { BatchAccountReferenceArgs, BatchAccountReferenceOutputs } from "./reference/batch-account-reference";
export type { ClientOptions, LimitOptions, RetryOptions, TimeoutOptions } from "./settings/client-options";
export { StaticTokenCredential } from "./settings/credential";

import type { BatchAccountReference as BatchAccountReferenceClass } from "./reference/batch-account-reference";
import { lazyClass } from "./reference/lazy-class";

// BatchAccountReference extends a @pulumi/pulumi class, and loading @pulumi/pulumi takes about
// half a second: the class is loaded on first use (`new`, `extends`, `instanceof`, a static), so
// plain scripts that only call the Promise lookups start fast, through `require` and `import` alike.
export const BatchAccountReference: typeof BatchAccountReferenceClass = lazyClass(
  "BatchAccountReference",
  () => (require("./reference/batch-account-reference") as typeof import("./reference/batch-account-reference")).BatchAccountReference,
);
export type BatchAccountReference = BatchAccountReferenceClass;
