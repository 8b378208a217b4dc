// Batch Account - Get (api-version 2024-07-01): one account by subscription, resource group and
// name. The answer must be the account asked for: an answer naming another account (another
// name, resource group or subscription) is an InvalidResponse, never another account's endpoint.

import { armAdvice, describeTarget } from "../client/response-errors";
import { BatchLookupError } from "../errors";
import { BATCH_ACCOUNT_RESOURCE_TYPE, BATCH_API_VERSION, type BatchAccount } from "../model/batch-account";
import { parseBatchAccount } from "../model/parse-batch-account";
import type { OperationRequest } from "./operation";

export interface BatchAccountKey {
  subscriptionId: string;
  resourceGroupName: string;
  accountName: string;
}

export function batchAccountUrl(endpoint: string, key: BatchAccountKey): string {
  return (
    `${endpoint}/subscriptions/${key.subscriptionId}/resourceGroups/${encodeURIComponent(key.resourceGroupName)}` +
    `/providers/${BATCH_ACCOUNT_RESOURCE_TYPE}/${key.accountName}?api-version=${BATCH_API_VERSION}`
  );
}

export function batchAccountGet(endpoint: string, key: BatchAccountKey): OperationRequest {
  return { url: batchAccountUrl(endpoint, key), what: describeTarget(key), advise: armAdvice(key) };
}

/** The account of a Get answer, checked to be the one asked for (ARM names compare case-insensitively). */
export function parseBatchAccountAnswer(body: unknown, key: BatchAccountKey): BatchAccount {
  const account = parseBatchAccount(body);
  const asked = `/subscriptions/${key.subscriptionId}/resourceGroups/${key.resourceGroupName}/providers/${BATCH_ACCOUNT_RESOURCE_TYPE}/${key.accountName}`;
  if (account.id.toLowerCase() !== asked.toLowerCase()) {
    throw new BatchLookupError({
      code: "InvalidResponse",
      target: "account.id",
      message: `Reading ${describeTarget(key)} failed: Azure Resource Manager answered with another account, ${JSON.stringify(account.id)}; it is not returned as the account asked for.`,
    });
  }
  return account;
}
