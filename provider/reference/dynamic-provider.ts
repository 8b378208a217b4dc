// The dynamic provider behind BatchAccountReference, run by the engine in its own process.
// `check` reads the account, so its inputs carry the real properties: CrossGuard policies see
// them during `pulumi preview` (policy packs do not see read-only resources). `delete` only
// forgets the reference: the Azure account is never touched.

import type * as pulumi from "@pulumi/pulumi";
import { BatchLookupError } from "../errors";
import { getBatchAccount } from "../lookups/get-batch-account";
import { resolveSubscriptionId } from "../lookups/lookup-context";
import { BATCH_ACCOUNT_FIELD_NAMES, type BatchAccount } from "../model/batch-account";
import { setPulumiConfigReader } from "../settings/resolve";

type dynamic = typeof pulumi.dynamic;
type Inputs = Record<string, unknown>;

/** The engine's placeholder for a value not known until deployment. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const IDENTITY_KEYS = ["accountName", "resourceGroupName", "subscriptionId"] as const;

function hasUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(hasUnknown);
  return false;
}

function lookupArgs(inputs: Inputs): { accountName: string; resourceGroupName: string; subscriptionId: string } {
  return {
    accountName: inputs.accountName as string,
    resourceGroupName: inputs.resourceGroupName as string,
    subscriptionId: resolveSubscriptionId(inputs.subscriptionId),
  };
}

/**
 * The state of a reference: the lookup arguments and every field of the account that has a value
 * (the engine's property values cannot be `undefined`: an absent field is left out).
 */
function stateOf(args: ReturnType<typeof lookupArgs>, account: BatchAccount): Inputs {
  const state: Inputs = {};
  for (const field of BATCH_ACCOUNT_FIELD_NAMES) if (account[field] !== undefined) state[field] = account[field];
  state.accountName = args.accountName;
  state.resourceGroupName = args.resourceGroupName;
  state.subscriptionId = args.subscriptionId;
  return state;
}

function failure(err: unknown): pulumi.dynamic.CheckFailure[] | undefined {
  if (err instanceof BatchLookupError && err.code === "InvalidArgument") {
    return [{ property: err.target?.split(" ")[0] ?? "", reason: err.message }];
  }
  return undefined;
}

export const referenceProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    setPulumiConfigReader((key) => req.config.get(key));
  },

  async check(_olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult> {
    const requested = { accountName: news.accountName, resourceGroupName: news.resourceGroupName, subscriptionId: news.subscriptionId };
    if (hasUnknown(requested)) return { inputs: news };
    try {
      const args = lookupArgs(news);
      const account = await getBatchAccount(args);
      return { inputs: stateOf(args, account) };
    } catch (err) {
      const failures = failure(err);
      if (failures !== undefined) return { inputs: news, failures };
      throw err;
    }
  },

  async diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = IDENTITY_KEYS.filter((k) => String(olds[k] ?? "").toLowerCase() !== String(news[k] ?? "").toLowerCase());
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    keys.delete("__provider");
    const changed = [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: true };
  },

  async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
    const args = lookupArgs(inputs);
    const account = typeof inputs.id === "string" ? (inputs as unknown as BatchAccount) : await getBatchAccount(args);
    return { id: account.id, outs: stateOf(args, account) };
  },

  async read(_id: string, props: Inputs): Promise<pulumi.dynamic.ReadResult> {
    const args = lookupArgs(props);
    try {
      const account = await getBatchAccount(args);
      const state = stateOf(args, account);
      // The refreshed account is the reference's inputs too (what `check` would give it now), so
      // `pulumi policy analyze`, which judges stored inputs, sees the account as it is after refresh.
      return { id: account.id, props: state, inputs: state };
    } catch (err) {
      // Gone from Azure: refresh drops the reference from the state.
      if (err instanceof BatchLookupError && err.statusCode === 404) return { id: undefined as unknown as string, props: {} };
      throw err;
    }
  },

  async update(_id: string, _olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
    return { outs: news };
  },

  async delete(): Promise<void> {
    // Removing the reference from a program never deletes the Batch account.
  },
};

export type { dynamic };
