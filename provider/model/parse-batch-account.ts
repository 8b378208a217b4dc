// Turns ARM's Batch account JSON into the flattened model, checking every field against the
// 2024-07-01 schema. A body that contradicts the schema is an error naming the field; unknown
// extra fields (a newer service version) are ignored; `null` counts as absent, as ARM uses both.
//
// This runs for every account of a 10,000-account inventory, so it allocates little:
// - the JSON path of a field ("value[3].properties.poolQuota") is built only for an error
//   message: checks take the parent's path and the field name;
// - each account is one object literal naming every field of the model (BATCH_ACCOUNT_FIELDS),
//   so all accounts share one V8 hidden class; nested optional fields are set with plain property
//   stores, so absent ones stay absent.

import {
  type AutoStorageProperties,
  BATCH_ACCOUNT_RESOURCE_TYPE,
  BATCH_API_VERSION,
  type BatchAccount,
  type BatchAccountField,
  type BatchAccountIdentity,
  DOCUMENTED_DEFAULTS,
  type EncryptionProperties,
  type EndpointAccessProfile,
  type IPRule,
  type KeyVaultReference,
  type NetworkProfile,
  type PrivateEndpointConnection,
  type SystemData,
  type UserAssignedIdentities,
  type VirtualMachineFamilyCoreQuota,
} from "./batch-account";
import {
  at,
  checked,
  isObject,
  itemAt,
  type Json,
  type ListPage,
  object,
  optArray,
  optBool,
  optInt,
  optObject,
  optStr,
  optStringMap,
  readListPage,
  rethrowWithin,
  ShapeError,
  setOwn,
  str,
  strItem,
} from "./json-check";

function ipRule(value: unknown, base: string, key: string, index: number): IPRule {
  if (!isObject(value)) throw new ShapeError(itemAt(base, key, index), "an object", value);
  const { action, value: ip } = value;
  if (typeof action !== "string") throw new ShapeError(`${itemAt(base, key, index)}.action`, "a string", action);
  if (typeof ip !== "string") throw new ShapeError(`${itemAt(base, key, index)}.value`, "a string", ip);
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
    authenticationMode: optStr(o.authenticationMode, path, "authenticationMode") ?? DOCUMENTED_DEFAULTS.autoStorageAuthenticationMode,
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
  if (!isObject(value)) throw new ShapeError(itemAt(base, key, index), "an object", value);
  const out: VirtualMachineFamilyCoreQuota = {};
  const { name, coreQuota: quota } = value;
  if (name !== undefined && name !== null) {
    if (typeof name !== "string") throw new ShapeError(`${itemAt(base, key, index)}.name`, "a string", name);
    out.name = name;
  }
  if (quota !== undefined && quota !== null) {
    if (typeof quota !== "number" || !Number.isInteger(quota))
      throw new ShapeError(`${itemAt(base, key, index)}.coreQuota`, "an integer", quota);
    out.coreQuota = quota;
  }
  return out;
}

function privateEndpointConnection(value: unknown, base: string, key: string, index: number): PrivateEndpointConnection {
  try {
    return readPrivateEndpointConnection(value, "");
  } catch (err) {
    rethrowWithin(err, itemAt(base, key, index));
  }
}

function readPrivateEndpointConnection(value: unknown, path: string): PrivateEndpointConnection {
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
  const metadata = systemData(o.systemData, path, "systemData");
  if (metadata !== undefined) out.systemData = metadata;
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
  if (!isObject(value)) throw new ShapeError(userIdentityAt(identityPath, key), "an object", value);
  const out: UserAssignedIdentities = {};
  const { principalId, clientId } = value;
  if (principalId !== undefined && principalId !== null) {
    if (typeof principalId !== "string") throw new ShapeError(`${userIdentityAt(identityPath, key)}.principalId`, "a string", principalId);
    out.principalId = principalId;
  }
  if (clientId !== undefined && clientId !== null) {
    if (typeof clientId !== "string") throw new ShapeError(`${userIdentityAt(identityPath, key)}.clientId`, "a string", clientId);
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
  const users = userAssignedIdentityMap(o.userAssignedIdentities, path, "userAssignedIdentities");
  if (users !== undefined) out.userAssignedIdentities = users;
  return out;
}

/** ARM's `userAssignedIdentities` map (of an account's or a pool's identity at `base`), or absent. */
export function userAssignedIdentityMap(value: unknown, base: string, key: string): Record<string, UserAssignedIdentities> | undefined {
  const users = optObject(value, base, key);
  if (users === undefined) return undefined;
  const map: Record<string, UserAssignedIdentities> = {};
  for (const name of Object.keys(users)) setOwn(map, name, userAssignedIdentity(users[name], base, name));
  return map;
}

const SYSTEM_DATA_RULE = "ARM's common systemData type requires";

/** A string field of systemData, or absent. */
function systemDataStr(value: unknown, path: string, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ShapeError(at(path, key), "a string", value, SYSTEM_DATA_RULE);
  return value;
}

/** ARM's common `systemData` (not in the Batch 2024-07-01 schema; parsed when ARM sends it). */
function systemData(value: unknown, base: string, key: string): SystemData | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new ShapeError(at(base, key), "an object", value, SYSTEM_DATA_RULE);
  const path = at(base, key);
  const out: SystemData = {};
  const createdBy = systemDataStr(value.createdBy, path, "createdBy");
  if (createdBy !== undefined) out.createdBy = createdBy;
  const createdByType = systemDataStr(value.createdByType, path, "createdByType");
  if (createdByType !== undefined) out.createdByType = createdByType;
  const createdAt = systemDataStr(value.createdAt, path, "createdAt");
  if (createdAt !== undefined) out.createdAt = createdAt;
  const lastModifiedBy = systemDataStr(value.lastModifiedBy, path, "lastModifiedBy");
  if (lastModifiedBy !== undefined) out.lastModifiedBy = lastModifiedBy;
  const lastModifiedByType = systemDataStr(value.lastModifiedByType, path, "lastModifiedByType");
  if (lastModifiedByType !== undefined) out.lastModifiedByType = lastModifiedByType;
  const lastModifiedAt = systemDataStr(value.lastModifiedAt, path, "lastModifiedAt");
  if (lastModifiedAt !== undefined) out.lastModifiedAt = lastModifiedAt;
  return out;
}

function keyVaultReference(value: unknown, base: string, key: string): KeyVaultReference | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  return { id: str(o.id, path, "id"), url: str(o.url, path, "url") };
}

/** `accountEndpoint` is required: ARM gives every Batch account one, and the model promises a string (so `account.accountEndpoint` is an `Output<string>`). */
function accountEndpoint(value: unknown, base: string): string {
  if (typeof value !== "string")
    throw new ShapeError(at(base, "accountEndpoint"), "a string", value, "every Batch account has an account endpoint:");
  return value;
}

const ESCAPED_RESOURCE_TYPE = BATCH_ACCOUNT_RESOURCE_TYPE.replaceAll(".", "\\.");
const ID_PATTERN = new RegExp(`^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/${ESCAPED_RESOURCE_TYPE}/([^/]+)$`, "i");

const ACCOUNT_RULE = `the ${BATCH_API_VERSION} schema requires`;

const NO_PROPERTIES: Json = {};

/**
 * Reads one ARM Batch account (`path` names it in errors, for example `value[3]`); a field that
 * contradicts the schema throws a ShapeError naming the Batch schema, for the caller to report as
 * its source's InvalidResponse.
 */
export function readBatchAccount(body: unknown, path: string): BatchAccount {
  try {
    return readAccount(body, path);
  } catch (err) {
    if (err instanceof ShapeError) err.rule ??= ACCOUNT_RULE;
    throw err;
  }
}

// Every field is read by name into a local, and the account is made by one object literal with
// every field of the model in the list's order: each account is one allocation of one shared
// hidden class, and every load is a named one that V8 caches per field (a loop over the field
// list made each load and store a keyed, megamorphic one). `satisfies` makes the compiler check
// that the literal names every field of the model.
function readAccount(body: unknown, path: string): BatchAccount {
  const o = object(body, path);
  const id = str(o.id, path, "id");
  const match = ID_PATTERN.exec(id);
  if (match === null)
    throw new ShapeError(at(path, "id"), `a ${BATCH_ACCOUNT_RESOURCE_TYPE} resource id`, id, "a Batch account's id must be");
  const name = optStr(o.name, path, "name") ?? match[3]!;
  const type = optStr(o.type, path, "type") ?? BATCH_ACCOUNT_RESOURCE_TYPE;
  const location = str(o.location, path, "location");
  const tags = optStringMap(o.tags, path, "tags");
  const accountIdentity = identity(o.identity, path, "identity");
  const metadata = systemData(o.systemData, path, "systemData");
  const p = optObject(o.properties, path, "properties") ?? NO_PROPERTIES;
  const pp = at(path, "properties");
  const account = {
    id,
    name,
    type,
    location,
    tags,
    identity: accountIdentity,
    systemData: metadata,
    accountEndpoint: accountEndpoint(p.accountEndpoint, pp),
    nodeManagementEndpoint: optStr(p.nodeManagementEndpoint, pp, "nodeManagementEndpoint"),
    provisioningState: optStr(p.provisioningState, pp, "provisioningState"),
    poolAllocationMode: optStr(p.poolAllocationMode, pp, "poolAllocationMode"),
    keyVaultReference: keyVaultReference(p.keyVaultReference, pp, "keyVaultReference"),
    publicNetworkAccess: optStr(p.publicNetworkAccess, pp, "publicNetworkAccess") ?? DOCUMENTED_DEFAULTS.publicNetworkAccess,
    networkProfile: networkProfile(p.networkProfile, pp, "networkProfile"),
    privateEndpointConnections: optArray(p.privateEndpointConnections, pp, "privateEndpointConnections", privateEndpointConnection),
    autoStorage: autoStorage(p.autoStorage, pp, "autoStorage"),
    encryption: encryption(p.encryption, pp, "encryption"),
    dedicatedCoreQuota: optInt(p.dedicatedCoreQuota, pp, "dedicatedCoreQuota"),
    lowPriorityCoreQuota: optInt(p.lowPriorityCoreQuota, pp, "lowPriorityCoreQuota"),
    dedicatedCoreQuotaPerVMFamily: optArray(p.dedicatedCoreQuotaPerVMFamily, pp, "dedicatedCoreQuotaPerVMFamily", coreQuota),
    dedicatedCoreQuotaPerVMFamilyEnforced: optBool(p.dedicatedCoreQuotaPerVMFamilyEnforced, pp, "dedicatedCoreQuotaPerVMFamilyEnforced"),
    poolQuota: optInt(p.poolQuota, pp, "poolQuota"),
    activeJobAndJobScheduleQuota: optInt(p.activeJobAndJobScheduleQuota, pp, "activeJobAndJobScheduleQuota"),
    allowedAuthenticationModes: optArray(p.allowedAuthenticationModes, pp, "allowedAuthenticationModes", strItem),
    subscriptionId: match[1]!,
    resourceGroupName: match[2]!,
    azureApiVersion: BATCH_API_VERSION,
  } satisfies { [K in BatchAccountField]-?: BatchAccount[K] };
  return account;
}

/** Parses one ARM Batch account (`path` names it in errors, for example `value[3]`). */
export function parseBatchAccount(body: unknown, path = "account"): BatchAccount {
  return checked(() => readBatchAccount(body, path), "Azure Resource Manager returned a Batch account", ACCOUNT_RULE);
}

/** One page of a list: its accounts and the link to the next page, if any. */
export type BatchAccountPage = ListPage<BatchAccount>;

/** Parses one page of List / List By Resource Group; `offset` numbers the accounts across pages in errors. */
export function parseBatchAccountPage(body: unknown, offset = 0): BatchAccountPage {
  return checked(() => readListPage(body, offset, readBatchAccount), "Azure Resource Manager returned a Batch account list", ACCOUNT_RULE);
}
