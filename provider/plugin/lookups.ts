// One configured provider: its BatchLookupClient and default subscription, and the two functions
// it serves (`azure-batch-lookup:index:getBatchAccount`, `azure-batch-lookup:index:listBatchAccounts`).

import {
  type BatchAccount,
  type BatchAccountListResult,
  BatchLookupClient,
  BatchLookupError,
  getBatchAccount,
  listBatchAccounts,
} from "..";
import { type ProviderConfig, providerSettings } from "./provider-config";
import { GET_BATCH_ACCOUNT_TOKEN, LIST_BATCH_ACCOUNTS_TOKEN } from "./tokens";
import { type PropertyMap, withoutUndefined } from "./values";

export interface AccountKey {
  accountName: unknown;
  resourceGroupName: unknown;
  subscriptionId?: unknown;
}

/** The lookups of one configured provider. */
export class ProviderLookups {
  readonly client: BatchLookupClient;
  /** The provider's subscriptionId, for lookups that are not given one. */
  readonly subscriptionId: string | undefined;

  constructor(config: ProviderConfig = {}, env: NodeJS.ProcessEnv = process.env) {
    const settings = providerSettings(config, env);
    this.client = new BatchLookupClient(settings.clientOptions);
    this.subscriptionId = settings.subscriptionId;
  }

  /** The subscription argument of a lookup: the one given, else the provider's, else the library's default. */
  subscriptionFor(given: unknown): unknown {
    return given === undefined || given === null || given === "" ? this.subscriptionId : given;
  }

  getBatchAccount(args: AccountKey): Promise<BatchAccount> {
    const request: Record<string, unknown> = { accountName: args.accountName, resourceGroupName: args.resourceGroupName };
    const subscriptionId = this.subscriptionFor(args.subscriptionId);
    if (subscriptionId !== undefined) request.subscriptionId = subscriptionId;
    return getBatchAccount(request as unknown as Parameters<typeof getBatchAccount>[0], { client: this.client });
  }

  listBatchAccounts(args: PropertyMap): Promise<BatchAccountListResult> {
    const request: PropertyMap = { ...args };
    // A tenant-scale listing names its own scope; only a one-subscription list takes the default.
    const tenantScale = ["subscriptionIds", "managementGroupIds", "scope"].some((k) => request[k] !== undefined && request[k] !== null);
    if (!tenantScale) {
      const subscriptionId = this.subscriptionFor(request.subscriptionId);
      if (subscriptionId !== undefined) request.subscriptionId = subscriptionId;
    }
    return listBatchAccounts(request as Parameters<typeof listBatchAccounts>[0], { client: this.client });
  }

  /** Runs a function of the plugin; its result as engine properties. */
  async invoke(token: string, args: PropertyMap): Promise<PropertyMap> {
    if (token === GET_BATCH_ACCOUNT_TOKEN)
      return withoutUndefined(await this.getBatchAccount(args as unknown as AccountKey)) as PropertyMap;
    if (token === LIST_BATCH_ACCOUNTS_TOKEN) return withoutUndefined(await this.listBatchAccounts(args)) as PropertyMap;
    throw new BatchLookupError({
      code: "InvalidArgument",
      target: "token",
      message: `Unknown function ${token}: the provider serves ${GET_BATCH_ACCOUNT_TOKEN} and ${LIST_BATCH_ACCOUNTS_TOKEN}.`,
    });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
