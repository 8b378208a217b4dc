// A user's Pulumi program (CommonJS under `module: nodenext`): every Pulumi-facing export.
import * as pulumi from "@pulumi/pulumi";
import {
  BATCH_ACCOUNT_REFERENCE_TYPE,
  type BatchAccount,
  type BatchAccountListResult,
  BatchAccountReference,
  getBatchAccountOutput,
  listBatchAccountsOutput,
} from "azure-batch-lookup";

const config = new pulumi.Config();
const accountName = config.get("accountName") ?? "sampleacct";
const resourceGroupName = config.get("resourceGroupName") ?? "default-azurebatch-japaneast";

const account: pulumi.Output<BatchAccount> = getBatchAccountOutput({ accountName, resourceGroupName });
const inGroup: pulumi.Output<BatchAccountListResult> = listBatchAccountsOutput({ resourceGroupName });
const reference = new BatchAccountReference("shared-batch", { accountName, resourceGroupName });

export const accountId = account.apply((a) => a.id);
export const accountEndpoint = account.apply((a) => a.accountEndpoint);
export const autoStorageAccountId = account.apply((a) => a.autoStorage?.storageAccountId);
export const accountNamesInGroup = inGroup.apply((r) => r.value.map((a) => a.name).sort());
export const referenceEndpoint: pulumi.Output<string | undefined> = reference.accountEndpoint;
export const referenceLocation = reference.location;
export const referenceType = BATCH_ACCOUNT_REFERENCE_TYPE;
