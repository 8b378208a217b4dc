// The plugin's BatchAccountReference (`azure-batch-lookup:index:BatchAccountReference`): the same
// lifecycle as the library's dynamic reference (provider/reference/dynamic-provider.ts), on the client of
// the provider that owns the resource. `check` reads the account, so its inputs carry the real
// properties (CrossGuard sees them during preview); `read` refreshes outputs and inputs; `delete`
// only forgets the reference: the Azure account is never touched.

import { BATCH_ACCOUNT_FIELD_NAMES, type BatchAccount, BatchLookupError } from "..";
import type { ProviderLookups } from "./lookups";
import { hasUnknown, type PropertyMap, reveal, secretKeys, withoutUndefined, withSecrets } from "./values";

/** The inputs that name the account; a change to one of them replaces the reference. */
export const IDENTITY_KEYS = ["accountName", "resourceGroupName", "subscriptionId"] as const;

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * The inputs of a reference after `check`: the lookup arguments and every field of the account
 * that has a value, `id` included (the policy pack's mapping reads it), as the dynamic reference's.
 */
function stateOf(args: { accountName: unknown; resourceGroupName: unknown }, account: BatchAccount): PropertyMap {
  const state: PropertyMap = {};
  for (const field of BATCH_ACCOUNT_FIELD_NAMES) if (account[field] !== undefined) state[field] = withoutUndefined(account[field]);
  state.accountName = args.accountName;
  state.resourceGroupName = args.resourceGroupName;
  // The subscription the account was read in (given, the provider's, or the environment's).
  state.subscriptionId = account.subscriptionId;
  return state;
}

/** The outputs: the same without `id`, which is the resource's own id. */
function outputsOf(state: PropertyMap): PropertyMap {
  const { id: _id, ...outputs } = state;
  return outputs;
}

function keyOf(inputs: PropertyMap): { accountName: unknown; resourceGroupName: unknown; subscriptionId: unknown } {
  return { accountName: inputs.accountName, resourceGroupName: inputs.resourceGroupName, subscriptionId: inputs.subscriptionId };
}

function failuresOf(err: unknown): CheckFailure[] | undefined {
  if (err instanceof BatchLookupError && err.code === "InvalidArgument") {
    return [{ property: err.target?.split(" ")[0] ?? "", reason: err.message }];
  }
  return undefined;
}

export interface ReadOutcome {
  id: string;
  props: PropertyMap;
  inputs: PropertyMap;
}

/** The resource operations of one configured provider. */
export class ReferenceResource {
  constructor(private readonly lookups: ProviderLookups) {}

  async check(news: PropertyMap): Promise<{ inputs: PropertyMap; failures?: CheckFailure[] }> {
    const secrets = secretKeys(news);
    const plain = reveal(news) as PropertyMap;
    if (hasUnknown(keyOf(plain))) return { inputs: news };
    try {
      const key = keyOf(plain);
      const account = await this.lookups.getBatchAccount(key);
      return { inputs: withSecrets(stateOf(key, account), secrets) };
    } catch (err) {
      const failures = failuresOf(err);
      if (failures !== undefined) return { inputs: news, failures };
      throw err;
    }
  }

  diff(olds: PropertyMap, news: PropertyMap): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
    const o = reveal(olds) as PropertyMap;
    const n = reveal(news) as PropertyMap;
    const replaces = IDENTITY_KEYS.filter((k) => String(o[k] ?? "").toLowerCase() !== String(n[k] ?? "").toLowerCase());
    const keys = new Set([...Object.keys(o), ...Object.keys(n)]);
    // `id` is the resource's own id in the outputs and a field of the inputs: never a change of its own.
    keys.delete("id");
    const changed = [...keys].filter((k) => JSON.stringify(o[k]) !== JSON.stringify(n[k]));
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: true };
  }

  async create(inputs: PropertyMap): Promise<{ id: string; outs: PropertyMap }> {
    const secrets = secretKeys(inputs);
    const plain = reveal(inputs) as PropertyMap;
    const account = await this.lookups.getBatchAccount(keyOf(plain));
    return {
      id: account.id,
      outs: outputsOf(withSecrets(stateOf(plain as { accountName: unknown; resourceGroupName: unknown }, account), secrets)),
    };
  }

  /** Refresh: the account as it is now, as outputs and inputs; undefined when it is gone from Azure. */
  async read(props: PropertyMap, inputs: PropertyMap | undefined): Promise<ReadOutcome | undefined> {
    const secrets = [...new Set([...secretKeys(props), ...secretKeys(inputs ?? {})])];
    const plain = reveal({ ...props, ...inputs }) as PropertyMap;
    try {
      const key = keyOf(plain);
      const account = await this.lookups.getBatchAccount(key);
      const state = withSecrets(stateOf(key, account), secrets);
      // The refreshed account is the reference's inputs too (what `check` would give it now), so
      // `pulumi policy analyze`, which judges stored inputs, sees the account as it is after refresh.
      return { id: account.id, props: outputsOf(state), inputs: state };
    } catch (err) {
      if (err instanceof BatchLookupError && err.statusCode === 404) return undefined;
      throw err;
    }
  }
}
