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

/** The ARM resource type of a Batch account (the `type` field, and the path segment of its id). */
export const BATCH_ACCOUNT_RESOURCE_TYPE = "Microsoft.Batch/batchAccounts";

/** The module and name BatchAccountReference registers its dynamic resources under. */
export const BATCH_ACCOUNT_REFERENCE_MODULE = "azurebatch";
export const BATCH_ACCOUNT_REFERENCE_NAME = "BatchAccountReference";

/** The type token of BatchAccountReference resources, as CrossGuard policies see it. */
export const BATCH_ACCOUNT_REFERENCE_TYPE =
  `pulumi-nodejs:dynamic/${BATCH_ACCOUNT_REFERENCE_MODULE}:${BATCH_ACCOUNT_REFERENCE_NAME}` as const;

/** The values the REST documentation gives for properties ARM may omit; the parser applies them. */
export const DOCUMENTED_DEFAULTS = {
  /** `properties.publicNetworkAccess`: "If not specified, the default value is 'enabled'." */
  publicNetworkAccess: "Enabled",
  /** `properties.autoStorage.authenticationMode`: default `StorageKeys`. */
  autoStorageAuthenticationMode: "StorageKeys",
} as const;

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
export type CreatedByType = Extensible<"User" | "Application" | "ManagedIdentity" | "Key">;

/**
 * Metadata pertaining to creation and last modification of the resource (ARM's common
 * `systemData`). The Batch 2024-07-01 schema does not declare it; it is parsed when ARM sends it.
 */
export interface SystemData {
  /** The identity that created the resource. */
  createdBy?: string;
  /** The type of identity that created the resource. */
  createdByType?: CreatedByType;
  /** The timestamp of resource creation (UTC). */
  createdAt?: string;
  /** The identity that last modified the resource. */
  lastModifiedBy?: string;
  /** The type of identity that last modified the resource. */
  lastModifiedByType?: CreatedByType;
  /** The timestamp of resource last modification (UTC). */
  lastModifiedAt?: string;
}

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
  /** Creation and last modification metadata, when ARM sends it (not in the 2024-07-01 schema). */
  systemData?: SystemData;
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

/**
 * Contains information about an Azure Batch account, with the ARM `properties` bag flattened.
 *
 * Every field is a required key, so Pulumi's lifted properties of an `Output<BatchAccount>`
 * (`account.accountEndpoint`) are Outputs; a field ARM may omit has the value `undefined` then.
 */
export interface BatchAccount {
  /** The ID of the resource. */
  id: string;
  /** The name of the resource. */
  name: string;
  /** The type of the resource: "Microsoft.Batch/batchAccounts". */
  type: string;
  /** The location of the resource. */
  location: string;
  /** The tags of the resource. */
  tags: Record<string, string> | undefined;
  /** The identity of the Batch account. */
  identity: BatchAccountIdentity | undefined;
  /** Creation and last modification metadata, when ARM sends it (not in the 2024-07-01 schema). */
  systemData: SystemData | undefined;

  /** The account endpoint used to interact with the Batch service. Every account has one. */
  accountEndpoint: string;
  /** The endpoint used by compute node to connect to the Batch node management service. */
  nodeManagementEndpoint: string | undefined;
  /** The provisioned state of the resource. */
  provisioningState: ProvisioningState | undefined;
  /** The allocation mode for creating pools in the Batch account. */
  poolAllocationMode: PoolAllocationMode | undefined;
  /** Identifies the Azure key vault associated with a Batch account (pool allocation mode UserSubscription). */
  keyVaultReference: KeyVaultReference | undefined;
  /** The network interface type for accessing Azure Batch service and Batch account operations. Defaults to `Enabled`. */
  publicNetworkAccess: PublicNetworkAccessType;
  /** The network profile only takes effect when publicNetworkAccess is enabled. */
  networkProfile: NetworkProfile | undefined;
  /** List of private endpoint connections associated with the Batch account. */
  privateEndpointConnections: PrivateEndpointConnection[] | undefined;
  /** Contains information about the auto-storage account associated with a Batch account. */
  autoStorage: AutoStorageProperties | undefined;
  /** Configures how customer data is encrypted inside the Batch account. */
  encryption: EncryptionProperties | undefined;
  /** The dedicated core quota for the Batch account (not returned for UserSubscription accounts). */
  dedicatedCoreQuota: number | undefined;
  /** The low-priority core quota for the Batch account (not returned for UserSubscription accounts). */
  lowPriorityCoreQuota: number | undefined;
  /** A list of the dedicated core quota per Virtual Machine family for the Batch account. */
  dedicatedCoreQuotaPerVMFamily: VirtualMachineFamilyCoreQuota[] | undefined;
  /** Whether dedicated core quota is enforced via both dedicatedCoreQuotaPerVMFamily and dedicatedCoreQuota. */
  dedicatedCoreQuotaPerVMFamilyEnforced: boolean | undefined;
  /** The pool quota for the Batch account. */
  poolQuota: number | undefined;
  /** The active job and job schedule quota for the Batch account. */
  activeJobAndJobScheduleQuota: number | undefined;
  /** List of allowed authentication modes for the Batch account that can be used to authenticate with the data plane. */
  allowedAuthenticationModes: AuthenticationMode[] | undefined;

  /** The subscription that holds the account, parsed from `id`. */
  subscriptionId: string;
  /** The resource group that holds the account, parsed from `id`. */
  resourceGroupName: string;
  /** The api-version the account was read with: "2024-07-01". */
  azureApiVersion: string;
}

/**
 * Where each field of the model comes from: `resource` (the top level of ARM's JSON), `properties`
 * (ARM's `properties` bag, flattened onto the account) or `derived` (parsed from `id`, or the
 * api-version). This is the one list of the model's fields: the parser, BatchAccountReference's
 * outputs and the policy mapping all iterate it, and the compiler checks it against `BatchAccount`
 * both ways (every field listed, nothing else).
 */
export const BATCH_ACCOUNT_FIELDS = {
  id: "resource",
  name: "resource",
  type: "resource",
  location: "resource",
  tags: "resource",
  identity: "resource",
  systemData: "resource",
  accountEndpoint: "properties",
  nodeManagementEndpoint: "properties",
  provisioningState: "properties",
  poolAllocationMode: "properties",
  keyVaultReference: "properties",
  publicNetworkAccess: "properties",
  networkProfile: "properties",
  privateEndpointConnections: "properties",
  autoStorage: "properties",
  encryption: "properties",
  dedicatedCoreQuota: "properties",
  lowPriorityCoreQuota: "properties",
  dedicatedCoreQuotaPerVMFamily: "properties",
  dedicatedCoreQuotaPerVMFamilyEnforced: "properties",
  poolQuota: "properties",
  activeJobAndJobScheduleQuota: "properties",
  allowedAuthenticationModes: "properties",
  subscriptionId: "derived",
  resourceGroupName: "derived",
  azureApiVersion: "derived",
} as const satisfies { readonly [K in keyof BatchAccount]-?: "resource" | "properties" | "derived" };

export type BatchAccountField = keyof typeof BATCH_ACCOUNT_FIELDS;

/** The fields ARM sends inside the account's `properties` bag. */
export type BatchAccountPropertyField = {
  [K in BatchAccountField]: (typeof BATCH_ACCOUNT_FIELDS)[K] extends "properties" ? K : never;
}[BatchAccountField];

/** Every field of the model, in the list's order. */
export const BATCH_ACCOUNT_FIELD_NAMES = Object.keys(BATCH_ACCOUNT_FIELDS) as readonly BatchAccountField[];

/** The fields flattened from ARM's `properties` bag, in the list's order. */
export const BATCH_ACCOUNT_PROPERTY_FIELDS = BATCH_ACCOUNT_FIELD_NAMES.filter(
  (f): f is BatchAccountPropertyField => BATCH_ACCOUNT_FIELDS[f] === "properties",
);

/** The result of listing Batch accounts: every page, in the order ARM returned them. */
export interface BatchAccountListResult {
  value: BatchAccount[];
}
