// What belongs to a Batch account beyond the account resource, as the estate reads return it: its
// pools (Microsoft.Batch, api-version 2024-07-01), its diagnostic settings (Microsoft.Insights)
// and the DNS zone groups of its private endpoints (Microsoft.Network). As for the account, each
// resource's ARM `properties` bag is flattened onto it (azure-native's `batch.getPool`,
// `monitor.getDiagnosticSetting` and `network.getPrivateDnsZoneGroup` results have the same
// names); doc comments are taken from the REST specifications.

import type { Extensible, UserAssignedIdentities } from "./batch-account";

/** The ARM resource type of a Batch pool. */
export const BATCH_POOL_RESOURCE_TYPE = "Microsoft.Batch/batchAccounts/pools";
/** Diagnostic Settings - List: the api-version the official @azure/arm-monitor client sends. */
export const DIAGNOSTIC_SETTINGS_API_VERSION = "2021-05-01-preview";
/** Private DNS Zone Groups - List: the api-version @azure/arm-network 39 sends. */
export const PRIVATE_DNS_ZONE_GROUPS_API_VERSION = "2026-01-01";

/** The RBAC actions each estate read needs (named in 403 messages and in audit reports). */
export const ESTATE_READ_ACTIONS = {
  pools: "Microsoft.Batch/batchAccounts/pools/read",
  diagnosticSettings: "Microsoft.Insights/diagnosticSettings/read",
  privateDnsZoneGroups: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read",
} as const;

export type DiskEncryptionTarget = Extensible<"OsDisk" | "TemporaryDisk">;
export type IPAddressProvisioningType = Extensible<"BatchManaged" | "UserManaged" | "NoPublicIPAddresses">;
export type NodeCommunicationMode = Extensible<"Default" | "Classic" | "Simplified">;
export type PoolProvisioningState = Extensible<"Succeeded" | "Deleting">;
export type AllocationState = Extensible<"Steady" | "Resizing" | "Stopping">;

/** A reference to an Azure Virtual Machines Marketplace image or a Compute Gallery image. */
export interface ImageReference {
  publisher?: string;
  offer?: string;
  sku?: string;
  version?: string;
  /** The ARM resource identifier of a Compute Gallery image. */
  id?: string;
  sharedGalleryImageId?: string;
  communityGalleryImageId?: string;
}

/** The disk encryption configuration applied on compute nodes in the pool. */
export interface DiskEncryptionConfiguration {
  /** On Linux pool, only "TemporaryDisk" is supported; on Windows pool, "OsDisk" and "TemporaryDisk" must be specified. */
  targets?: DiskEncryptionTarget[];
}

export interface VirtualMachineConfiguration {
  imageReference: ImageReference;
  /** The SKU of the Batch node agent to be provisioned on compute nodes in the pool. */
  nodeAgentSkuId: string;
  diskEncryptionConfiguration?: DiskEncryptionConfiguration;
}

export interface DeploymentConfiguration {
  virtualMachineConfiguration?: VirtualMachineConfiguration;
}

/** The public IP address configuration of the networking configuration of a pool. */
export interface PublicIPAddressConfiguration {
  /** The default value is BatchManaged. */
  provision?: IPAddressProvisioningType;
  ipAddressIds?: string[];
}

/** The network configuration for a pool. */
export interface PoolNetworkConfiguration {
  /** The ARM resource identifier of the virtual network subnet which the compute nodes of the pool will join. */
  subnetId?: string;
  dynamicVnetAssignmentScope?: Extensible<"none" | "job">;
  publicIPAddressConfiguration?: PublicIPAddressConfiguration;
  enableAcceleratedNetworking?: boolean;
}

/** A reference to a certificate to be installed on compute nodes in a pool (the feature is retired). */
export interface CertificateReference {
  id: string;
  storeLocation?: Extensible<"CurrentUser" | "LocalMachine">;
  storeName?: string;
  visibility?: Extensible<"StartTask" | "Task" | "RemoteUser">[];
}

/** The identity of a pool, if configured. */
export interface BatchPoolIdentity {
  type: Extensible<"UserAssigned" | "None">;
  userAssignedIdentities?: Record<string, UserAssignedIdentities>;
}

/**
 * A Batch pool (Pool - List By Batch Account, api-version 2024-07-01): the envelope, the account it
 * belongs to (from its id), and the pool properties the policy rules and an inventory need. Pool
 * properties outside this list (start task, scale settings, user accounts, ...) are not read.
 */
export interface BatchPool {
  /** The ARM id of the pool. */
  id: string;
  name: string;
  type: string;
  etag?: string;
  /** From `id`. */
  subscriptionId: string;
  resourceGroupName: string;
  accountName: string;
  identity?: BatchPoolIdentity;
  displayName?: string;
  vmSize?: string;
  provisioningState?: PoolProvisioningState;
  allocationState?: AllocationState;
  deploymentConfiguration?: DeploymentConfiguration;
  networkConfiguration?: PoolNetworkConfiguration;
  /** If omitted, the default value is Default. */
  targetNodeCommunicationMode?: NodeCommunicationMode;
  currentNodeCommunicationMode?: NodeCommunicationMode;
  certificates?: CertificateReference[];
  /** "2024-07-01". */
  azureApiVersion: string;
}

/** Specifies the retention policy for the log (retired on diagnostic settings). */
export interface RetentionPolicy {
  enabled: boolean;
  days: number;
}

/** Part of a diagnostic setting: a log category (or category group) and whether it is enabled. */
export interface LogSettings {
  category?: string;
  categoryGroup?: string;
  enabled: boolean;
  retentionPolicy?: RetentionPolicy;
}

/** Part of a diagnostic setting: a metric category and whether it is enabled. */
export interface MetricSettings {
  timeGrain?: string;
  category?: string;
  enabled: boolean;
  retentionPolicy?: RetentionPolicy;
}

/** A diagnostic setting of a resource (Diagnostic Settings - List, api-version 2021-05-01-preview). */
export interface DiagnosticSetting {
  id: string;
  name: string;
  type?: string;
  /** The resource id of the storage account to which the diagnostic logs are sent. */
  storageAccountId?: string;
  serviceBusRuleId?: string;
  eventHubAuthorizationRuleId?: string;
  eventHubName?: string;
  /** The full ARM resource id of the Log Analytics workspace. */
  workspaceId?: string;
  marketplacePartnerId?: string;
  logAnalyticsDestinationType?: string;
  logs: LogSettings[];
  metrics: MetricSettings[];
}

/** One record set of a private DNS zone config. */
export interface RecordSet {
  recordType?: string;
  recordSetName?: string;
  fqdn?: string;
  provisioningState?: string;
  ttl?: number;
  ipAddresses?: string[];
}

/** A private DNS zone of a zone group. */
export interface PrivateDnsZoneConfig {
  name?: string;
  /** The resource id of the private dns zone. */
  privateDnsZoneId?: string;
  recordSets?: RecordSet[];
}

/** A private DNS zone group of a private endpoint (Private DNS Zone Groups - List). */
export interface PrivateDnsZoneGroup {
  id: string;
  name: string;
  etag?: string;
  provisioningState?: string;
  privateDnsZoneConfigs: PrivateDnsZoneConfig[];
}
