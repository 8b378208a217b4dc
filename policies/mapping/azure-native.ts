// `azure-native:batch:BatchAccount` inputs → the BatchAccount model.
//
// Inputs (pulumi/pulumi-azure-native sdk/nodejs/batch/batchAccount.ts, BatchAccountArgs, and the
// batch input types): accountName, resourceGroupName, location, tags, identity {type,
// userAssignedIdentities: string[] (ids)}, autoStorage {storageAccountId, authenticationMode,
// nodeIdentityReference {resourceId}}, encryption {keySource, keyVaultProperties {keyIdentifier}},
// keyVaultReference {id, url}, networkProfile {accountAccess, nodeManagementAccess: {defaultAction,
// ipRules [{action, value}]}}, poolAllocationMode, publicNetworkAccess, allowedAuthenticationModes.
// The names are the model's (both follow the REST schema), except accountName → name.
//
// Documented defaults applied to absent inputs: publicNetworkAccess "Enabled" ("If not specified,
// the default value is 'enabled'"), poolAllocationMode "BatchService" ("The default is
// BatchService"), autoStorage.authenticationMode "StorageKeys" (the SDK's
// autoStorageBasePropertiesArgsProvideDefaults). An absent location means the resource group's,
// which a policy cannot know: it is reported as not known yet. Output-only properties (id,
// provisioningState, privateEndpointConnections, quotas, lastKeySync) are not inputs.

import {
  type AutoStorageProperties,
  type BatchAccountIdentity,
  DOCUMENTED_DEFAULTS,
  type EncryptionProperties,
  type UserAssignedIdentities,
} from "azure-batch-lookup";
import { AZURE_NATIVE_BATCH_ACCOUNT } from "../resource-types";
import { declaredAccount, keyVaultReference, networkProfile, orDefault } from "./common";
import { accountLabel, InputReader, type MappedAccount, put } from "./mapped-account";

/** Maps the inputs of an `azure-native:batch:BatchAccount` (as `args.props` shows them) onto the model. */
export function mapAzureNativeInputs(props: unknown, resourceName?: string): MappedAccount {
  const r = new InputReader();
  const name = r.string(props, "accountName", ["name"]);
  const resourceGroupName = r.string(props, "resourceGroupName", ["resourceGroupName"]);
  const location = r.string(props, "location", ["location"]);
  if (location === undefined) r.markUnknown(["location"]); // absent: the resource group's location

  const account = declaredAccount(r, { name, resourceName, resourceGroupName, location });

  put(
    account,
    "publicNetworkAccess",
    orDefault(
      r,
      r.string(props, "publicNetworkAccess", ["publicNetworkAccess"]),
      ["publicNetworkAccess"],
      DOCUMENTED_DEFAULTS.publicNetworkAccess,
    ),
  );
  put(
    account,
    "poolAllocationMode",
    orDefault(r, r.string(props, "poolAllocationMode", ["poolAllocationMode"]), ["poolAllocationMode"], "BatchService"),
  );
  put(account, "tags", r.stringMap(props, "tags", ["tags"]));
  put(account, "identity", identity(r, props));
  put(account, "autoStorage", autoStorage(r, props));
  put(account, "encryption", encryption(r, props));
  put(account, "keyVaultReference", keyVaultReference(r, props));
  put(account, "networkProfile", networkProfile(r, props, { ipRuleValueKey: "value" }));
  put(account, "allowedAuthenticationModes", r.stringArray(props, "allowedAuthenticationModes", ["allowedAuthenticationModes"]));

  return {
    source: "azure-native",
    resourceType: AZURE_NATIVE_BATCH_ACCOUNT,
    account,
    unknown: r.unknown,
    existing: false,
    label: accountLabel(name, resourceName),
    inputNames: { name: "accountName" },
  };
}

function identity(r: InputReader, props: unknown): BatchAccountIdentity | undefined {
  const o = r.object(props, "identity", ["identity"]);
  if (o === undefined) return undefined;
  const out = {} as BatchAccountIdentity;
  put(out, "type", r.string(o, "type", ["identity", "type"]));
  put(out, "userAssignedIdentities", userAssignedIdentities(r, o, "userAssignedIdentities", ["identity", "userAssignedIdentities"]));
  return out;
}

/**
 * `string[]` of identity resource ids (azure-native v3 inputs), or a map keyed by id (the REST
 * shape) → the model's map keyed by id. An id that is not known yet gets a placeholder key (so the
 * number of identities stays right) whose value reads as not known.
 */
export function userAssignedIdentities(
  r: InputReader,
  parent: object,
  key: string,
  path: string[],
): Record<string, UserAssignedIdentities> | undefined {
  const raw = r.value(parent, key, path);
  if (raw === undefined) return undefined;
  const out: Record<string, UserAssignedIdentities> = {};
  if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i++) {
      const id = r.value(raw, i, [...path, i]);
      if (typeof id === "string") out[id] = {};
      else if (r.isUnknown([...path, i])) {
        const placeholder = `(identity ${i}, not known yet)`;
        out[placeholder] = {};
        r.markUnknown([...path, placeholder]);
      }
    }
    return out;
  }
  if (raw !== null && typeof raw === "object") {
    for (const id of Object.keys(raw)) out[id] = {};
    return out;
  }
  return undefined;
}

function autoStorage(r: InputReader, props: unknown): AutoStorageProperties | undefined {
  const o = r.object(props, "autoStorage", ["autoStorage"]);
  if (o === undefined) return undefined;
  const out = {} as AutoStorageProperties;
  put(out, "storageAccountId", r.string(o, "storageAccountId", ["autoStorage", "storageAccountId"]));
  const modePath = ["autoStorage", "authenticationMode"];
  put(
    out,
    "authenticationMode",
    orDefault(r, r.string(o, "authenticationMode", modePath), modePath, DOCUMENTED_DEFAULTS.autoStorageAuthenticationMode),
  );
  const node = r.object(o, "nodeIdentityReference", ["autoStorage", "nodeIdentityReference"]);
  if (node !== undefined) {
    out.nodeIdentityReference = {};
    put(out.nodeIdentityReference, "resourceId", r.string(node, "resourceId", ["autoStorage", "nodeIdentityReference", "resourceId"]));
  }
  r.markUnknown(["autoStorage", "lastKeySync"]); // set by Azure
  return out;
}

function encryption(r: InputReader, props: unknown): EncryptionProperties | undefined {
  const o = r.object(props, "encryption", ["encryption"]);
  if (o === undefined) return undefined;
  const out: EncryptionProperties = {};
  put(out, "keySource", r.string(o, "keySource", ["encryption", "keySource"]));
  const kv = r.object(o, "keyVaultProperties", ["encryption", "keyVaultProperties"]);
  if (kv !== undefined) {
    out.keyVaultProperties = {};
    put(out.keyVaultProperties, "keyIdentifier", r.string(kv, "keyIdentifier", ["encryption", "keyVaultProperties", "keyIdentifier"]));
  }
  return out;
}
