// Private DNS Zone Groups - List (Microsoft.Network, api-version 2026-01-01, the version
// @azure/arm-network 39 sends), paged by nextLink: the DNS zone groups of one private endpoint.
// A group's id is not checked against the endpoint's: the official example of this operation lists
// groups whose ids name a privateLinkServices parent, so ARM's ids cannot be relied on for that.

import {
  ESTATE_READ_ACTIONS,
  PRIVATE_DNS_ZONE_GROUPS_API_VERSION,
  type PrivateDnsZoneConfig,
  type PrivateDnsZoneGroup,
  type RecordSet,
} from "../model/estate";
import {
  at,
  checked,
  itemAt,
  type ListPage,
  object,
  optArray,
  optInt,
  optObject,
  optStr,
  readListPage,
  str,
  strItem,
} from "../model/json-check";
import { nextLinkList } from "./arm-paging";
import { readAdvice } from "./estate-advice";
import type { ListOperation } from "./operation";

const RULE = `the ${PRIVATE_DNS_ZONE_GROUPS_API_VERSION} PrivateDnsZoneGroup schema requires`;

/** A private endpoint: its subscription, resource group and name. */
export interface PrivateEndpointKey {
  subscriptionId: string;
  resourceGroupName: string;
  privateEndpointName: string;
}

const ENDPOINT_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateEndpoints\/([^/]+)$/i;

/** The key of a private endpoint's ARM id, or undefined when it is not one. */
export function parsePrivateEndpointId(id: string): PrivateEndpointKey | undefined {
  const m = ENDPOINT_ID.exec(id);
  return m === null ? undefined : { subscriptionId: m[1]!, resourceGroupName: m[2]!, privateEndpointName: m[3]! };
}

export function privateEndpointId(key: PrivateEndpointKey): string {
  return `/subscriptions/${key.subscriptionId}/resourceGroups/${key.resourceGroupName}/providers/Microsoft.Network/privateEndpoints/${key.privateEndpointName}`;
}

export function privateDnsZoneGroupsUrl(endpoint: string, key: PrivateEndpointKey): string {
  return (
    `${endpoint}/subscriptions/${key.subscriptionId}/resourceGroups/${encodeURIComponent(key.resourceGroupName)}` +
    `/providers/Microsoft.Network/privateEndpoints/${encodeURIComponent(key.privateEndpointName)}/privateDnsZoneGroups` +
    `?api-version=${PRIVATE_DNS_ZONE_GROUPS_API_VERSION}`
  );
}

function recordSet(value: unknown, base: string, key: string, index: number): RecordSet {
  const path = itemAt(base, key, index);
  const o = object(value, path);
  const out: RecordSet = {};
  for (const field of ["recordType", "recordSetName", "fqdn", "provisioningState"] as const) {
    const v = optStr(o[field], path, field);
    if (v !== undefined) out[field] = v;
  }
  const ttl = optInt(o.ttl, path, "ttl");
  if (ttl !== undefined) out.ttl = ttl;
  const ips = optArray(o.ipAddresses, path, "ipAddresses", strItem);
  if (ips !== undefined) out.ipAddresses = ips;
  return out;
}

function zoneConfig(value: unknown, base: string, key: string, index: number): PrivateDnsZoneConfig {
  const path = itemAt(base, key, index);
  const o = object(value, path);
  const out: PrivateDnsZoneConfig = {};
  const name = optStr(o.name, path, "name");
  if (name !== undefined) out.name = name;
  const p = optObject(o.properties, path, "properties");
  if (p === undefined) return out;
  const pp = at(path, "properties");
  const zoneId = optStr(p.privateDnsZoneId, pp, "privateDnsZoneId");
  if (zoneId !== undefined) out.privateDnsZoneId = zoneId;
  const sets = optArray(p.recordSets, pp, "recordSets", recordSet);
  if (sets !== undefined) out.recordSets = sets;
  return out;
}

/** Reads one zone group (`path` names it in errors). */
export function readPrivateDnsZoneGroup(body: unknown, path: string): PrivateDnsZoneGroup {
  const o = object(body, path);
  const group: PrivateDnsZoneGroup = { id: str(o.id, path, "id"), name: str(o.name, path, "name"), privateDnsZoneConfigs: [] };
  const etag = optStr(o.etag, path, "etag");
  if (etag !== undefined) group.etag = etag;
  const p = optObject(o.properties, path, "properties") ?? {};
  const pp = at(path, "properties");
  const state = optStr(p.provisioningState, pp, "provisioningState");
  if (state !== undefined) group.provisioningState = state;
  group.privateDnsZoneConfigs = optArray(p.privateDnsZoneConfigs, pp, "privateDnsZoneConfigs", zoneConfig) ?? [];
  return group;
}

export type PrivateDnsZoneGroupPage = ListPage<PrivateDnsZoneGroup>;

export function parsePrivateDnsZoneGroupPage(body: unknown, offset = 0): PrivateDnsZoneGroupPage {
  return checked(
    () => readListPage(body, offset, readPrivateDnsZoneGroup),
    "Azure Resource Manager returned a private DNS zone group list",
    RULE,
  );
}

export function privateDnsZoneGroupsList(endpoint: string, key: PrivateEndpointKey): ListOperation<PrivateDnsZoneGroup> {
  const id = privateEndpointId(key);
  const what = `the private DNS zone groups of private endpoint "${key.privateEndpointName}" in resource group "${key.resourceGroupName}" of subscription ${key.subscriptionId}`;
  const first = {
    url: privateDnsZoneGroupsUrl(endpoint, key),
    what,
    advise: readAdvice(ESTATE_READ_ACTIONS.privateDnsZoneGroups, id, "the private endpoint"),
  };
  return nextLinkList(endpoint, first, parsePrivateDnsZoneGroupPage, (group) => group.id);
}
