/**
 * The emulator's data file: which subscriptions and resource groups exist, and the Batch accounts
 * in them, each stored exactly as ARM's GET returns it (the `properties` bag, not a flattened model).
 *
 * ```json
 * {
 *   "formatVersion": 1,
 *   "description": "free text",
 *   "subscriptions": [
 *     { "subscriptionId": "<GUID>", "displayName": "Contoso", "tenantId": "<GUID, optional>",
 *       "resourceGroups": [ { "name": "rg-a", "location": "westeurope", "tags": { "optional": "x" } } ] }
 *   ],
 *   "accounts": [ { "id": "/subscriptions/<GUID>/resourceGroups/rg-a/providers/Microsoft.Batch/batchAccounts/acct",
 *                   "name": "acct", "type": "Microsoft.Batch/batchAccounts", "location": "westeurope",
 *                   "properties": { ... } } ],
 *   "defaultSubscriptionId": "<GUID of a declared subscription, optional>",
 *   "subscriptionIdAliases": { "subid": "<GUID>" },
 *   "examples": [ { "file": "BatchAccountGet.json", "id": "<account id>", "renamedFrom": "sampleacct" } ],
 *   "managementGroups": [ { "id": "contoso", "subscriptions": ["<GUID>"], "children": ["contoso-prod"] } ]
 * }
 * ```
 * Every account's subscription and resource group must be declared; ids are unique
 * (case-insensitively); `name` equals the last segment of `id`. `defaultSubscriptionId` is the
 * subscription the emulator tells clients to use (ARM_SUBSCRIPTION_ID). `subscriptionIdAliases` and
 * `examples` are documentation (used by the tests), not read by the server.
 */
import * as fs from "node:fs";
import { BATCH_ACCOUNT_RESOURCE_TYPE } from "../provider/model/batch-account";
import { isGuid, isResourceGroupName } from "../provider/model/names";
import { parseAccountId } from "./account-id";
import { EmulatorDataError } from "./data-error";
import { type ArmChildResource, validateEstate } from "./estate-data";
import { type ManagementGroupDeclaration, validateManagementGroups } from "./management-groups";

/** A Batch account as ARM returns it (api-version 2024-07-01). Only the envelope is typed. */
export interface ArmBatchAccount {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: Record<string, string>;
  identity?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface ResourceGroupDeclaration {
  name: string;
  location: string;
  tags?: Record<string, string>;
}

/** ARM's subscription states. In a Deleted one no operation is available (the emulator answers SubscriptionNotFound). */
export const SUBSCRIPTION_STATES = Object.freeze(["Enabled", "Warned", "PastDue", "Disabled", "Expired", "Deleted"] as const);
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export interface SubscriptionDeclaration {
  subscriptionId: string;
  displayName?: string;
  tenantId?: string;
  /** What Subscriptions - List reports (default Enabled). */
  state?: SubscriptionState;
  resourceGroups?: ResourceGroupDeclaration[];
}

export interface ExampleProvenance {
  /** File name in spec/examples. */
  file: string;
  /** Id of the account in this data set holding that example's response body. */
  id: string;
  /** Set when the example's account had to be renamed (two examples share one id). */
  renamedFrom?: string;
}

export interface EmulatorData {
  formatVersion?: 1;
  description?: string;
  subscriptions: SubscriptionDeclaration[];
  accounts: ArmBatchAccount[];
  /** The subscription the emulator prints as ARM_SUBSCRIPTION_ID (default: the one with the most accounts). */
  defaultSubscriptionId?: string;
  subscriptionIdAliases?: Record<string, string>;
  examples?: ExampleProvenance[];
  /** Management groups over the declared subscriptions (see management-groups.ts). */
  managementGroups?: ManagementGroupDeclaration[];
  /** Pools of the accounts (ARM JSON, api-version 2024-07-01), see estate-data.ts. */
  pools?: ArmChildResource[];
  /** Diagnostic settings of the accounts (ARM JSON, api-version 2021-05-01-preview). */
  diagnosticSettings?: ArmChildResource[];
  /** DNS zone groups of private endpoints (ARM JSON, api-version 2026-01-01). */
  privateDnsZoneGroups?: ArmChildResource[];
}

/** Deep copy of JSON data (much faster than structuredClone for large data sets). */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks one account's envelope: an object with a Batch account `id`, `name` equal to its last
 * segment, `type` Microsoft.Batch/batchAccounts, a `location` and (if present) object-valued
 * `properties` / `identity` and string-valued `tags`. `where` prefixes error messages.
 */
export function validateAccount(value: unknown, where = "account"): ArmBatchAccount {
  if (!isObject(value)) throw new EmulatorDataError(`${where}: must be a JSON object (an ARM Batch account)`);
  const { id, name, type, location, properties, identity, tags } = value;
  if (typeof id !== "string") throw new EmulatorDataError(`${where}: "id" must be a string`);
  const parsed = parseAccountId(id);
  if (!parsed) {
    throw new EmulatorDataError(
      `${where}: "id" ${JSON.stringify(id)} is not a Batch account id ` +
        `(/subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Batch/batchAccounts/{name})`,
    );
  }
  if (!isGuid(parsed.subscriptionId)) {
    throw new EmulatorDataError(`${where}: subscription id ${JSON.stringify(parsed.subscriptionId)} in "id" is not a GUID`);
  }
  if (!isResourceGroupName(parsed.resourceGroupName)) {
    throw new EmulatorDataError(`${where}: resource group name ${JSON.stringify(parsed.resourceGroupName)} in "id" is invalid`);
  }
  if (name !== parsed.accountName) {
    throw new EmulatorDataError(`${where}: "name" must equal the last segment of "id" (${JSON.stringify(parsed.accountName)})`);
  }
  if (typeof type !== "string" || type.toLowerCase() !== BATCH_ACCOUNT_RESOURCE_TYPE.toLowerCase()) {
    throw new EmulatorDataError(`${where}: "type" must be "${BATCH_ACCOUNT_RESOURCE_TYPE}"`);
  }
  if (typeof location !== "string" || location === "") throw new EmulatorDataError(`${where}: "location" must be a non-empty string`);
  if (properties !== undefined && !isObject(properties)) throw new EmulatorDataError(`${where}: "properties" must be an object`);
  if (identity !== undefined && !isObject(identity)) throw new EmulatorDataError(`${where}: "identity" must be an object`);
  if (tags !== undefined) {
    if (!isObject(tags) || Object.values(tags).some((t) => typeof t !== "string")) {
      throw new EmulatorDataError(`${where}: "tags" must be an object of strings`);
    }
  }
  return value as ArmBatchAccount;
}

export function validateResourceGroup(value: unknown, where: string): ResourceGroupDeclaration {
  if (!isObject(value)) throw new EmulatorDataError(`${where}: must be an object { name, location }`);
  if (typeof value.name !== "string" || !isResourceGroupName(value.name)) {
    throw new EmulatorDataError(`${where}: "name" must be 1-90 letters, digits, -_.() not ending in "."`);
  }
  if (typeof value.location !== "string" || value.location === "") {
    throw new EmulatorDataError(`${where}: "location" must be a non-empty string`);
  }
  if (value.tags !== undefined && !isObject(value.tags)) throw new EmulatorDataError(`${where}: "tags" must be an object`);
  return value as unknown as ResourceGroupDeclaration;
}

export function validateSubscription(value: unknown, where: string): SubscriptionDeclaration {
  if (!isObject(value)) throw new EmulatorDataError(`${where}: must be an object { subscriptionId, resourceGroups }`);
  if (typeof value.subscriptionId !== "string" || !isGuid(value.subscriptionId)) {
    throw new EmulatorDataError(`${where}: "subscriptionId" must be a GUID`);
  }
  if (value.displayName !== undefined && typeof value.displayName !== "string") {
    throw new EmulatorDataError(`${where}: "displayName" must be a string`);
  }
  if (value.tenantId !== undefined && typeof value.tenantId !== "string") {
    throw new EmulatorDataError(`${where}: "tenantId" must be a string`);
  }
  if (value.state !== undefined && !SUBSCRIPTION_STATES.includes(value.state as SubscriptionState)) {
    throw new EmulatorDataError(`${where}: "state" must be one of ${SUBSCRIPTION_STATES.join(", ")}`);
  }
  const groups = value.resourceGroups ?? [];
  if (!Array.isArray(groups)) throw new EmulatorDataError(`${where}: "resourceGroups" must be an array`);
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    const rg = validateResourceGroup(g, `${where}.resourceGroups[${i}]`);
    if (seen.has(rg.name.toLowerCase())) throw new EmulatorDataError(`${where}: resource group "${rg.name}" is declared twice`);
    seen.add(rg.name.toLowerCase());
  });
  return value as unknown as SubscriptionDeclaration;
}

/** Validates a parsed data file; throws {@link EmulatorDataError} naming the first problem. */
export function validateData(value: unknown, source = "data"): EmulatorData {
  if (!isObject(value)) throw new EmulatorDataError(`${source}: must be a JSON object { subscriptions, accounts }`);
  if (value.formatVersion !== undefined && value.formatVersion !== 1) {
    throw new EmulatorDataError(`${source}: unsupported formatVersion ${JSON.stringify(value.formatVersion)} (expected 1)`);
  }
  if (!Array.isArray(value.subscriptions)) throw new EmulatorDataError(`${source}: "subscriptions" must be an array`);
  if (!Array.isArray(value.accounts)) throw new EmulatorDataError(`${source}: "accounts" must be an array`);
  const groups = new Map<string, Set<string>>();
  value.subscriptions.forEach((s, i) => {
    const sub = validateSubscription(s, `${source}: subscriptions[${i}]`);
    const key = sub.subscriptionId.toLowerCase();
    if (groups.has(key)) throw new EmulatorDataError(`${source}: subscription ${sub.subscriptionId} is declared twice`);
    groups.set(key, new Set((sub.resourceGroups ?? []).map((rg) => rg.name.toLowerCase())));
  });
  if (value.defaultSubscriptionId !== undefined) {
    const id = value.defaultSubscriptionId;
    if (typeof id !== "string" || !groups.has(id.toLowerCase())) {
      throw new EmulatorDataError(
        `${source}: "defaultSubscriptionId" must name a subscription declared under "subscriptions" (got ${JSON.stringify(id)})`,
      );
    }
  }
  const ids = new Set<string>();
  value.accounts.forEach((a, i) => {
    const where = `${source}: accounts[${i}]`;
    const account = validateAccount(a, where);
    const parsed = parseAccountId(account.id)!;
    const rgs = groups.get(parsed.subscriptionId.toLowerCase());
    if (!rgs) throw new EmulatorDataError(`${where}: subscription ${parsed.subscriptionId} is not declared under "subscriptions"`);
    if (!rgs.has(parsed.resourceGroupName.toLowerCase())) {
      throw new EmulatorDataError(
        `${where}: resource group "${parsed.resourceGroupName}" is not declared under subscription ${parsed.subscriptionId}`,
      );
    }
    const key = account.id.toLowerCase();
    if (ids.has(key)) throw new EmulatorDataError(`${where}: duplicate account id ${account.id}`);
    ids.add(key);
  });
  validateManagementGroups(value.managementGroups, new Set(groups.keys()), source);
  validateEstate(value, source, { accounts: ids, subscriptions: new Set(groups.keys()) });
  return value as unknown as EmulatorData;
}

/** Reads and validates a data file. */
export function loadDataFile(file: string): EmulatorData {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new EmulatorDataError(`cannot read data file ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new EmulatorDataError(`data file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  return validateData(json, file);
}

/**
 * Merges data sets: subscriptions with the same id are joined (resource groups added), accounts
 * are concatenated (a later account with the same id replaces an earlier one).
 */
export function mergeData(...sets: EmulatorData[]): EmulatorData {
  const subs = new Map<string, SubscriptionDeclaration>();
  const accounts = new Map<string, ArmBatchAccount>();
  const managementGroups: ManagementGroupDeclaration[] = [];
  const estate = {
    pools: new Map<string, ArmChildResource>(),
    diagnosticSettings: new Map<string, ArmChildResource>(),
    privateDnsZoneGroups: new Map<string, ArmChildResource>(),
  };
  for (const set of sets) {
    for (const kind of ["pools", "diagnosticSettings", "privateDnsZoneGroups"] as const) {
      for (const r of set[kind] ?? []) estate[kind].set(r.id.toLowerCase(), r);
    }
    managementGroups.push(...(set.managementGroups ?? []));
    for (const s of set.subscriptions) {
      const key = s.subscriptionId.toLowerCase();
      const existing = subs.get(key);
      if (!existing) {
        subs.set(key, { ...s, resourceGroups: [...(s.resourceGroups ?? [])] });
        continue;
      }
      const names = new Set((existing.resourceGroups ?? []).map((g) => g.name.toLowerCase()));
      for (const rg of s.resourceGroups ?? []) if (!names.has(rg.name.toLowerCase())) existing.resourceGroups!.push(rg);
    }
    for (const a of set.accounts) accounts.set(a.id.toLowerCase(), a);
  }
  const defaultSubscriptionId = sets.find((s) => s.defaultSubscriptionId !== undefined)?.defaultSubscriptionId;
  const merged: EmulatorData = {
    formatVersion: 1,
    ...(defaultSubscriptionId === undefined ? {} : { defaultSubscriptionId }),
    subscriptions: [...subs.values()],
    accounts: [...accounts.values()],
  };
  if (managementGroups.length > 0) merged.managementGroups = managementGroups;
  for (const kind of ["pools", "diagnosticSettings", "privateDnsZoneGroups"] as const) {
    if (estate[kind].size > 0) merged[kind] = [...estate[kind].values()];
  }
  return merged;
}
