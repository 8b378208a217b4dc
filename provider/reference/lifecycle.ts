// The lifecycle of a BatchAccountReference, written once for both doors: the dynamic provider of
// the TypeScript class (dynamic-provider.ts) and the provider plugin's resource (plugin/reference.ts)
// are adapters of it. Each operation is a function of the lookup the door reads accounts with.
//
// `check` reads the account, so the inputs carry its real properties: CrossGuard policies see them
// during `pulumi preview` (policy packs do not see read-only resources). `create` records the
// account `check` read, so the outputs are the very account the policies judged. `read` (refresh)
// re-reads it as outputs and inputs. `delete` only forgets the reference: the Azure account is never touched.

import { isDeepStrictEqual } from "node:util";
import { BatchLookupError } from "../errors";
import { BATCH_ACCOUNT_FIELD_NAMES, type BatchAccount } from "../model/batch-account";
import { hasUnknown, withoutUndefined } from "./engine-values";

/** Property values as the engine holds them (plain: secrets are the adapters' to unwrap and restore). */
export type ReferenceProps = Record<string, unknown>;

/** The lookup arguments of a reference, as its inputs give them (validated by the lookup). */
export interface AccountKey {
  accountName: unknown;
  resourceGroupName: unknown;
  subscriptionId: unknown;
}

/** Reads one account: the door's `getBatchAccount`, which fills in its own default subscription. */
export type AccountLookup = (key: AccountKey) => Promise<BatchAccount>;

/** The inputs that name the account; a change to one of them replaces the reference. */
export const IDENTITY_KEYS = ["accountName", "resourceGroupName", "subscriptionId"] as const;

/**
 * The outputs of a reference: every field of the model, `id` included, and the account name it was
 * given; the same keys as `check`'s inputs. When a provider's diff names no keys (and a dynamic
 * provider cannot name them), the engine lists the keys on which the stored outputs and the new
 * inputs differ: an output left out would be listed on every change. A door's own keys (the dynamic
 * provider's `__provider`) and keys of older versions are never kept nor compared.
 */
export const OUTPUT_KEYS: readonly string[] = [...BATCH_ACCOUNT_FIELD_NAMES, "accountName"];

/** The keys a diff compares: `id` changes only with the names, which replace the reference. */
const COMPARED_KEYS = OUTPUT_KEYS.filter((k) => k !== "id");

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: ReferenceProps;
  failures?: CheckFailure[];
}

export interface CreateResult {
  id: string;
  outs: ReferenceProps;
}

export interface ReadResult {
  id: string;
  props: ReferenceProps;
  inputs: ReferenceProps;
}

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  /** The outputs whose value changes (identity keys included). */
  changed: string[];
  deleteBeforeReplace: boolean;
}

export interface ReferenceLifecycle {
  check(news: ReferenceProps): Promise<CheckResult>;
  diff(olds: ReferenceProps, news: ReferenceProps): DiffResult;
  create(inputs: ReferenceProps): Promise<CreateResult>;
  /** Refresh: the account as it is now; undefined when it is gone from Azure (refresh then drops the reference). */
  read(stored: ReferenceProps): Promise<ReadResult | undefined>;
  update(news: ReferenceProps): { outs: ReferenceProps };
  delete(): void;
}

function keyOf(props: ReferenceProps): AccountKey {
  return { accountName: props.accountName, resourceGroupName: props.resourceGroupName, subscriptionId: props.subscriptionId };
}

/**
 * The inputs of a reference after `check`: every field of the account that has a value, `id`
 * included (the policy pack's mapping reads it), and the lookup arguments as given. A subscription
 * not given is recorded as the one the account was read in (its ARM id), whichever default the door resolved.
 */
function stateOf(key: AccountKey, account: BatchAccount): ReferenceProps {
  const state: ReferenceProps = {};
  for (const field of BATCH_ACCOUNT_FIELD_NAMES) if (account[field] !== undefined) state[field] = withoutUndefined(account[field]);
  state.accountName = key.accountName;
  state.resourceGroupName = key.resourceGroupName;
  state.subscriptionId = isGiven(key.subscriptionId) ? key.subscriptionId : account.subscriptionId;
  return state;
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** The outputs of a state: its output keys that have a value (dropping what a door added). */
export function outputsOf(state: ReferenceProps): ReferenceProps {
  const outs: ReferenceProps = {};
  for (const k of OUTPUT_KEYS) if (state[k] !== undefined) outs[k] = state[k];
  return outs;
}

/** A state of `check`: the account was read (it has the account's id). */
function isRead(inputs: ReferenceProps): boolean {
  return typeof inputs.id === "string" && inputs.id !== "";
}

function failuresOf(err: unknown): CheckFailure[] | undefined {
  if (err instanceof BatchLookupError && err.code === "InvalidArgument") {
    return [{ property: err.target?.split(" ")[0] ?? "", reason: err.message }];
  }
  return undefined;
}

function sameIdentity(a: unknown, b: unknown): boolean {
  // Azure names are case-insensitive: another casing names the same account.
  return String(a ?? "").toLowerCase() === String(b ?? "").toLowerCase();
}

export function referenceLifecycle(lookup: AccountLookup): ReferenceLifecycle {
  const readState = async (key: AccountKey): Promise<ReferenceProps> => stateOf(key, await lookup(key));
  return {
    async check(news) {
      const key = keyOf(news);
      // Not known until deployment: nothing to read yet; the account is read when the values are.
      if (hasUnknown(key)) return { inputs: news };
      try {
        return { inputs: await readState(key) };
      } catch (err) {
        const failures = failuresOf(err);
        if (failures !== undefined) return { inputs: news, failures };
        throw err;
      }
    },

    diff(olds, news) {
      // A subscription left to the door's default is recorded by `check` once it reads; before that
      // (an argument not known yet) it is not known to differ from the one recorded.
      const compared = isRead(news) || isGiven(news.subscriptionId) ? IDENTITY_KEYS : IDENTITY_KEYS.filter((k) => k !== "subscriptionId");
      const replaces = compared.filter((k) => !sameIdentity(olds[k], news[k]));
      const changed = COMPARED_KEYS.filter((k) => !isDeepStrictEqual(olds[k], news[k]));
      return { changes: changed.length > 0 || replaces.length > 0, replaces, changed, deleteBeforeReplace: true };
    },

    async create(inputs) {
      const state = isRead(inputs) ? inputs : await readState(keyOf(inputs));
      return { id: state.id as string, outs: outputsOf(state) };
    },

    async read(stored) {
      try {
        const state = await readState(keyOf(stored));
        // The refreshed account is the reference's inputs too (what `check` would give it now), so
        // `pulumi policy analyze`, which judges stored inputs, sees the account as it is after refresh.
        return { id: state.id as string, props: outputsOf(state), inputs: state };
      } catch (err) {
        if (err instanceof BatchLookupError && err.statusCode === 404) return undefined;
        throw err;
      }
    },

    update(news) {
      // The news are `check`'s result: the account as just read.
      return { outs: outputsOf(news) };
    },

    delete() {
      // Removing the reference from a program never deletes the Batch account.
    },
  };
}
