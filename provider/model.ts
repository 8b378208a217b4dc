// The Batch account model, api-version 2024-07-01.
//
// Field names and nesting match `@pulumi/azure-native`'s `batch.GetBatchAccountResult`: the ARM
// `properties` bag is flattened onto the account, and each private endpoint connection's
// `properties` onto that connection. Doc comments are taken from the REST specification.

/**
 * A string union that still accepts values a newer service version may add, while editors keep
 * offering the known ones.
 */
export type Extensible<Known extends string> = Known | (string & {});

/** The api-version of the Batch management REST API this model describes. */
export const BATCH_API_VERSION = "2024-07-01";

/** The type token of BatchAccountReference resources, as CrossGuard policies see it. */
export const BATCH_ACCOUNT_REFERENCE_TYPE = "pulumi-nodejs:dynamic/azurebatch:BatchAccountReference";

export type AuthenticationMode = Extensible<"SharedKey" | "AAD" | "TaskAuthenticationToken">;
export type AutoStorageAuthenticationMode = Extensible<"StorageKeys" | "BatchAccountManagedIdentity">;
export type PoolAllocationMode = Extensible<"BatchService" | "UserSubscription">;
export type PublicNetworkAccessType = Extensible<"Enabled" | "Disabled" | "SecuredByPerimeter">;
export type ProvisioningState = Extensible<"Invalid" | "Creating" | "Deleting" | "Succeeded" | "Failed" | "Cancelled">;
export type KeySource = Extensible<"Microsoft.Batch" | "Microsoft.KeyVault">;
export type ResourceIdentityType = Extensible<"SystemAssigned" | "UserAssigned" | "None">;
export type EndpointAccessDefaultAction = Extensible<"Allow" | "Deny">;
export type IPRuleAction = Extensible<"Allow">;
export type PrivateEndpointConnectionProvisioningState = Extensible<
  "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed" | "Cancelled"
>;
export type PrivateLinkServiceConnectionStatus = Extensible<"Approved" | "Pending" | "Rejected" | "Disconnected">;

/** The reference to a user assigned identity associated with the Batch pool which a compute node will use. */
export interface ComputeNodeIdentityReference {
  /** The ARM resource id of the user assigned identity. */
  resourceId?: string;
}

/** Contains information about the auto-storage account associated with a Batch account. */
export interface AutoStorageProperties {
  /** The resource ID of the storage account to be used for auto-storage account. */
  storageAccountId: string;
  /**
   * The authentication mode which the Batch service will use to manage the auto-storage account.
   * Defaults to `StorageKeys` when ARM omits it.
   */
  authenticationMode: AutoStorageAuthenticationMode;
  /** The identity referenced here must be assigned to pools which have compute nodes that need access to auto-storage. */
  nodeIdentityReference?: ComputeNodeIdentityReference;
  /** The UTC time at which storage keys were last synchronized with the Batch account. */
  lastKeySync: string;
}

/** Identifies the Azure key vault associated with a Batch account. */
export interface KeyVaultReference {
  /** The resource ID of the Azure key vault associated with the Batch account. */
  id: string;
  /** The URL of the Azure key vault associated with the Batch account. */
  url: string;
}

/** KeyVault configuration when using an encryption KeySource of Microsoft.KeyVault. */
export interface KeyVaultProperties {
  /** Full path to the secret with or without version, e.g. `https://mykeyvault.vault.azure.net/keys/testkey/6e34a81fef704045975661e297a4c053`. */
  keyIdentifier?: string;
}

/** Configures how customer data is encrypted inside the Batch account. */
export interface EncryptionProperties {
  /** Type of the key source. */
  keySource?: KeySource;
  /** Additional details when using Microsoft.KeyVault. */
  keyVaultProperties?: KeyVaultProperties;
}

/** Rule to filter client IP address. */
export interface IPRule {
  /** Action when client IP address is matched. */
  action: IPRuleAction;
  /** IPv4 address, or IPv4 address range in CIDR format. */
  value: string;
}

/** Network access profile for Batch endpoint. */
export interface EndpointAccessProfile {
  /** Default action for endpoint access. It is only applicable when publicNetworkAccess is enabled. */
  defaultAction: EndpointAccessDefaultAction;
  /** Array of IP ranges to filter client IP address. */
  ipRules?: IPRule[];
}

/** Network profile for Batch account, which contains network rule settings for each endpoint. */
export interface NetworkProfile {
  /** Network access profile for batchAccount endpoint (Batch account data plane API). */
  accountAccess?: EndpointAccessProfile;
  /** Network access profile for nodeManagement endpoint (Batch service managing compute nodes for Batch pools). */
  nodeManagementAccess?: EndpointAccessProfile;
}

/** The private endpoint of the private endpoint connection. */
export interface PrivateEndpoint {
  /** The ARM resource identifier of the private endpoint. */
  id?: string;
}

/** The private link service connection state of the private endpoint connection. */
export interface PrivateLinkServiceConnectionState {
  /** The status of the Batch private endpoint connection. */
  status: PrivateLinkServiceConnectionStatus;
  /** Description of the private Connection state. */
  description?: string;
  /** Action required on the private connection state. */
  actionsRequired?: string;
}

/** Contains information about a private link resource, with its `properties` flattened. */
export interface PrivateEndpointConnection {
  /** The ID of the resource. */
  id?: string;
  /** The name of the resource. */
  name?: string;
  /** The type of the resource. */
  type?: string;
  /** The ETag of the resource, used for concurrency statements. */
  etag?: string;
  /** The tags of the resource. */
  tags?: Record<string, string>;
  /** The provisioning state of the private endpoint connection. */
  provisioningState?: PrivateEndpointConnectionProvisioningState;
  /** The private endpoint of the private endpoint connection. */
  privateEndpoint?: PrivateEndpoint;
  /** The group id of the private endpoint connection. The value has one and only one group id. */
  groupIds?: string[];
  /** The private link service connection state of the private endpoint connection. */
  privateLinkServiceConnectionState?: PrivateLinkServiceConnectionState;
}

/** A VM Family and its associated core quota for the Batch account. */
export interface VirtualMachineFamilyCoreQuota {
  /** The Virtual Machine family name. */
  name?: string;
  /** The core quota for the VM family for the Batch account. */
  coreQuota?: number;
}

/** A user assigned identity of the Batch account. */
export interface UserAssignedIdentities {
  /** The principal id of user assigned identity. */
  principalId?: string;
  /** The client id of user assigned identity. */
  clientId?: string;
}

/** The identity of the Batch account, if configured. */
export interface BatchAccountIdentity {
  /** The principal id of the Batch account. Only provided for a system assigned identity. */
  principalId?: string;
  /** The tenant id associated with the Batch account. Only provided for a system assigned identity. */
  tenantId?: string;
  /** The type of identity used for the Batch account. */
  type: ResourceIdentityType;
  /** The list of user identities associated with the Batch account, keyed by identity resource id. */
  userAssignedIdentities?: Record<string, UserAssignedIdentities>;
}

/** Contains information about an Azure Batch account, with the ARM `properties` bag flattened. */
export interface BatchAccount {
  /** The ID of the resource. */
  id: string;
  /** The name of the resource. */
  name: string;
  /** The type of the resource. */
  type: string;
  /** The location of the resource. */
  location: string;
  /** The tags of the resource. */
  tags?: Record<string, string>;
  /** The identity of the Batch account. */
  identity?: BatchAccountIdentity;

  /** The account endpoint used to interact with the Batch service. */
  accountEndpoint?: string;
  /** The endpoint used by compute node to connect to the Batch node management service. */
  nodeManagementEndpoint?: string;
  /** The provisioned state of the resource. */
  provisioningState?: ProvisioningState;
  /** The allocation mode for creating pools in the Batch account. */
  poolAllocationMode?: PoolAllocationMode;
  /** Identifies the Azure key vault associated with a Batch account (pool allocation mode UserSubscription). */
  keyVaultReference?: KeyVaultReference;
  /** The network interface type for accessing Azure Batch service and Batch account operations. Defaults to `Enabled`. */
  publicNetworkAccess: PublicNetworkAccessType;
  /** The network profile only takes effect when publicNetworkAccess is enabled. */
  networkProfile?: NetworkProfile;
  /** List of private endpoint connections associated with the Batch account. */
  privateEndpointConnections?: PrivateEndpointConnection[];
  /** Contains information about the auto-storage account associated with a Batch account. */
  autoStorage?: AutoStorageProperties;
  /** Configures how customer data is encrypted inside the Batch account. */
  encryption?: EncryptionProperties;
  /** The dedicated core quota for the Batch account (not returned for UserSubscription accounts). */
  dedicatedCoreQuota?: number;
  /** The low-priority core quota for the Batch account (not returned for UserSubscription accounts). */
  lowPriorityCoreQuota?: number;
  /** A list of the dedicated core quota per Virtual Machine family for the Batch account. */
  dedicatedCoreQuotaPerVMFamily?: VirtualMachineFamilyCoreQuota[];
  /** Whether dedicated core quota is enforced via both dedicatedCoreQuotaPerVMFamily and dedicatedCoreQuota. */
  dedicatedCoreQuotaPerVMFamilyEnforced?: boolean;
  /** The pool quota for the Batch account. */
  poolQuota?: number;
  /** The active job and job schedule quota for the Batch account. */
  activeJobAndJobScheduleQuota?: number;
  /** List of allowed authentication modes for the Batch account that can be used to authenticate with the data plane. */
  allowedAuthenticationModes?: AuthenticationMode[];

  /** The subscription that holds the account, parsed from `id`. */
  subscriptionId: string;
  /** The resource group that holds the account, parsed from `id`. */
  resourceGroupName: string;
  /** The api-version the account was read with: "2024-07-01". */
  azureApiVersion: string;
}

/** The result of listing Batch accounts: every page, in the order ARM returned them. */
export interface BatchAccountListResult {
  value: BatchAccount[];
}
