// Pieces the azure-native and classic mappings share.

import {
  BATCH_ACCOUNT_RESOURCE_TYPE,
  BATCH_API_VERSION,
  type BatchAccount,
  type EndpointAccessProfile,
  type IPRule,
  type KeyVaultReference,
  type NetworkProfile,
} from "azure-batch-lookup";
import type { ModelPath } from "../unknowns";
import { type InputReader, put } from "./mapped-account";

/** The resource id a declared account will get; its subscription is not known to a policy. */
export function declaredAccountId(resourceGroupName: string | undefined, name: string | undefined): string {
  return `/subscriptions/{subscriptionId}/resourceGroups/${resourceGroupName ?? "{resourceGroupName}"}/providers/${BATCH_ACCOUNT_RESOURCE_TYPE}/${name ?? "{accountName}"}`;
}

/** The value, or the documented default when the input is absent (never when it is only unknown). */
/**
 * The model of a declared account before its properties are mapped: what Azure assigns at creation
 * (id, subscription) is marked not known yet, and so is the name when the input is absent.
 */
export function declaredAccount(
  r: InputReader,
  fields: {
    name: string | undefined;
    resourceName: string | undefined;
    resourceGroupName: string | undefined;
    location: string | undefined;
  },
): BatchAccount {
  const account = {
    id: declaredAccountId(fields.resourceGroupName, fields.name),
    name: fields.name ?? fields.resourceName ?? "",
    type: BATCH_ACCOUNT_RESOURCE_TYPE,
    location: fields.location ?? "",
    subscriptionId: "",
    resourceGroupName: fields.resourceGroupName ?? "",
    azureApiVersion: BATCH_API_VERSION,
  } as BatchAccount;
  for (const path of [["id"], ["subscriptionId"]]) r.markUnknown(path);
  if (fields.name === undefined) r.markUnknown(["name"]);
  return account;
}

/** `keyVaultReference {id, url}`: the same input in both providers. */
export function keyVaultReference(r: InputReader, props: unknown): KeyVaultReference | undefined {
  const kv = r.object(props, "keyVaultReference", ["keyVaultReference"]);
  if (kv === undefined) return undefined;
  const out = {} as KeyVaultReference;
  put(out, "id", r.string(kv, "id", ["keyVaultReference", "id"]));
  put(out, "url", r.string(kv, "url", ["keyVaultReference", "url"]));
  return out;
}

export function orDefault<T>(r: InputReader, value: T | undefined, path: ModelPath, fallback: T): T | undefined {
  if (value !== undefined) return value;
  return r.isUnknown(path) ? undefined : fallback;
}

export interface NetworkProfileNames {
  /** The input key of an IP rule's address range: `value` (azure-native) or `ipRange` (classic). */
  ipRuleValueKey: string;
  /** Default of an absent `defaultAction` (classic: `Deny`; azure-native: none, the property is required). */
  defaultActionDefault?: string;
  /** Default of an absent IP rule `action` (classic: `Allow`). */
  ipRuleActionDefault?: string;
}

/** Maps `networkProfile {accountAccess, nodeManagementAccess}` (the same shape in both providers). */
export function networkProfile(r: InputReader, props: unknown, names: NetworkProfileNames): NetworkProfile | undefined {
  const o = r.object(props, "networkProfile", ["networkProfile"]);
  if (o === undefined) return undefined;
  const out: NetworkProfile = {};
  for (const endpoint of ["accountAccess", "nodeManagementAccess"] as const) {
    put(out, endpoint, endpointAccessProfile(r, o, endpoint, names));
  }
  return out;
}

function endpointAccessProfile(r: InputReader, parent: object, key: string, names: NetworkProfileNames): EndpointAccessProfile | undefined {
  const path = ["networkProfile", key];
  const o = r.object(parent, key, path);
  if (o === undefined) return undefined;
  const defaultActionPath = [...path, "defaultAction"];
  const defaultAction = r.string(o, "defaultAction", defaultActionPath);
  const profile = {} as EndpointAccessProfile;
  put(
    profile,
    "defaultAction",
    names.defaultActionDefault === undefined ? defaultAction : orDefault(r, defaultAction, defaultActionPath, names.defaultActionDefault),
  );
  const rules = r.array(o, "ipRules", [...path, "ipRules"], (rule, rulePath): IPRule | undefined => {
    if (rule === null || typeof rule !== "object") return undefined;
    const out = {} as IPRule;
    const actionPath = [...rulePath, "action"];
    const action = r.string(rule, "action", actionPath);
    put(out, "action", names.ipRuleActionDefault === undefined ? action : orDefault(r, action, actionPath, names.ipRuleActionDefault));
    put(out, "value", r.string(rule, names.ipRuleValueKey, [...rulePath, "value"]));
    return out;
  });
  put(profile, "ipRules", rules);
  return profile;
}
