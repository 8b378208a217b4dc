// One configured provider: its BatchLookupClient and default subscription, and the functions it
// serves (`azure-batch-lookup:index:<lookup>` for every public lookup of the library).

// The plugin imports the library's modules, never its entry point: the entry is a bundle with a copy
// of every module, and state that one copy sets (a settings reader, a closed client, an error class
// for instanceof) is not seen by the other.
import { BatchLookupClient } from "../client/batch-lookup-client";
import { BatchLookupError } from "../errors";
import { getBatchAccount } from "../lookups/get-batch-account";
import { listBatchAccounts } from "../lookups/list-batch-accounts";
import { listBatchPools } from "../lookups/list-batch-pools";
import { listDiagnosticSettings } from "../lookups/list-diagnostic-settings";
import { listPrivateDnsZoneGroups } from "../lookups/list-private-dns-zone-groups";
import type { BatchAccount, BatchAccountListResult } from "../model/batch-account";
import { type ProviderConfig, providerSettings } from "./provider-config";
import {
  FUNCTION_TOKENS,
  GET_BATCH_ACCOUNT_TOKEN,
  LIST_BATCH_ACCOUNTS_TOKEN,
  LIST_BATCH_POOLS_TOKEN,
  LIST_DIAGNOSTIC_SETTINGS_TOKEN,
  LIST_PRIVATE_DNS_ZONE_GROUPS_TOKEN,
} from "./tokens";
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

  listBatchPools(args: PropertyMap): ReturnType<typeof listBatchPools> {
    const request: PropertyMap = { ...args };
    const subscriptionId = this.subscriptionFor(request.subscriptionId);
    if (subscriptionId !== undefined) request.subscriptionId = subscriptionId;
    return listBatchPools(request as unknown as Parameters<typeof listBatchPools>[0], { client: this.client });
  }

  /** Runs a function of the plugin; its result as engine properties. */
  async invoke(token: string, args: PropertyMap): Promise<PropertyMap> {
    const options = { client: this.client };
    const run = (): Promise<unknown> => {
      switch (token) {
        case GET_BATCH_ACCOUNT_TOKEN:
          return this.getBatchAccount(args as unknown as AccountKey);
        case LIST_BATCH_ACCOUNTS_TOKEN:
          return this.listBatchAccounts(args);
        case LIST_BATCH_POOLS_TOKEN:
          return this.listBatchPools(args);
        // Both name their resource by its full ARM id: no subscription to default.
        case LIST_DIAGNOSTIC_SETTINGS_TOKEN:
          return listDiagnosticSettings(args as unknown as Parameters<typeof listDiagnosticSettings>[0], options);
        case LIST_PRIVATE_DNS_ZONE_GROUPS_TOKEN:
          return listPrivateDnsZoneGroups(args as unknown as Parameters<typeof listPrivateDnsZoneGroups>[0], options);
        default:
          throw new BatchLookupError({
            code: "InvalidArgument",
            target: "token",
            message: `Unknown function ${token}: the provider serves ${FUNCTION_TOKENS.join(", ")}.`,
          });
      }
    };
    return withoutUndefined(await run()) as PropertyMap;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
