// Pool - List By Batch Account (api-version 2024-07-01), paged by nextLink: the pools of one
// account. Every pool listed must belong to the account listed: one from elsewhere is an
// InvalidResponse, never part of the result.

import { describeTarget } from "../client/response-errors";
import { BATCH_ACCOUNT_RESOURCE_TYPE, BATCH_API_VERSION } from "../model/batch-account";
import { type BatchPool, ESTATE_READ_ACTIONS } from "../model/estate";
import { parseBatchPoolPage } from "../model/parse-pool";
import { nextLinkList } from "./arm-paging";
import type { BatchAccountKey } from "./batch-account-get";
import { readAdvice } from "./estate-advice";
import type { ListOperation } from "./operation";

export function batchPoolsUrl(endpoint: string, key: BatchAccountKey): string {
  return (
    `${endpoint}/subscriptions/${key.subscriptionId}/resourceGroups/${encodeURIComponent(key.resourceGroupName)}` +
    `/providers/${BATCH_ACCOUNT_RESOURCE_TYPE}/${key.accountName}/pools?api-version=${BATCH_API_VERSION}`
  );
}

export function batchPoolList(endpoint: string, key: BatchAccountKey): ListOperation<BatchPool> {
  const what = `the pools of ${describeTarget(key)}`;
  const scope = `/subscriptions/${key.subscriptionId}/resourceGroups/${key.resourceGroupName}/providers/${BATCH_ACCOUNT_RESOURCE_TYPE}/${key.accountName}`;
  const first = { url: batchPoolsUrl(endpoint, key), what, advise: readAdvice(ESTATE_READ_ACTIONS.pools, scope, "the Batch account") };
  const prefix = `${scope}/pools/`.toLowerCase();
  return nextLinkList(endpoint, first, parseBatchPoolPage, (pool) => pool.id, {
    contains: (pool) => pool.id.toLowerCase().startsWith(prefix),
    outside: "not a pool of that account",
  });
}
