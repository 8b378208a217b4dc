// Batch Account - List (the accounts of a subscription) and List By Resource Group (api-version
// 2024-07-01), paged by nextLink. Every account listed must belong to the subscription (and
// resource group) listed: one from elsewhere is an InvalidResponse, never part of the result.

import { armAdvice, describeTarget } from "../client/response-errors";
import { BATCH_ACCOUNT_RESOURCE_TYPE, BATCH_API_VERSION, type BatchAccount } from "../model/batch-account";
import { parseBatchAccountPage } from "../model/parse-batch-account";
import { nextLinkList } from "./arm-paging";
import type { ListOperation } from "./operation";

export interface BatchAccountListScope {
  subscriptionId: string;
  /** Only the accounts of this resource group (List By Resource Group). */
  resourceGroupName?: string;
}

export function batchAccountsListUrl(endpoint: string, scope: BatchAccountListScope): string {
  const path =
    scope.resourceGroupName === undefined
      ? `/subscriptions/${scope.subscriptionId}`
      : `/subscriptions/${scope.subscriptionId}/resourceGroups/${encodeURIComponent(scope.resourceGroupName)}`;
  return `${endpoint}${path}/providers/${BATCH_ACCOUNT_RESOURCE_TYPE}?api-version=${BATCH_API_VERSION}`;
}

export function batchAccountList(endpoint: string, scope: BatchAccountListScope): ListOperation<BatchAccount> {
  const target =
    scope.resourceGroupName === undefined
      ? { subscriptionId: scope.subscriptionId }
      : { subscriptionId: scope.subscriptionId, resourceGroupName: scope.resourceGroupName };
  const first = { url: batchAccountsListUrl(endpoint, scope), what: describeTarget(target), advise: armAdvice(target) };
  const subscription = scope.subscriptionId.toLowerCase();
  const resourceGroup = scope.resourceGroupName?.toLowerCase();
  return nextLinkList(endpoint, first, parseBatchAccountPage, (account) => account.id, {
    contains: (account) =>
      account.subscriptionId.toLowerCase() === subscription &&
      (resourceGroup === undefined || account.resourceGroupName.toLowerCase() === resourceGroup),
    outside: `outside the ${resourceGroup === undefined ? "subscription" : "resource group"} listed`,
  });
}
