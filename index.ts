// The quickstart stack (Pulumi.yaml at the repository root; `npm start` previews it).
//
// It looks up an existing Azure Batch account, exports the two values other stacks usually need
// (the account endpoint and the auto-storage account id), and references the same account with
// BatchAccountReference, so the account is recorded in the stack's state and judged by policy packs.
//
// Configuration (the same program runs against Azure and the emulator):
//   batch-quickstart:accountName        default "sampleacct"
//   batch-quickstart:resourceGroupName  default "default-azurebatch-japaneast"
//   azure-batch-lookup:subscriptionId   (or azure-native:subscriptionId, or ARM_SUBSCRIPTION_ID)
//   azure-batch-lookup:endpoint         the emulator's URL; unset for Azure
//   azure-batch-lookup:token            (secret) the emulator's token; unset for Azure (az login etc.)

import * as pulumi from "@pulumi/pulumi";
import { BatchAccountReference, getBatchAccountOutput } from "azure-batch-lookup";

const config = new pulumi.Config();
const accountName = config.get("accountName") ?? "sampleacct";
const resourceGroupName = config.get("resourceGroupName") ?? "default-azurebatch-japaneast";

// A lookup: read during every preview and update, never stored as a resource.
const account = getBatchAccountOutput({ accountName, resourceGroupName });

export const accountId = account.id;
export const accountEndpoint = account.apply((a) => a.accountEndpoint);
export const autoStorageAccountId = account.apply((a) => a.autoStorage?.storageAccountId);

// A reference: recorded in the state, refreshed by `pulumi refresh`, visible to policy packs.
// Removing it from the program forgets it; the Batch account itself is never deleted.
const reference = new BatchAccountReference("batch-account", { accountName, resourceGroupName });

export const referencedAccountEndpoint = reference.accountEndpoint;
export const referencedPublicNetworkAccess = reference.publicNetworkAccess;
export const referencedLocation = reference.location;
