// The ARM URLs of the Batch account operations (api-version 2024-07-01), from validated names.

import { BATCH_API_VERSION } from "../model";

/** Batch Account - Get. */
export function batchAccountUrl(endpoint: string, subscriptionId: string, resourceGroupName: string, accountName: string): string {
  return (
    `${endpoint}/subscriptions/${subscriptionId}/resourceGroups/${encodeURIComponent(resourceGroupName)}` +
    `/providers/Microsoft.Batch/batchAccounts/${accountName}?api-version=${BATCH_API_VERSION}`
  );
}

/** Batch Account - List (a subscription) or List By Resource Group. */
export function batchAccountsListUrl(endpoint: string, subscriptionId: string, resourceGroupName?: string): string {
  const scope =
    resourceGroupName === undefined
      ? `/subscriptions/${subscriptionId}`
      : `/subscriptions/${subscriptionId}/resourceGroups/${encodeURIComponent(resourceGroupName)}`;
  return `${endpoint}${scope}/providers/Microsoft.Batch/batchAccounts?api-version=${BATCH_API_VERSION}`;
}
