export { getBatchAccount, getBatchAccountOutput } from "./getBatchAccount";
export type { GetBatchAccountArgs, GetBatchAccountOutputArgs } from "./getBatchAccount";
export { listBatchAccounts, listBatchAccountsOutput } from "./listBatchAccounts";
export type { ListBatchAccountsArgs, ListBatchAccountsOutputArgs } from "./listBatchAccounts";
export { BatchLookupError } from "./errors";
export type { ArmErrorDetail } from "./errors";
export { StaticTokenCredential } from "./credential";
export { closeClients } from "./lookup-options";
export type { LookupOptions, LookupOutputOptions } from "./lookup-options";
export { BatchLookupClient } from "./client";
export type { ClientOptions, LimitOptions } from "./client-options";
export type { RetryOptions } from "./pipeline/retry-plan";
export type { TimeoutOptions } from "./pipeline/transport-errors";
export { parseBatchAccount } from "./parse";
export * from "./model";
/** azure-native's name for the result of Batch Account - Get, so code written against it keeps its annotations. */
export type { BatchAccount as GetBatchAccountResult } from "./model";
export type { BatchAccountReferenceArgs } from "./batchAccountReference";

export type { BatchAccountReferenceOutputs } from "./batchAccountReference";

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
