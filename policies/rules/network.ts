// Network exposure: public network access, the network profile's rules when public access is on,
// and private link.

import type { BatchAccount, EndpointAccessProfile, PublicNetworkAccessType } from "azure-batch-lookup";
import { allOf, defineRule, type Finding, finding, notApplicable, type Remediation, show } from "../rule";
import { azurePolicy, checkov, mcsb } from "./anchors";
import { ipv4PrefixLength } from "./cidr";
import { enumIn, sameEnum } from "./enums";

// ---------------------------------------------------------------------------------------------
// batch-public-network-access-disabled

export interface PublicNetworkAccessConfig {
  /** Values of publicNetworkAccess that pass; an absent value means "Enabled". */
  allowedValues: PublicNetworkAccessType[];
}

// What built-in c520cefc ("Configure Batch accounts to disable public network access", Modify) does.
const disableNative: Remediation<PublicNetworkAccessConfig> = (props, account, config) => {
  if (!config.allowedValues.includes("Disabled") || enumIn(account.publicNetworkAccess, config.allowedValues)) return false;
  props.publicNetworkAccess = "Disabled";
  return true;
};

const disableClassic: Remediation<PublicNetworkAccessConfig> = (props, account, config) => {
  if (!config.allowedValues.includes("Disabled") || enumIn(account.publicNetworkAccess, config.allowedValues)) return false;
  props.publicNetworkAccessEnabled = false;
  return true;
};

export const publicNetworkAccessDisabled = defineRule<PublicNetworkAccessConfig>({
  name: "batch-public-network-access-disabled",
  description: "Batch accounts have publicNetworkAccess in allowedValues (default: Disabled; any case); an absent value means Enabled.",
  displayName: "Public network access disabled",
  enforcementLevel: "advisory",
  severity: "high",
  concern: "network",
  scope: "any",
  anchors: [
    azurePolicy(
      "74c5a0ae-5e48-4738-b093-65e23a060488",
      "Public network access should be disabled for Batch accounts",
      "same verdict by default; allowing SecuredByPerimeter (or Enabled) through allowedValues is looser than the built-in",
    ),
    azurePolicy(
      "c520cefc-285f-40f3-86e2-2efc38ef1f64",
      "Configure Batch accounts to disable public network access",
      'its Modify effect (publicNetworkAccess "Disabled") is what this rule\'s remediation does',
    ),
    mcsb("NS-2"),
  ],
  remediationSteps:
    'Set publicNetworkAccess to "Disabled" (classic provider: publicNetworkAccessEnabled = false) and reach the account through a private endpoint; allow "SecuredByPerimeter" in the options where a network security perimeter governs access.',
  options: {
    allowedValues: {
      type: "array",
      items: { type: "string", enum: ["Disabled", "SecuredByPerimeter", "Enabled"] },
      minItems: 1,
      uniqueItems: true,
      default: ["Disabled"],
      description: 'Values of publicNetworkAccess that pass, for example ["Disabled", "SecuredByPerimeter"].',
    },
  },
  check(account: BatchAccount, config: PublicNetworkAccessConfig) {
    const value = account.publicNetworkAccess ?? "Enabled";
    if (enumIn(value, config.allowedValues)) return [];
    return [finding("publicNetworkAccess", `publicNetworkAccess is ${show(value)} (allowed: ${show(config.allowedValues)}).`)];
  },
  remediate: { "azure-native": disableNative, classic: disableClassic },
});

// ---------------------------------------------------------------------------------------------
// batch-network-rules-restricted

export type Endpoint = "accountAccess" | "nodeManagementAccess";

export interface NetworkRulesConfig {
  /** The widest IP rule allowed, as a prefix length: 16 allows a /16 or narrower and rejects 0.0.0.0/0. */
  minimumPrefixLength: number;
  /** The endpoints whose access profile is checked. */
  endpoints: Endpoint[];
}

const ENDPOINT_NAMES: Record<Endpoint, string> = {
  accountAccess: "Batch account (data plane)",
  nodeManagementAccess: "node management",
};

function checkEndpoint(profile: EndpointAccessProfile | undefined, endpoint: Endpoint, config: NetworkRulesConfig): Finding[] {
  const base = `networkProfile.${endpoint}`;
  if (profile === undefined) {
    return [
      finding(
        base,
        `${base} is not set, so the ${ENDPOINT_NAMES[endpoint]} endpoint accepts every address while publicNetworkAccess is "Enabled".`,
      ),
    ];
  }
  return allOf(
    () =>
      sameEnum(profile.defaultAction, "Deny")
        ? undefined
        : finding(
            `${base}.defaultAction`,
            `${base}.defaultAction is ${show(profile.defaultAction)}; it must be "Deny" while publicNetworkAccess is "Enabled".`,
          ),
    () =>
      (profile.ipRules ?? []).flatMap((rule, i) => {
        const property = `${base}.ipRules[${i}].value`;
        const prefix = typeof rule.value === "string" ? ipv4PrefixLength(rule.value) : undefined;
        if (prefix === undefined)
          return [finding(property, `${property} is ${show(rule.value)}, which is not an IPv4 address or CIDR range.`)];
        if (prefix < config.minimumPrefixLength) {
          return [
            finding(property, `${property} is ${show(rule.value)}, wider than /${config.minimumPrefixLength} (the widest range allowed).`),
          ];
        }
        return [];
      }),
  );
}

export const networkRulesRestricted = defineRule<NetworkRulesConfig>({
  name: "batch-network-rules-restricted",
  description:
    "When publicNetworkAccess is Enabled (any case), each configured endpoint profile has defaultAction Deny and no IP rule wider than minimumPrefixLength.",
  displayName: "Network rules restricted",
  enforcementLevel: "mandatory",
  severity: "high",
  concern: "network",
  scope: "any",
  anchors: [
    checkov(
      "CKV_AZURE_248",
      "Ensure that if Azure Batch account public network access in case 'enabled' then its account access must be 'deny'",
      "this rule also checks nodeManagementAccess and the width of IP rules (stricter); it treats SecuredByPerimeter as not applicable, where CKV_AZURE_248 fails it (looser)",
    ),
    mcsb("NS-2"),
  ],
  remediationSteps:
    'Set networkProfile.accountAccess and networkProfile.nodeManagementAccess to defaultAction "Deny" with ipRules listing only the client ranges that need access (no 0.0.0.0/0), or disable public network access.',
  options: {
    minimumPrefixLength: {
      type: "integer",
      minimum: 0,
      maximum: 32,
      default: 16,
      description: "The widest IP rule allowed, as a prefix length (16 allows /16 and narrower; 0 allows anything).",
    },
    endpoints: {
      type: "array",
      items: { type: "string", enum: ["accountAccess", "nodeManagementAccess"] },
      uniqueItems: true,
      default: ["accountAccess", "nodeManagementAccess"],
      description: "The endpoint access profiles to check.",
    },
  },
  check(account: BatchAccount, config: NetworkRulesConfig) {
    const access = account.publicNetworkAccess ?? "Enabled";
    if (!sameEnum(access, "Enabled"))
      return notApplicable(`publicNetworkAccess is ${show(access)}, so the network profile does not apply.`);
    return allOf(...config.endpoints.map((endpoint) => () => checkEndpoint(account.networkProfile?.[endpoint], endpoint, config)));
  },
});

// ---------------------------------------------------------------------------------------------
// batch-private-link-approved

export interface PrivateLinkConfig {
  /** How many private endpoint connections must be in status Approved. */
  minimumApprovedConnections: number;
}

export const privateLinkApproved = defineRule<PrivateLinkConfig>({
  name: "batch-private-link-approved",
  description:
    "An existing Batch account has at least minimumApprovedConnections private endpoint connections in status Approved (any case).",
  displayName: "Private link approved",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "network",
  scope: "existing",
  anchors: [
    azurePolicy("009a0c92-f5b4-4776-9b66-4ed2b4775563", "Private endpoint connections on Batch accounts should be enabled"),
    mcsb("NS-2"),
  ],
  remediationSteps:
    "Create a private endpoint for the account (group id batchAccount) in the clients' virtual network and approve the connection on the account.",
  options: {
    minimumApprovedConnections: {
      type: "integer",
      minimum: 1,
      default: 1,
      description: "How many private endpoint connections must be in status Approved.",
    },
  },
  check(account: BatchAccount, config: PrivateLinkConfig) {
    const connections = account.privateEndpointConnections ?? [];
    const statuses = connections.map((c) => c.privateLinkServiceConnectionState?.status);
    const approved = statuses.filter((s) => sameEnum(s, "Approved")).length;
    if (approved >= config.minimumApprovedConnections) return [];
    const seen = connections.length === 0 ? "there are none" : `statuses: ${show(statuses)}`;
    return [
      finding(
        "privateEndpointConnections",
        `privateEndpointConnections has ${approved} connection(s) in status "Approved", ${config.minimumApprovedConnections} required (${seen}).`,
      ),
    ];
  },
});

export const networkRules = [publicNetworkAccessDisabled, networkRulesRestricted, privateLinkApproved];
