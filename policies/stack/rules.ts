// Stack rules: what belongs to a Batch account as a resource of its own (diagnostic settings,
// private endpoints and their DNS zone groups), judged across the stack's resources.

import type { NoOptions } from "../policy-definition";
import { defineStackRule, type StackFinding, show } from "../rule";
import { azurePolicy, mcsb } from "../rules/anchors";
import { enumIn, sameEnum } from "../rules/enums";
import { type BatchEstate, type EstateAccount, type PrivateEndpointView, targets, whereIn } from "./estate";

// ---------------------------------------------------------------------------------------------
// batch-resource-logs-enabled

/** The rule has no options. */
export type ResourceLogsConfig = NoOptions;

export const resourceLogsEnabled = defineStackRule<ResourceLogsConfig>({
  name: "batch-resource-logs-enabled",
  description:
    "Every Batch account the stack declares or references has a diagnostic setting in the stack that enables a log category (or group) and has a destination.",
  displayName: "Resource logs enabled",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "logging",
  anchors: [
    azurePolicy(
      "428256e6-1fac-4f48-a757-df34c2b3336d",
      "Resource logs in Batch accounts should be enabled",
      "the built-in (AuditIfNotExists) also accepts a retention policy of at least requiredRetentionDays; retention on diagnostic settings is retired, so this rule does not check it; it sees only diagnostic settings declared in the same stack",
    ),
    mcsb("LT-4"),
  ],
  remediationSteps:
    'Add a diagnostic setting for the account (azure-native monitor.DiagnosticSetting with resourceUri: account.id and logs [{ categoryGroup: "allLogs", enabled: true }]; classic monitoring.DiagnosticSetting with targetResourceId and enabledLogs) sending to a Log Analytics workspace, storage account or event hub.',
  options: {},
  checkStack(estate: BatchEstate) {
    const findings: StackFinding[] = [];
    for (const account of estate.accounts) {
      const settings = estate.diagnosticSettings.filter((d) => targets(account, d));
      if (settings.some((d) => d.enabledLogs.length > 0 && d.hasDestination)) continue;
      const seen =
        settings.length === 0
          ? `no diagnostic setting ${whereIn(estate)} targets it`
          : `its diagnostic settings (${settings.map((d) => JSON.stringify(d.name)).join(", ")}) enable no log category with a destination`;
      findings.push({ urn: account.urn, message: `${account.label}: resource logs are not enabled: ${seen}.` });
    }
    return findings;
  },
});

// ---------------------------------------------------------------------------------------------
// batch-private-endpoint-dns-zone

export interface PrivateDnsZoneConfig {
  /** Private link sub-resources (group ids) whose endpoints need a DNS zone group. */
  groupIds: ("batchAccount" | "nodeManagement")[];
}

function batchConnections(endpoint: PrivateEndpointView, groupIds: readonly string[]) {
  return endpoint.connections.filter((c) => c.groupIds.some((g) => enumIn(g, groupIds)));
}

export const privateEndpointDnsZone = defineStackRule<PrivateDnsZoneConfig>({
  name: "batch-private-endpoint-dns-zone",
  description:
    'Private endpoints in the stack to a Batch sub-resource (group id "batchAccount" by default, any case) have a private DNS zone group with a zone.',
  displayName: "Private DNS zone for Batch private endpoints",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "network",
  anchors: [
    azurePolicy(
      "4ec38ebc-381f-45ee-81a4-acbc4be878f8",
      "Deploy - Configure private DNS zones for private endpoints that connect to Batch accounts",
      "the built-in deploys the zone group (DeployIfNotExists); this rule audits that one exists (declared in the stack: azure-native network.PrivateDnsZoneGroup, or the classic endpoint's privateDnsZoneGroup; in an audit: read from Azure). Deliberate deviation: the built-in covers only endpoints with automatic connections (privateLinkServiceConnections) to group id batchAccount; this rule also judges endpoints with manual connections, which resolve the account's name through the same zone once approved, and an audit cannot tell them apart (the account's side of a connection does not say how it was made)",
    ),
    mcsb("NS-2"),
  ],
  remediationSteps:
    'Link the endpoint to the private DNS zone "privatelink.batch.azure.com": azure-native network.PrivateDnsZoneGroup { privateEndpointName, privateDnsZoneConfigs: [{ name, privateDnsZoneId }] }; classic privateEndpoint.privateDnsZoneGroup { name, privateDnsZoneIds }.',
  options: {
    groupIds: {
      type: "array",
      items: { type: "string", enum: ["batchAccount", "nodeManagement"] },
      minItems: 1,
      uniqueItems: true,
      default: ["batchAccount"],
      description: 'Batch private link sub-resources whose endpoints need a DNS zone group (the built-in: ["batchAccount"]).',
    },
  },
  checkStack(estate: BatchEstate, config: PrivateDnsZoneConfig) {
    const findings: StackFinding[] = [];
    for (const endpoint of estate.privateEndpoints) {
      if (batchConnections(endpoint, config.groupIds).length === 0) continue;
      if (endpoint.inlineDnsZoneIds.length > 0) continue;
      const groups = estate.dnsZoneGroups.filter(
        (g) =>
          g.endpointUrns.includes(endpoint.urn) ||
          (g.endpointName !== undefined &&
            endpoint.armName !== undefined &&
            g.endpointName.toLowerCase() === endpoint.armName.toLowerCase()),
      );
      if (groups.some((g) => g.zoneIds.length > 0)) continue;
      findings.push({
        urn: endpoint.urn,
        message: `Private endpoint ${JSON.stringify(endpoint.name)} connects to a Batch account (${show(config.groupIds)}) but has no private DNS zone group with a zone ${whereIn(estate)}.`,
      });
    }
    return findings;
  },
});

// ---------------------------------------------------------------------------------------------
// batch-private-endpoint-for-disabled-access

/** The rule has no options. */
export type PrivateEndpointForDisabledAccessConfig = NoOptions;

function approvedEndpoint(account: EstateAccount, estate: BatchEstate): boolean {
  if (account.connectionStatuses.some((s) => sameEnum(s, "Approved"))) return true;
  // Read from Azure, the account's connections are all there is: nothing is declared yet.
  if (estate.source === "azure") return false;
  // A private endpoint declared with an automatic (not manual) connection to the account is
  // approved on creation when its owner may approve it, as the built-in's deployment assumes.
  return estate.privateEndpoints.some((e) => e.connections.some((c) => !c.manual && targets(account, c)));
}

export const privateEndpointForDisabledAccess = defineStackRule<PrivateEndpointForDisabledAccessConfig>({
  name: "batch-private-endpoint-for-disabled-access",
  description:
    'Batch accounts with publicNetworkAccess "Disabled" (any case) have an Approved private endpoint connection, or an automatic one declared in the stack.',
  displayName: "Private endpoint for accounts without public access",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "network",
  anchors: [
    azurePolicy(
      "0ef5aac7-c064-427a-b87b-d47b3ddcaf73",
      "Configure Batch accounts with private endpoints",
      "only the audit half: the built-in deploys an endpoint (DeployIfNotExists) for accounts whose publicNetworkAccess is Disabled and that have no Approved connection; this rule reports them; a manual connection declared in the stack counts as pending, not Approved",
    ),
    mcsb("NS-2"),
  ],
  remediationSteps:
    'Declare a private endpoint for the account (group id "batchAccount") in the clients\' virtual network with an automatic connection, or approve the pending connection on the account; without one, nothing can reach the account.',
  options: {},
  checkStack(estate: BatchEstate) {
    const findings: StackFinding[] = [];
    for (const account of estate.accounts) {
      if (account.publicNetworkAccess === undefined || !sameEnum(account.publicNetworkAccess, "Disabled")) continue;
      if (approvedEndpoint(account, estate)) continue;
      const statuses = account.connectionStatuses.length === 0 ? "" : ` (connection statuses: ${show(account.connectionStatuses)})`;
      findings.push({
        urn: account.urn,
        message: `${account.label}: publicNetworkAccess is "Disabled" but it has no Approved private endpoint connection${statuses}.`,
      });
    }
    return findings;
  },
});

export const stackRules = [resourceLogsEnabled, privateEndpointDnsZone, privateEndpointForDisabledAccess];
