// Wiring: look up an existing Batch account once and hand its endpoint and auto-storage account
// on to the resources that need them, as ordinary Pulumi inputs.
//
// `BatchWorkerSettings` stands for whatever consumes the account in your stack: a web app's
// settings, a container app's environment, a role assignment on the storage account (see
// README.md for the same values passed to @pulumi/azure-native resources). It takes plain
// `pulumi.Input`s, so it neither knows nor cares that the values came from a lookup. (It is not
// exported: everything this module exports becomes a stack output.)
//
// Configuration:
//   batch-wiring:accountName            default "sampleacct"
//   batch-wiring:resourceGroupName      default "default-azurebatch-japaneast"
//   batch-wiring:poolId                 default "render-pool"
//   azure-batch-lookup:subscriptionId   (or azure-native:subscriptionId, or ARM_SUBSCRIPTION_ID)
//   azure-batch-lookup:endpoint / azure-batch-lookup:token   only for the emulator

import * as pulumi from "@pulumi/pulumi";
import { getBatchAccountOutput } from "azure-batch-lookup";

interface BatchWorkerSettingsArgs {
  /** The Batch account endpoint, without scheme: `<account>.<region>.batch.azure.com`. */
  accountEndpoint: pulumi.Input<string>;
  /** The ARM id of the storage account linked as the Batch account's auto-storage. */
  storageAccountId: pulumi.Input<string>;
  /** The pool the workers submit to. */
  poolId: pulumi.Input<string>;
}

/** The settings a job-submitting worker needs, derived from the Batch account. */
class BatchWorkerSettings extends pulumi.ComponentResource {
  /** The Batch service URL clients use: https://<accountEndpoint>. */
  readonly batchAccountUrl: pulumi.Output<string>;
  /** The auto-storage account's name (the last segment of its ARM id). */
  readonly storageAccountName: pulumi.Output<string>;
  /** Environment variables for the worker. */
  readonly environment: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: BatchWorkerSettingsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("examples:batch:WorkerSettings", name, {}, opts);
    this.batchAccountUrl = pulumi.interpolate`https://${args.accountEndpoint}`;
    this.storageAccountName = pulumi.output(args.storageAccountId).apply((id) => id.split("/").pop() ?? id);
    this.environment = pulumi.all([this.batchAccountUrl, args.storageAccountId, this.storageAccountName, args.poolId]).apply(
      ([url, storageId, storageName, poolId]): Record<string, string> => ({
        AZURE_BATCH_ACCOUNT_URL: url,
        AZURE_BATCH_POOL_ID: poolId,
        AZURE_STORAGE_ACCOUNT_ID: storageId,
        AZURE_STORAGE_ACCOUNT_NAME: storageName,
      }),
    );
    this.registerOutputs({
      batchAccountUrl: this.batchAccountUrl,
      storageAccountName: this.storageAccountName,
      environment: this.environment,
    });
  }
}

const config = new pulumi.Config();
const accountName = config.get("accountName") ?? "sampleacct";
const resourceGroupName = config.get("resourceGroupName") ?? "default-azurebatch-japaneast";

const account = getBatchAccountOutput({ accountName, resourceGroupName });

// The two values this stack needs, checked once: an account without them cannot serve it, and
// saying so at preview time beats a worker failing at run time.
export const accountEndpoint = account.apply(({ accountEndpoint: endpoint }) => {
  if (endpoint === undefined) throw new Error(`Batch account ${accountName} has no account endpoint yet (still provisioning?).`);
  return endpoint;
});
export const autoStorageAccountId = account.apply(({ autoStorage }) => {
  if (autoStorage === undefined) {
    throw new Error(
      `Batch account ${accountName} (resource group ${resourceGroupName}) has no auto-storage account; ` +
        "link one (az batch account set --storage-account ...) or pick another account.",
    );
  }
  return autoStorage.storageAccountId;
});

const worker = new BatchWorkerSettings("render-workers", {
  accountEndpoint,
  storageAccountId: autoStorageAccountId,
  poolId: config.get("poolId") ?? "render-pool",
});

export const batchAccountUrl = worker.batchAccountUrl;
export const storageAccountName = worker.storageAccountName;
export const workerEnvironment = worker.environment;
