/**
 * Batch account ids (`/subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Batch/batchAccounts/{name}`):
 * split and built. The rules for their parts (GUIDs, resource group names) are the library's
 * (provider/model/names.ts), so the emulator accepts exactly the names a lookup may ask for.
 */
import { BATCH_ACCOUNT_RESOURCE_TYPE } from "../provider/model/batch-account";

const ACCOUNT_ID_PATTERN = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)$/i;

export interface ParsedAccountId {
  subscriptionId: string;
  resourceGroupName: string;
  accountName: string;
}

/** Splits a Batch account id; undefined when it is not one. */
export function parseAccountId(id: string): ParsedAccountId | undefined {
  const m = ACCOUNT_ID_PATTERN.exec(id);
  if (!m) return undefined;
  return { subscriptionId: m[1], resourceGroupName: m[2], accountName: m[3] };
}

export function accountId(subscriptionId: string, resourceGroupName: string, accountName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${BATCH_ACCOUNT_RESOURCE_TYPE}/${accountName}`;
}
