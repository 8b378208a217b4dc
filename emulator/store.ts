/**
 * In-memory accounts, subscriptions and resource groups, with case-insensitive lookups and
 * key-ordered pages (a page cursor is the key of the last account returned, so pages stay
 * consistent while tests add or delete accounts between page requests).
 */
import { accountId, parseAccountId } from "./account-id";
import { EmulatorDataError } from "./data-error";
import {
  type ArmBatchAccount,
  cloneJson,
  type EmulatorData,
  type ResourceGroupDeclaration,
  type SubscriptionDeclaration,
  type SubscriptionState,
  validateAccount,
  validateData,
  validateResourceGroup,
  validateSubscription,
} from "./data-file";
import { ManagementGroupIndex } from "./management-groups";

/** Identifies an account: an ARM id, or its three names. */
export type AccountRef = string | { subscriptionId: string; resourceGroupName: string; accountName: string };

interface SubscriptionRecord {
  subscriptionId: string;
  displayName?: string;
  tenantId?: string;
  state?: SubscriptionState;
  resourceGroups: Map<string, ResourceGroupDeclaration>;
}

export interface AccountPage {
  accounts: ArmBatchAccount[];
  /** Key of the last account in the page (the cursor for the next page). */
  lastKey?: string;
  /** True when more accounts follow in this scope. */
  more: boolean;
}

export function accountKey(subscriptionId: string, resourceGroupName: string, accountName: string): string {
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroupName}/${accountName}`.toLowerCase();
}

function resolveRef(ref: AccountRef): { subscriptionId: string; resourceGroupName: string; accountName: string } {
  if (typeof ref !== "string") return ref;
  const parsed = parseAccountId(ref);
  if (!parsed) throw new EmulatorDataError(`not a Batch account id: ${ref}`);
  return parsed;
}

/** RFC 7396 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return cloneJson(patch);
  const out: Record<string, unknown> =
    typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export class AccountStore {
  private subs = new Map<string, SubscriptionRecord>();
  private accounts = new Map<string, ArmBatchAccount>();
  private sortedKeys: string[] = [];
  private sorted = true;
  /** Bumped by every change to the accounts: what was computed from them at another one is stale. */
  private generation = 0;
  /** The last accountsOfSubscriptions answer: a Resource Graph query asks the same for each of its pages. */
  private lastSelection: { generation: number; subscriptions: string; accounts: ArmBatchAccount[] } | undefined;
  private groups = new ManagementGroupIndex([]);

  constructor(data: EmulatorData, copy = true) {
    this.load(data, copy);
  }

  /**
   * Replaces everything with a (validated) data set. Accounts are deep-copied unless `copy` is
   * false (the store never mutates an account object in place, so sharing a private, frozen-by-
   * convention data set is safe and saves time with large sets).
   */
  load(data: EmulatorData, copy = true): void {
    validateData(data);
    this.subs.clear();
    this.accounts.clear();
    this.generation++;
    for (const s of data.subscriptions) this.addSubscription(s);
    for (const a of data.accounts) this.put(copy ? cloneJson(a) : a);
    this.groups = new ManagementGroupIndex(copy ? cloneJson(data.managementGroups ?? []) : (data.managementGroups ?? []));
  }

  /** The management groups of the data set. */
  get managementGroups(): ManagementGroupIndex {
    return this.groups;
  }

  /**
   * The stored accounts (not copies: callers must not mutate them, nor the array) of the given
   * subscriptions, in list order (by lower-case key, which orders them by lower-case id).
   */
  accountsOfSubscriptions(subscriptionIds: Iterable<string>): readonly ArmBatchAccount[] {
    const subs = [...new Set([...subscriptionIds].map((s) => s.toLowerCase()))].sort();
    const key = subs.join(",");
    const last = this.lastSelection;
    if (last !== undefined && last.generation === this.generation && last.subscriptions === key) return last.accounts;
    const keys = this.keys();
    const out: ArmBatchAccount[] = [];
    for (const sub of subs) {
      const prefix = `/subscriptions/${sub}/`;
      for (let i = lowerBound(keys, prefix); i < keys.length && keys[i].startsWith(prefix); i++) out.push(this.accounts.get(keys[i])!);
    }
    this.lastSelection = { generation: this.generation, subscriptions: key, accounts: out };
    return out;
  }

  get size(): number {
    return this.accounts.size;
  }

  subscription(subscriptionId: string): SubscriptionDeclaration | undefined {
    const s = this.subs.get(subscriptionId.toLowerCase());
    if (!s) return undefined;
    const decl: SubscriptionDeclaration = {
      subscriptionId: s.subscriptionId,
      displayName: s.displayName,
      tenantId: s.tenantId,
      resourceGroups: [...s.resourceGroups.values()],
    };
    if (s.state !== undefined) decl.state = s.state;
    return decl;
  }

  subscriptions(): SubscriptionDeclaration[] {
    return [...this.subs.values()].map((s) => this.subscription(s.subscriptionId)!);
  }

  hasSubscription(subscriptionId: string): boolean {
    return this.subs.has(subscriptionId.toLowerCase());
  }

  /** Declared and not in the Deleted state, where Azure allows no operation. */
  hasLiveSubscription(subscriptionId: string): boolean {
    const s = this.subs.get(subscriptionId.toLowerCase());
    return s !== undefined && s.state !== "Deleted";
  }

  resourceGroup(subscriptionId: string, resourceGroupName: string): ResourceGroupDeclaration | undefined {
    return this.subs.get(subscriptionId.toLowerCase())?.resourceGroups.get(resourceGroupName.toLowerCase());
  }

  /** The stored account (not a copy: callers must not mutate it). */
  peek(subscriptionId: string, resourceGroupName: string, accountName: string): ArmBatchAccount | undefined {
    return this.accounts.get(accountKey(subscriptionId, resourceGroupName, accountName));
  }

  /** A copy of the account, or undefined. */
  get(ref: AccountRef): ArmBatchAccount | undefined {
    const r = resolveRef(ref);
    const a = this.peek(r.subscriptionId, r.resourceGroupName, r.accountName);
    return a && cloneJson(a);
  }

  /** Copies of the accounts, in list order, optionally limited to a subscription / resource group. */
  list(filter: { subscriptionId?: string; resourceGroupName?: string } = {}): ArmBatchAccount[] {
    const keys = this.keys();
    let prefix = "";
    if (filter.subscriptionId) {
      prefix = `/subscriptions/${filter.subscriptionId}/resourcegroups/`.toLowerCase();
      if (filter.resourceGroupName) prefix += `${filter.resourceGroupName.toLowerCase()}/`;
    }
    return keys.filter((k) => k.startsWith(prefix)).map((k) => cloneJson(this.accounts.get(k)!));
  }

  /**
   * One page of the accounts of a subscription (or one of its resource groups), starting after the
   * account whose key is `after`.
   */
  page(scope: { subscriptionId: string; resourceGroupName?: string }, after: string | undefined, size: number): AccountPage {
    const keys = this.keys();
    let prefix = `/subscriptions/${scope.subscriptionId}/resourcegroups/`.toLowerCase();
    if (scope.resourceGroupName) prefix += `${scope.resourceGroupName.toLowerCase()}/`;
    let i = lowerBound(keys, prefix);
    if (after !== undefined && after >= prefix) {
      i = lowerBound(keys, after);
      if (keys[i] === after) i++;
    }
    const accounts: ArmBatchAccount[] = [];
    let lastKey: string | undefined;
    while (i < keys.length && accounts.length < size && keys[i].startsWith(prefix)) {
      lastKey = keys[i];
      accounts.push(this.accounts.get(keys[i])!);
      i++;
    }
    const more = i < keys.length && keys[i].startsWith(prefix);
    return { accounts, lastKey, more };
  }

  /**
   * Adds or replaces an account (raw ARM JSON). Its subscription and resource group are declared
   * on the fly when missing (the resource group takes the account's location).
   */
  upsert(account: ArmBatchAccount): { created: boolean; account: ArmBatchAccount } {
    const a = validateAccount(cloneJson(account));
    const p = parseAccountId(a.id)!;
    if (!this.hasSubscription(p.subscriptionId)) this.addSubscription({ subscriptionId: p.subscriptionId });
    if (!this.resourceGroup(p.subscriptionId, p.resourceGroupName)) {
      this.addResourceGroup(p.subscriptionId, { name: p.resourceGroupName, location: a.location });
    }
    const created = this.put(a);
    return { created, account: cloneJson(a) };
  }

  /** Applies a JSON merge patch (RFC 7396) to an account; `id`, `name` and `type` cannot change. */
  patch(ref: AccountRef, patch: Record<string, unknown>): ArmBatchAccount {
    const r = resolveRef(ref);
    const key = accountKey(r.subscriptionId, r.resourceGroupName, r.accountName);
    const current = this.accounts.get(key);
    if (!current) throw new EmulatorDataError(`no account ${accountId(r.subscriptionId, r.resourceGroupName, r.accountName)}`);
    for (const field of ["id", "name", "type"]) {
      if (field in patch && patch[field] !== current[field]) throw new EmulatorDataError(`a patch cannot change "${field}"`);
    }
    const next = validateAccount(mergePatch(current, patch), "patched account");
    this.accounts.set(key, next);
    this.generation++;
    return cloneJson(next);
  }

  /** Deletes an account; false when there was none. */
  delete(ref: AccountRef): boolean {
    const r = resolveRef(ref);
    const deleted = this.accounts.delete(accountKey(r.subscriptionId, r.resourceGroupName, r.accountName));
    if (deleted) this.sorted = false;
    this.generation++;
    return deleted;
  }

  addSubscription(decl: SubscriptionDeclaration): void {
    validateSubscription(decl, "subscription");
    const key = decl.subscriptionId.toLowerCase();
    const record: SubscriptionRecord = this.subs.get(key) ?? {
      subscriptionId: decl.subscriptionId,
      resourceGroups: new Map(),
    };
    if (decl.displayName !== undefined) record.displayName = decl.displayName;
    if (decl.tenantId !== undefined) record.tenantId = decl.tenantId;
    if (decl.state !== undefined) record.state = decl.state;
    this.subs.set(key, record);
    for (const rg of decl.resourceGroups ?? []) this.addResourceGroup(decl.subscriptionId, rg);
  }

  /** Removes a subscription with its resource groups and accounts. */
  removeSubscription(subscriptionId: string): boolean {
    const existed = this.subs.delete(subscriptionId.toLowerCase());
    if (existed) this.removeKeysWithPrefix(`/subscriptions/${subscriptionId}/`.toLowerCase());
    return existed;
  }

  addResourceGroup(subscriptionId: string, decl: ResourceGroupDeclaration): void {
    validateResourceGroup(decl, "resource group");
    const sub = this.subs.get(subscriptionId.toLowerCase());
    if (!sub) throw new EmulatorDataError(`subscription ${subscriptionId} is not declared`);
    sub.resourceGroups.set(decl.name.toLowerCase(), { ...decl });
  }

  /** Removes a resource group and its accounts. */
  removeResourceGroup(subscriptionId: string, resourceGroupName: string): boolean {
    const sub = this.subs.get(subscriptionId.toLowerCase());
    if (!sub?.resourceGroups.delete(resourceGroupName.toLowerCase())) return false;
    this.removeKeysWithPrefix(`/subscriptions/${subscriptionId}/resourcegroups/${resourceGroupName}/`.toLowerCase());
    return true;
  }

  /** The current content as a data set (deep copy). */
  snapshot(): EmulatorData {
    const data: EmulatorData = {
      formatVersion: 1,
      subscriptions: this.subscriptions(),
      accounts: this.list(),
    };
    const groups = this.groups.list();
    if (groups.length > 0) data.managementGroups = groups;
    return data;
  }

  private put(a: ArmBatchAccount): boolean {
    const p = parseAccountId(a.id)!;
    const key = accountKey(p.subscriptionId, p.resourceGroupName, p.accountName);
    const created = !this.accounts.has(key);
    this.accounts.set(key, a);
    this.generation++;
    if (created) this.sorted = false;
    return created;
  }

  private removeKeysWithPrefix(prefix: string): void {
    for (const k of [...this.accounts.keys()]) if (k.startsWith(prefix)) this.accounts.delete(k);
    this.sorted = false;
    this.generation++;
  }

  private keys(): string[] {
    if (!this.sorted) {
      this.sortedKeys = [...this.accounts.keys()].sort();
      this.sorted = true;
    }
    return this.sortedKeys;
  }
}

function lowerBound(keys: string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
