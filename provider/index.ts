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
export type { BatchAccountReferenceArgs } from "./batchAccountReference";

import type { BatchAccountReference as BatchAccountReferenceClass } from "./batchAccountReference";

// BatchAccountReference extends a @pulumi/pulumi class, and loading @pulumi/pulumi takes about
// half a second: the class is loaded on first use, so plain scripts that only call the Promise
// lookups start fast.
export declare const BatchAccountReference: typeof BatchAccountReferenceClass;
export type BatchAccountReference = BatchAccountReferenceClass;
Object.defineProperty(exports, "BatchAccountReference", {
  enumerable: true,
  get: () => (require("./batchAccountReference") as typeof import("./batchAccountReference")).BatchAccountReference,
});
