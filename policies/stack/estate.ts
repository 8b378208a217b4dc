// The Batch estate a stack shows: its Batch accounts (declared or referenced), and the resources
// that belong to them by target (diagnostic settings, private endpoints, DNS zone groups). A
// resource targets an account when its target property depends on the account's resource (the
// usual `resourceUri: account.id`), or when it holds the account's id (case-insensitively, as ARM
// compares ids).

import { mapResource } from "../mapping";
import { accountLabel, InputReader } from "../mapping/mapped-account";
import {
  AZURE_NATIVE_DIAGNOSTIC_SETTING,
  AZURE_NATIVE_PRIVATE_DNS_ZONE_GROUP,
  AZURE_NATIVE_PRIVATE_ENDPOINT,
  AZURE_NATIVE_V2_DIAGNOSTIC_SETTING,
  CLASSIC_DIAGNOSTIC_SETTING,
  CLASSIC_PRIVATE_ENDPOINT,
} from "../resource-types";
import { pathKey } from "../unknowns";

/** A resource as a stack policy sees it (the shape of @pulumi/policy's PolicyResource that is used). */
export interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  /** Input name → URNs of the resources that input's value depends on. */
  propertyDependencies?: Record<string, readonly { urn: string }[]>;
}

export interface EstateAccount {
  urn: string;
  label: string;
  /** The account's ARM id when known (an existing account's, or a declared account's output). */
  id?: string;
  /** publicNetworkAccess, or undefined while not known. */
  publicNetworkAccess?: string;
  /** The account exists in Azure (BatchAccountReference). */
  existing: boolean;
  /** Statuses of its private endpoint connections (existing accounts). */
  connectionStatuses: string[];
}

export interface DiagnosticSettingView {
  urn: string;
  name: string;
  /** The target resource's id when known. */
  targetId?: string;
  /** The target input's dependencies. */
  targetUrns: string[];
  /** Log categories (or category groups) sent somewhere. */
  enabledLogs: string[];
  /** A destination (workspace, storage account, event hub, partner solution) is set. */
  hasDestination: boolean;
}

export interface PrivateEndpointView {
  urn: string;
  name: string;
  /** One per service connection. */
  connections: { targetId?: string; targetUrns: string[]; groupIds: string[]; manual: boolean }[];
  /** Private DNS zone ids of the endpoint's own zone group (classic `privateDnsZoneGroup`). */
  inlineDnsZoneIds: string[];
  /** The endpoint's Azure name when known (azure-native `privateEndpointName`, classic `name`). */
  armName?: string;
}

export interface DnsZoneGroupView {
  urn: string;
  /** The endpoint's name when known, and the resources the name depends on. */
  endpointName?: string;
  endpointUrns: string[];
  zoneIds: string[];
}

export interface BatchEstate {
  /**
   * Where the estate comes from: a stack's resources (default), or Azure as the audit reads it
   * (listed-estate.ts), where an account's connections are what Azure holds and nothing is declared.
   */
  source?: "stack" | "azure";
  accounts: EstateAccount[];
  diagnosticSettings: DiagnosticSettingView[];
  privateEndpoints: PrivateEndpointView[];
  dnsZoneGroups: DnsZoneGroupView[];
  /** Resource names by URN (for matching endpoint names). */
  names: ReadonlyMap<string, string>;
}

function urnsOf(resource: StackResource, key: string): string[] {
  return (resource.propertyDependencies?.[key] ?? []).map((d) => d.urn);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function account(resource: StackResource): EstateAccount | undefined {
  const mapped = mapResource(resource.type, resource.props, resource.name);
  if (mapped === undefined) return undefined;
  const r = new InputReader();
  const id = mapped.existing ? str(mapped.account.id) : str(r.value(resource.props, "id", ["id"]));
  const pna = mapped.unknown.has(pathKey(["publicNetworkAccess"])) ? undefined : (mapped.account.publicNetworkAccess ?? "Enabled");
  // A stack policy sees outputs, where azure-native shows the account's name as `name`.
  const outputName = str(r.value(resource.props, "name", ["name"]));
  const out: EstateAccount = {
    urn: resource.urn,
    label:
      mapped.label.startsWith("Batch account of resource") && outputName !== undefined
        ? accountLabel(outputName, resource.name)
        : mapped.label,
    existing: mapped.existing,
    connectionStatuses: (mapped.account.privateEndpointConnections ?? []).map(
      (c) => c.privateLinkServiceConnectionState?.status ?? "absent",
    ),
  };
  if (id !== undefined && !id.includes("{")) out.id = id;
  if (pna !== undefined) out.publicNetworkAccess = pna;
  return out;
}

function list(r: InputReader, obj: unknown, key: string): unknown[] {
  const v = r.value(obj, key, [key]);
  return Array.isArray(v) ? v.map((_, i) => r.value(v, i, [key, i])) : [];
}

function diagnosticSetting(resource: StackResource): DiagnosticSettingView | undefined {
  const r = new InputReader();
  const p = resource.props;
  if (resource.type === AZURE_NATIVE_DIAGNOSTIC_SETTING || resource.type === AZURE_NATIVE_V2_DIAGNOSTIC_SETTING) {
    const logs = list(r, p, "logs").filter((l) => r.value(l, "enabled", ["enabled"]) === true);
    const view: DiagnosticSettingView = {
      urn: resource.urn,
      name: resource.name,
      targetUrns: urnsOf(resource, "resourceUri"),
      enabledLogs: logs.map((l) => str(r.value(l, "categoryGroup", ["g"])) ?? str(r.value(l, "category", ["c"])) ?? "(unnamed)"),
      hasDestination: ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"].some(
        (k) => r.value(p, k, [k]) !== undefined,
      ),
    };
    const target = str(r.value(p, "resourceUri", ["resourceUri"]));
    if (target !== undefined) view.targetId = target;
    return view;
  }
  if (resource.type === CLASSIC_DIAGNOSTIC_SETTING) {
    // `enabledLogs` blocks are enabled by being there; the deprecated `logs` blocks carry `enabled`.
    const enabled = list(r, p, "enabledLogs");
    const legacy = list(r, p, "logs").filter((l) => r.value(l, "enabled", ["enabled"]) !== false);
    const view: DiagnosticSettingView = {
      urn: resource.urn,
      name: resource.name,
      targetUrns: urnsOf(resource, "targetResourceId"),
      enabledLogs: [...enabled, ...legacy].map(
        (l) => str(r.value(l, "categoryGroup", ["g"])) ?? str(r.value(l, "category", ["c"])) ?? "(unnamed)",
      ),
      hasDestination: ["logAnalyticsWorkspaceId", "storageAccountId", "eventhubAuthorizationRuleId", "partnerSolutionId"].some(
        (k) => r.value(p, k, [k]) !== undefined,
      ),
    };
    const target = str(r.value(p, "targetResourceId", ["targetResourceId"]));
    if (target !== undefined) view.targetId = target;
    return view;
  }
  return undefined;
}

function privateEndpoint(resource: StackResource): PrivateEndpointView | undefined {
  const r = new InputReader();
  const p = resource.props;
  if (resource.type === AZURE_NATIVE_PRIVATE_ENDPOINT) {
    const urns = [...urnsOf(resource, "privateLinkServiceConnections"), ...urnsOf(resource, "manualPrivateLinkServiceConnections")];
    const connections = [
      ...list(r, p, "privateLinkServiceConnections").map((c) => ({ c, manual: false })),
      ...list(r, p, "manualPrivateLinkServiceConnections").map((c) => ({ c, manual: true })),
    ].map(({ c, manual }) => {
      const groupIds = list(r, c, "groupIds").filter((g): g is string => typeof g === "string");
      const conn: PrivateEndpointView["connections"][number] = { targetUrns: urns, groupIds, manual };
      const target = str(r.value(c, "privateLinkServiceId", ["id"]));
      if (target !== undefined) conn.targetId = target;
      return conn;
    });
    const view: PrivateEndpointView = { urn: resource.urn, name: resource.name, connections, inlineDnsZoneIds: [] };
    const armName = str(r.value(p, "privateEndpointName", ["n"]));
    if (armName !== undefined) view.armName = armName;
    return view;
  }
  if (resource.type === CLASSIC_PRIVATE_ENDPOINT) {
    const c = r.value(p, "privateServiceConnection", ["c"]);
    const connections: PrivateEndpointView["connections"] = [];
    if (c !== undefined && c !== null && typeof c === "object") {
      const conn: PrivateEndpointView["connections"][number] = {
        targetUrns: urnsOf(resource, "privateServiceConnection"),
        groupIds: list(r, c, "subresourceNames").filter((g): g is string => typeof g === "string"),
        manual: r.value(c, "isManualConnection", ["m"]) === true,
      };
      const target = str(r.value(c, "privateConnectionResourceId", ["id"]));
      if (target !== undefined) conn.targetId = target;
      connections.push(conn);
    }
    const group = r.value(p, "privateDnsZoneGroup", ["g"]);
    const zoneIds =
      group === undefined ? [] : list(r, group, "privateDnsZoneIds").map((z) => (typeof z === "string" ? z : "(not known yet)"));
    const view: PrivateEndpointView = { urn: resource.urn, name: resource.name, connections, inlineDnsZoneIds: zoneIds };
    const armName = str(r.value(p, "name", ["n"]));
    if (armName !== undefined) view.armName = armName;
    return view;
  }
  return undefined;
}

function dnsZoneGroup(resource: StackResource): DnsZoneGroupView | undefined {
  if (resource.type !== AZURE_NATIVE_PRIVATE_DNS_ZONE_GROUP) return undefined;
  const r = new InputReader();
  const p = resource.props;
  const view: DnsZoneGroupView = {
    urn: resource.urn,
    endpointUrns: urnsOf(resource, "privateEndpointName"),
    zoneIds: list(r, p, "privateDnsZoneConfigs").map((c) => str(r.value(c, "privateDnsZoneId", ["z"])) ?? "(not known yet)"),
  };
  const name = str(r.value(p, "privateEndpointName", ["n"]));
  if (name !== undefined) view.endpointName = name;
  return view;
}

export function buildEstate(resources: readonly StackResource[]): BatchEstate {
  const estate: BatchEstate = {
    accounts: [],
    diagnosticSettings: [],
    privateEndpoints: [],
    dnsZoneGroups: [],
    names: new Map(resources.map((r) => [r.urn, r.name])),
  };
  for (const resource of resources) {
    const a = account(resource);
    if (a !== undefined) estate.accounts.push(a);
    const d = diagnosticSetting(resource);
    if (d !== undefined) estate.diagnosticSettings.push(d);
    const e = privateEndpoint(resource);
    if (e !== undefined) estate.privateEndpoints.push(e);
    const g = dnsZoneGroup(resource);
    if (g !== undefined) estate.dnsZoneGroups.push(g);
  }
  return estate;
}

/** "in the stack", or "in Azure" for an estate read from Azure: where a message says something was looked for. */
export function whereIn(estate: BatchEstate): string {
  return estate.source === "azure" ? "in Azure" : "in the stack";
}

/** The resource (its target id, or its target input's dependencies) points at the account. */
export function targets(account: EstateAccount, target: { targetId?: string; targetUrns: readonly string[] }): boolean {
  if (target.targetUrns.includes(account.urn)) return true;
  return account.id !== undefined && target.targetId !== undefined && account.id.toLowerCase() === target.targetId.toLowerCase();
}
