// Turns ARM's Batch account JSON into the flattened model, checking every field against the
// 2024-07-01 schema. A body that contradicts the schema is an error naming the field; unknown
// extra fields (a newer service version) are ignored; `null` counts as absent, as ARM uses both.
//
// Objects are built field by field rather than by spreading: this runs for every account of a
// 10,000-account inventory.

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

function object(value: unknown, path: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid(path, "an object", value);
  return value as Json;
}

function optObject(value: unknown, path: string): Json | undefined {
  return value === undefined || value === null ? undefined : object(value, path);
}

function str(value: unknown, path: string): string {
  if (typeof value !== "string") throw invalid(path, "a string", value);
  return value;
}

function optStr(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : str(value, path);
}

function optInt(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalid(path, "an integer", value);
  return value;
}

function optBool(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalid(path, "a boolean", value);
  return value;
}

function optArray<T>(value: unknown, path: string, item: (v: unknown, p: string) => T): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(path, "an array", value);
  const out = new Array<T>(value.length);
  for (let i = 0; i < value.length; i++) out[i] = item(value[i], `${path}[${i}]`);
  return out;
}

function optStringMap(value: unknown, path: string): Record<string, string> | undefined {
  const o = optObject(value, path);
  if (o === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const key of Object.keys(o)) out[key] = str(o[key], `${path}.${key}`);
  return out;
}

/** Sets `target[key]` only when the value is present, so absent fields stay absent. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function ipRule(value: unknown, path: string): IPRule {
  const o = object(value, path);
  return { action: str(o.action, `${path}.action`), value: str(o.value, `${path}.value`) };
}

function endpointAccessProfile(value: unknown, path: string): EndpointAccessProfile | undefined {
  const o = optObject(value, path);
  if (o === undefined) return undefined;
  const out: EndpointAccessProfile = { defaultAction: str(o.defaultAction, `${path}.defaultAction`) };
  put(out, "ipRules", optArray(o.ipRules, `${path}.ipRules`, ipRule));
  return out;
}

function networkProfile(value: unknown, path: string): NetworkProfile | undefined {
  const o = optObject(value, path);
  if (o === undefined) return undefined;
  const out: NetworkProfile = {};
  put(out, "accountAccess", endpointAccessProfile(o.accountAccess, `${path}.accountAccess`));
  put(out, "nodeManagementAccess", endpointAccessProfile(o.nodeManagementAccess, `${path}.nodeManagementAccess`));
  return out;
}

function autoStorage(value: unknown, path: string): AutoStorageProperties | undefined {
  const o = optObject(value, path);
  if (o === undefined) return undefined;
  const out: AutoStorageProperties = {
    storageAccountId: str(o.storageAccountId, `${path}.storageAccountId`),
    authenticationMode: optStr(o.authenticationMode, `${path}.authenticationMode`) ?? "StorageKeys",
    lastKeySync: str(o.lastKeySync, `${path}.lastKeySync`),
  };
  const node = optObject(o.nodeIdentityReference, `${path}.nodeIdentityReference`);
  if (node !== undefined) {
    out.nodeIdentityReference = {};
    put(out.nodeIdentityReference, "resourceId", optStr(node.resourceId, `${path}.nodeIdentityReference.resourceId`));
  }
  return out;
}

function encryption(value: unknown, path: string): EncryptionProperties | undefined {
  const o = optObject(value, path);
  if (o === undefined) return undefined;
  const out: EncryptionProperties = {};
  put(out, "keySource", optStr(o.keySource, `${path}.keySource`));
  const kv = optObject(o.keyVaultProperties, `${path}.keyVaultProperties`);
  if (kv !== undefined) {
    out.keyVaultProperties = {};
    put(out.keyVaultProperties, "keyIdentifier", optStr(kv.keyIdentifier, `${path}.keyVaultProperties.keyIdentifier`));
  }
  return out;
}

function coreQuota(value: unknown, path: string): VirtualMachineFamilyCoreQuota {
  const o = object(value, path);
  const out: VirtualMachineFamilyCoreQuota = {};
  put(out, "name", optStr(o.name, `${path}.name`));
  put(out, "coreQuota", optInt(o.coreQuota, `${path}.coreQuota`));
  return out;
}

function privateEndpointConnection(value: unknown, path: string): PrivateEndpointConnection {
  const o = object(value, path);
  const out: PrivateEndpointConnection = {};
  put(out, "id", optStr(o.id, `${path}.id`));
  put(out, "name", optStr(o.name, `${path}.name`));
  put(out, "type", optStr(o.type, `${path}.type`));
  put(out, "etag", optStr(o.etag, `${path}.etag`));
  put(out, "tags", optStringMap(o.tags, `${path}.tags`));
  const p = optObject(o.properties, `${path}.properties`);
  if (p === undefined) return out;
  const pp = `${path}.properties`;
  put(out, "provisioningState", optStr(p.provisioningState, `${pp}.provisioningState`));
  const endpoint = optObject(p.privateEndpoint, `${pp}.privateEndpoint`);
  if (endpoint !== undefined) {
    out.privateEndpoint = {};
    put(out.privateEndpoint, "id", optStr(endpoint.id, `${pp}.privateEndpoint.id`));
  }
  put(out, "groupIds", optArray(p.groupIds, `${pp}.groupIds`, str));
  const state = optObject(p.privateLinkServiceConnectionState, `${pp}.privateLinkServiceConnectionState`);
  if (state !== undefined) {
    const sp = `${pp}.privateLinkServiceConnectionState`;
    out.privateLinkServiceConnectionState = { status: str(state.status, `${sp}.status`) };
    put(out.privateLinkServiceConnectionState, "description", optStr(state.description, `${sp}.description`));
    put(out.privateLinkServiceConnectionState, "actionsRequired", optStr(state.actionsRequired, `${sp}.actionsRequired`));
  }
  return out;
}

function userAssignedIdentity(value: unknown, path: string): UserAssignedIdentities {
  const o = object(value, path);
  const out: UserAssignedIdentities = {};
  put(out, "principalId", optStr(o.principalId, `${path}.principalId`));
  put(out, "clientId", optStr(o.clientId, `${path}.clientId`));
  return out;
}

function identity(value: unknown, path: string): BatchAccountIdentity | undefined {
  const o = optObject(value, path);
  if (o === undefined) return undefined;
  const out: BatchAccountIdentity = { type: str(o.type, `${path}.type`) };
  put(out, "principalId", optStr(o.principalId, `${path}.principalId`));
  put(out, "tenantId", optStr(o.tenantId, `${path}.tenantId`));
  const users = optObject(o.userAssignedIdentities, `${path}.userAssignedIdentities`);
  if (users !== undefined) {
    const map: Record<string, UserAssignedIdentities> = {};
    for (const key of Object.keys(users)) map[key] = userAssignedIdentity(users[key], `${path}.userAssignedIdentities[${JSON.stringify(key)}]`);
    out.userAssignedIdentities = map;
  }
  return out;
}

const ID_PATTERN = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)$/i;

/** Parses one ARM Batch account (`path` names it in errors, for example `value[3]`). */
export function parseBatchAccount(body: unknown, path = "account"): BatchAccount {
  const o = object(body, path);
  const id = str(o.id, `${path}.id`);
  const match = ID_PATTERN.exec(id);
  if (match === null) {
    throw new BatchLookupError({
      code: "InvalidResponse",
      target: `${path}.id`,
      message: `Azure Resource Manager returned a Batch account whose ${path}.id ${JSON.stringify(id)} is not a Microsoft.Batch/batchAccounts resource id.`,
    });
  }
  const props = optObject(o.properties, `${path}.properties`) ?? {};
  const pp = `${path}.properties`;
  const account: BatchAccount = {
    id,
    name: optStr(o.name, `${path}.name`) ?? match[3]!,
    type: optStr(o.type, `${path}.type`) ?? "Microsoft.Batch/batchAccounts",
    location: str(o.location, `${path}.location`),
    publicNetworkAccess: optStr(props.publicNetworkAccess, `${pp}.publicNetworkAccess`) ?? "Enabled",
    subscriptionId: match[1]!,
    resourceGroupName: match[2]!,
    azureApiVersion: BATCH_API_VERSION,
  };
  put(account, "tags", optStringMap(o.tags, `${path}.tags`));
  put(account, "identity", identity(o.identity, `${path}.identity`));
  put(account, "accountEndpoint", optStr(props.accountEndpoint, `${pp}.accountEndpoint`));
  put(account, "nodeManagementEndpoint", optStr(props.nodeManagementEndpoint, `${pp}.nodeManagementEndpoint`));
  put(account, "provisioningState", optStr(props.provisioningState, `${pp}.provisioningState`));
  put(account, "poolAllocationMode", optStr(props.poolAllocationMode, `${pp}.poolAllocationMode`));
  const kv = optObject(props.keyVaultReference, `${pp}.keyVaultReference`);
  if (kv !== undefined) {
    account.keyVaultReference = {
      id: str(kv.id, `${pp}.keyVaultReference.id`),
      url: str(kv.url, `${pp}.keyVaultReference.url`),
    };
  }
  put(account, "networkProfile", networkProfile(props.networkProfile, `${pp}.networkProfile`));
  put(
    account,
    "privateEndpointConnections",
    optArray(props.privateEndpointConnections, `${pp}.privateEndpointConnections`, privateEndpointConnection),
  );
  put(account, "autoStorage", autoStorage(props.autoStorage, `${pp}.autoStorage`));
  put(account, "encryption", encryption(props.encryption, `${pp}.encryption`));
  put(account, "dedicatedCoreQuota", optInt(props.dedicatedCoreQuota, `${pp}.dedicatedCoreQuota`));
  put(account, "lowPriorityCoreQuota", optInt(props.lowPriorityCoreQuota, `${pp}.lowPriorityCoreQuota`));
  put(
    account,
    "dedicatedCoreQuotaPerVMFamily",
    optArray(props.dedicatedCoreQuotaPerVMFamily, `${pp}.dedicatedCoreQuotaPerVMFamily`, coreQuota),
  );
  put(
    account,
    "dedicatedCoreQuotaPerVMFamilyEnforced",
    optBool(props.dedicatedCoreQuotaPerVMFamilyEnforced, `${pp}.dedicatedCoreQuotaPerVMFamilyEnforced`),
  );
  put(account, "poolQuota", optInt(props.poolQuota, `${pp}.poolQuota`));
  put(account, "activeJobAndJobScheduleQuota", optInt(props.activeJobAndJobScheduleQuota, `${pp}.activeJobAndJobScheduleQuota`));
  put(
    account,
    "allowedAuthenticationModes",
    optArray(props.allowedAuthenticationModes, `${pp}.allowedAuthenticationModes`, str),
  );
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
  const next = optStr(o.nextLink, "page.nextLink");
  if (next !== undefined && next !== "") page.nextLink = next;
  return page;
}
