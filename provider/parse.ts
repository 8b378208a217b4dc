// Turns ARM's Batch account JSON into the flattened model, checking every field against the
// 2024-07-01 schema. A body that contradicts the schema is an error naming the field; unknown
// extra fields (a newer service version) are ignored; `null` counts as absent, as ARM uses both.
//
// This runs for every account of a 10,000-account inventory, so it allocates little:
// - the JSON path of a field ("value[3].properties.poolQuota") is built only for an error
//   message: checks take the parent's path and the field name;
// - optional fields are set with plain property stores, in a fixed order, so every model object
//   keeps V8's fast (hidden class) layout; set through a computed key, an object with this many
//   fields turns into a slower hash table about a third larger.

import { BatchLookupError } from "./errors";
import {
  BATCH_API_VERSION,
  type AutoStorageProperties,
  type BatchAccount,
  type BatchAccountIdentity,
  type EncryptionProperties,
  type EndpointAccessProfile,
  type IPRule,
  type NetworkProfile,
  type PrivateEndpointConnection,
  type UserAssignedIdentities,
  type VirtualMachineFamilyCoreQuota,
} from "./model";

type Json = Record<string, unknown>;

/** Thrown for a response whose shape contradicts the schema; `target` is the JSON path of the field. */
function invalid(path: string, expected: string, value: unknown): BatchLookupError {
  const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  return new BatchLookupError({
    code: "InvalidResponse",
    target: path,
    message: `Azure Resource Manager returned a Batch account whose ${path} is ${got}, but the 2024-07-01 schema requires ${expected}.`,
  });
}

/** The path of field `key` of the object at `base`. */
function at(base: string, key: string): string {
  return `${base}.${key}`;
}

/** The path of item `index` of the array in field `key` of the object at `base`. */
function itemAt(base: string, key: string, index: number): string {
  return `${base}.${key}[${index}]`;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Json {
  if (!isObject(value)) throw invalid(path, "an object", value);
  return value;
}

/** Field `key` of the object at `base`, an object or absent. */
function optObject(value: unknown, base: string, key: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(at(base, key), "an object", value);
  return value;
}

function str(value: unknown, base: string, key: string): string {
  if (typeof value !== "string") throw invalid(at(base, key), "a string", value);
  return value;
}

function optStr(value: unknown, base: string, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(at(base, key), "a string", value);
  return value;
}

function optInt(value: unknown, base: string, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalid(at(base, key), "an integer", value);
  return value;
}

function optBool(value: unknown, base: string, key: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalid(at(base, key), "a boolean", value);
  return value;
}

/** An item parser: the item, and where it is (item `index` of field `key` of the object at `base`). */
type ItemParser<T> = (value: unknown, base: string, key: string, index: number) => T;

function optArray<T>(value: unknown, base: string, key: string, item: ItemParser<T>): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(at(base, key), "an array", value);
  const out = new Array<T>(value.length);
  for (let i = 0; i < value.length; i++) out[i] = item(value[i], base, key, i);
  return out;
}

function strItem(value: unknown, base: string, key: string, index: number): string {
  if (typeof value !== "string") throw invalid(itemAt(base, key, index), "a string", value);
  return value;
}

function optStringMap(value: unknown, base: string, key: string): Record<string, string> | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const name of Object.keys(o)) {
    const v = o[name];
    if (typeof v !== "string") throw invalid(`${at(base, key)}.${name}`, "a string", v);
    setOwn(out, name, v);
  }
  return out;
}

/**
 * Sets an own, enumerable property even when the key is "__proto__": a plain assignment would
 * drop a "__proto__" tag, or make an identity object the map's prototype.
 */
function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function ipRule(value: unknown, base: string, key: string, index: number): IPRule {
  if (!isObject(value)) throw invalid(itemAt(base, key, index), "an object", value);
  const { action, value: ip } = value;
  if (typeof action !== "string") throw invalid(`${itemAt(base, key, index)}.action`, "a string", action);
  if (typeof ip !== "string") throw invalid(`${itemAt(base, key, index)}.value`, "a string", ip);
  return { action, value: ip };
}

function endpointAccessProfile(value: unknown, base: string, key: string): EndpointAccessProfile | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  const out: EndpointAccessProfile = { defaultAction: str(o.defaultAction, path, "defaultAction") };
  const ipRules = optArray(o.ipRules, path, "ipRules", ipRule);
  if (ipRules !== undefined) out.ipRules = ipRules;
  return out;
}

function networkProfile(value: unknown, base: string, key: string): NetworkProfile | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  const out: NetworkProfile = {};
  const accountAccess = endpointAccessProfile(o.accountAccess, path, "accountAccess");
  if (accountAccess !== undefined) out.accountAccess = accountAccess;
  const nodeManagementAccess = endpointAccessProfile(o.nodeManagementAccess, path, "nodeManagementAccess");
  if (nodeManagementAccess !== undefined) out.nodeManagementAccess = nodeManagementAccess;
  return out;
}

function autoStorage(value: unknown, base: string, key: string): AutoStorageProperties | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  const out: AutoStorageProperties = {
    storageAccountId: str(o.storageAccountId, path, "storageAccountId"),
    authenticationMode: optStr(o.authenticationMode, path, "authenticationMode") ?? "StorageKeys",
    lastKeySync: str(o.lastKeySync, path, "lastKeySync"),
  };
  const node = optObject(o.nodeIdentityReference, path, "nodeIdentityReference");
  if (node !== undefined) {
    out.nodeIdentityReference = {};
    const resourceId = optStr(node.resourceId, at(path, "nodeIdentityReference"), "resourceId");
    if (resourceId !== undefined) out.nodeIdentityReference.resourceId = resourceId;
  }
  return out;
}

function encryption(value: unknown, base: string, key: string): EncryptionProperties | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  const out: EncryptionProperties = {};
  const keySource = optStr(o.keySource, path, "keySource");
  if (keySource !== undefined) out.keySource = keySource;
  const kv = optObject(o.keyVaultProperties, path, "keyVaultProperties");
  if (kv !== undefined) {
    out.keyVaultProperties = {};
    const keyIdentifier = optStr(kv.keyIdentifier, at(path, "keyVaultProperties"), "keyIdentifier");
    if (keyIdentifier !== undefined) out.keyVaultProperties.keyIdentifier = keyIdentifier;
  }
  return out;
}

function coreQuota(value: unknown, base: string, key: string, index: number): VirtualMachineFamilyCoreQuota {
  if (!isObject(value)) throw invalid(itemAt(base, key, index), "an object", value);
  const out: VirtualMachineFamilyCoreQuota = {};
  const { name, coreQuota: quota } = value;
  if (name !== undefined && name !== null) {
    if (typeof name !== "string") throw invalid(`${itemAt(base, key, index)}.name`, "a string", name);
    out.name = name;
  }
  if (quota !== undefined && quota !== null) {
    if (typeof quota !== "number" || !Number.isInteger(quota)) throw invalid(`${itemAt(base, key, index)}.coreQuota`, "an integer", quota);
    out.coreQuota = quota;
  }
  return out;
}

function privateEndpointConnection(value: unknown, base: string, key: string, index: number): PrivateEndpointConnection {
  const path = itemAt(base, key, index);
  const o = object(value, path);
  const out: PrivateEndpointConnection = {};
  const id = optStr(o.id, path, "id");
  if (id !== undefined) out.id = id;
  const name = optStr(o.name, path, "name");
  if (name !== undefined) out.name = name;
  const type = optStr(o.type, path, "type");
  if (type !== undefined) out.type = type;
  const etag = optStr(o.etag, path, "etag");
  if (etag !== undefined) out.etag = etag;
  const tags = optStringMap(o.tags, path, "tags");
  if (tags !== undefined) out.tags = tags;
  const p = optObject(o.properties, path, "properties");
  if (p === undefined) return out;
  const pp = at(path, "properties");
  const provisioningState = optStr(p.provisioningState, pp, "provisioningState");
  if (provisioningState !== undefined) out.provisioningState = provisioningState;
  const endpoint = optObject(p.privateEndpoint, pp, "privateEndpoint");
  if (endpoint !== undefined) {
    out.privateEndpoint = {};
    const endpointId = optStr(endpoint.id, at(pp, "privateEndpoint"), "id");
    if (endpointId !== undefined) out.privateEndpoint.id = endpointId;
  }
  const groupIds = optArray(p.groupIds, pp, "groupIds", strItem);
  if (groupIds !== undefined) out.groupIds = groupIds;
  const state = optObject(p.privateLinkServiceConnectionState, pp, "privateLinkServiceConnectionState");
  if (state !== undefined) {
    const sp = at(pp, "privateLinkServiceConnectionState");
    out.privateLinkServiceConnectionState = { status: str(state.status, sp, "status") };
    const description = optStr(state.description, sp, "description");
    if (description !== undefined) out.privateLinkServiceConnectionState.description = description;
    const actionsRequired = optStr(state.actionsRequired, sp, "actionsRequired");
    if (actionsRequired !== undefined) out.privateLinkServiceConnectionState.actionsRequired = actionsRequired;
  }
  return out;
}

/** The path of the user-assigned identity `key` of the identity at `identityPath`. */
function userIdentityAt(identityPath: string, key: string): string {
  return `${identityPath}.userAssignedIdentities[${JSON.stringify(key)}]`;
}

function userAssignedIdentity(value: unknown, identityPath: string, key: string): UserAssignedIdentities {
  if (!isObject(value)) throw invalid(userIdentityAt(identityPath, key), "an object", value);
  const out: UserAssignedIdentities = {};
  const { principalId, clientId } = value;
  if (principalId !== undefined && principalId !== null) {
    if (typeof principalId !== "string") throw invalid(`${userIdentityAt(identityPath, key)}.principalId`, "a string", principalId);
    out.principalId = principalId;
  }
  if (clientId !== undefined && clientId !== null) {
    if (typeof clientId !== "string") throw invalid(`${userIdentityAt(identityPath, key)}.clientId`, "a string", clientId);
    out.clientId = clientId;
  }
  return out;
}

function identity(value: unknown, base: string, key: string): BatchAccountIdentity | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  const out: BatchAccountIdentity = { type: str(o.type, path, "type") };
  const principalId = optStr(o.principalId, path, "principalId");
  if (principalId !== undefined) out.principalId = principalId;
  const tenantId = optStr(o.tenantId, path, "tenantId");
  if (tenantId !== undefined) out.tenantId = tenantId;
  const users = optObject(o.userAssignedIdentities, path, "userAssignedIdentities");
  if (users !== undefined) {
    const map: Record<string, UserAssignedIdentities> = {};
    for (const name of Object.keys(users)) setOwn(map, name, userAssignedIdentity(users[name], path, name));
    out.userAssignedIdentities = map;
  }
  return out;
}

const ID_PATTERN = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)$/i;

/** Parses one ARM Batch account (`path` names it in errors, for example `value[3]`). */
export function parseBatchAccount(body: unknown, path = "account"): BatchAccount {
  const o = object(body, path);
  const id = str(o.id, path, "id");
  const match = ID_PATTERN.exec(id);
  if (match === null) {
    throw new BatchLookupError({
      code: "InvalidResponse",
      target: `${path}.id`,
      message: `Azure Resource Manager returned a Batch account whose ${path}.id ${JSON.stringify(id)} is not a Microsoft.Batch/batchAccounts resource id.`,
    });
  }
  const props = optObject(o.properties, path, "properties") ?? {};
  const pp = at(path, "properties");
  const account: BatchAccount = {
    id,
    name: optStr(o.name, path, "name") ?? match[3]!,
    type: optStr(o.type, path, "type") ?? "Microsoft.Batch/batchAccounts",
    location: str(o.location, path, "location"),
    publicNetworkAccess: optStr(props.publicNetworkAccess, pp, "publicNetworkAccess") ?? "Enabled",
    subscriptionId: match[1]!,
    resourceGroupName: match[2]!,
    azureApiVersion: BATCH_API_VERSION,
  };
  // Each optional field: checked, then set only when present (absent fields stay absent).
  const tags = optStringMap(o.tags, path, "tags");
  if (tags !== undefined) account.tags = tags;
  const accountIdentity = identity(o.identity, path, "identity");
  if (accountIdentity !== undefined) account.identity = accountIdentity;
  const accountEndpoint = optStr(props.accountEndpoint, pp, "accountEndpoint");
  if (accountEndpoint !== undefined) account.accountEndpoint = accountEndpoint;
  const nodeManagementEndpoint = optStr(props.nodeManagementEndpoint, pp, "nodeManagementEndpoint");
  if (nodeManagementEndpoint !== undefined) account.nodeManagementEndpoint = nodeManagementEndpoint;
  const provisioningState = optStr(props.provisioningState, pp, "provisioningState");
  if (provisioningState !== undefined) account.provisioningState = provisioningState;
  const poolAllocationMode = optStr(props.poolAllocationMode, pp, "poolAllocationMode");
  if (poolAllocationMode !== undefined) account.poolAllocationMode = poolAllocationMode;
  const kv = optObject(props.keyVaultReference, pp, "keyVaultReference");
  if (kv !== undefined) {
    const kvPath = at(pp, "keyVaultReference");
    account.keyVaultReference = { id: str(kv.id, kvPath, "id"), url: str(kv.url, kvPath, "url") };
  }
  const network = networkProfile(props.networkProfile, pp, "networkProfile");
  if (network !== undefined) account.networkProfile = network;
  const connections = optArray(props.privateEndpointConnections, pp, "privateEndpointConnections", privateEndpointConnection);
  if (connections !== undefined) account.privateEndpointConnections = connections;
  const storage = autoStorage(props.autoStorage, pp, "autoStorage");
  if (storage !== undefined) account.autoStorage = storage;
  const accountEncryption = encryption(props.encryption, pp, "encryption");
  if (accountEncryption !== undefined) account.encryption = accountEncryption;
  const dedicatedCoreQuota = optInt(props.dedicatedCoreQuota, pp, "dedicatedCoreQuota");
  if (dedicatedCoreQuota !== undefined) account.dedicatedCoreQuota = dedicatedCoreQuota;
  const lowPriorityCoreQuota = optInt(props.lowPriorityCoreQuota, pp, "lowPriorityCoreQuota");
  if (lowPriorityCoreQuota !== undefined) account.lowPriorityCoreQuota = lowPriorityCoreQuota;
  const perFamily = optArray(props.dedicatedCoreQuotaPerVMFamily, pp, "dedicatedCoreQuotaPerVMFamily", coreQuota);
  if (perFamily !== undefined) account.dedicatedCoreQuotaPerVMFamily = perFamily;
  const perFamilyEnforced = optBool(props.dedicatedCoreQuotaPerVMFamilyEnforced, pp, "dedicatedCoreQuotaPerVMFamilyEnforced");
  if (perFamilyEnforced !== undefined) account.dedicatedCoreQuotaPerVMFamilyEnforced = perFamilyEnforced;
  const poolQuota = optInt(props.poolQuota, pp, "poolQuota");
  if (poolQuota !== undefined) account.poolQuota = poolQuota;
  const jobQuota = optInt(props.activeJobAndJobScheduleQuota, pp, "activeJobAndJobScheduleQuota");
  if (jobQuota !== undefined) account.activeJobAndJobScheduleQuota = jobQuota;
  const authModes = optArray(props.allowedAuthenticationModes, pp, "allowedAuthenticationModes", strItem);
  if (authModes !== undefined) account.allowedAuthenticationModes = authModes;
  return account;
}

/** One page of a list: its accounts and the link to the next page, if any. */
export interface BatchAccountPage {
  value: BatchAccount[];
  nextLink?: string;
}

/** Parses one page of List / List By Resource Group; `offset` numbers the accounts across pages in errors. */
export function parseBatchAccountPage(body: unknown, offset = 0): BatchAccountPage {
  const o = object(body, "page");
  const value = o.value === undefined || o.value === null ? [] : o.value;
  if (!Array.isArray(value)) throw invalid("page.value", "an array", value);
  const accounts = new Array<BatchAccount>(value.length);
  for (let i = 0; i < value.length; i++) accounts[i] = parseBatchAccount(value[i], `value[${offset + i}]`);
  const page: BatchAccountPage = { value: accounts };
  const next = optStr(o.nextLink, "page", "nextLink");
  if (next !== undefined && next !== "") page.nextLink = next;
  return page;
}
