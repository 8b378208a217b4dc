// Compile-time comparison of the model with azure-native's `batch.GetBatchAccountResult`, both
// ways, type by type: each alias below is the exact set of keys where one side's value is not
// assignable to the other's (`never`: fully assignable). A change on either side changes a set and
// fails `npm run typecheck`. docs/model.md gives the ARM reason for every key listed.

import type { GetBatchAccountResult } from "@pulumi/azure-native/batch";
import type { batch as native } from "@pulumi/azure-native/types/output";
import type * as ours from "../../provider/model/batch-account";
import type { Equal, Mismatch } from "./mismatch";

/** [ours, azure-native] for the account and every nested type. */
interface Pairs {
  BatchAccount: [ours.BatchAccount, GetBatchAccountResult];
  AutoStorageProperties: [ours.AutoStorageProperties, native.AutoStoragePropertiesResponse];
  BatchAccountIdentity: [ours.BatchAccountIdentity, native.BatchAccountIdentityResponse];
  ComputeNodeIdentityReference: [ours.ComputeNodeIdentityReference, native.ComputeNodeIdentityReferenceResponse];
  EncryptionProperties: [ours.EncryptionProperties, native.EncryptionPropertiesResponse];
  EndpointAccessProfile: [ours.EndpointAccessProfile, native.EndpointAccessProfileResponse];
  IPRule: [ours.IPRule, native.IPRuleResponse];
  KeyVaultProperties: [ours.KeyVaultProperties, native.KeyVaultPropertiesResponse];
  KeyVaultReference: [ours.KeyVaultReference, native.KeyVaultReferenceResponse];
  NetworkProfile: [ours.NetworkProfile, native.NetworkProfileResponse];
  PrivateEndpointConnection: [ours.PrivateEndpointConnection, native.PrivateEndpointConnectionResponse];
  PrivateEndpoint: [ours.PrivateEndpoint, native.PrivateEndpointResponse];
  PrivateLinkServiceConnectionState: [ours.PrivateLinkServiceConnectionState, native.PrivateLinkServiceConnectionStateResponse];
  SystemData: [ours.SystemData, native.SystemDataResponse];
  UserAssignedIdentities: [ours.UserAssignedIdentities, native.UserAssignedIdentitiesResponse];
  VirtualMachineFamilyCoreQuota: [ours.VirtualMachineFamilyCoreQuota, native.VirtualMachineFamilyCoreQuotaResponse];
}

/** Keys where a value of ours does not fit azure-native's type: values ARM may omit. */
export type OursToAzureNative = { [P in keyof Pairs]: Mismatch<Pairs[P][0], Pairs[P][1]> };
/** Keys where a value of azure-native's type does not fit ours. */
export type AzureNativeToOurs = { [P in keyof Pairs]: Mismatch<Pairs[P][1], Pairs[P][0]> };

// ARM omits read-only properties that do not apply (see docs/model.md); azure-native types them as present.
// `identity` is here through its nested principalId / tenantId / userAssignedIdentities.
type OmittedByArm =
  | "activeJobAndJobScheduleQuota"
  | "allowedAuthenticationModes"
  | "autoStorage"
  | "dedicatedCoreQuota"
  | "dedicatedCoreQuotaPerVMFamily"
  | "dedicatedCoreQuotaPerVMFamilyEnforced"
  | "encryption"
  | "identity"
  | "keyVaultReference"
  | "lowPriorityCoreQuota"
  | "nodeManagementEndpoint"
  | "poolAllocationMode"
  | "poolQuota"
  | "privateEndpointConnections"
  | "provisioningState"
  | "systemData";

interface ExpectedOursToAzureNative {
  BatchAccount: OmittedByArm;
  AutoStorageProperties: never;
  BatchAccountIdentity: "principalId" | "tenantId" | "userAssignedIdentities";
  ComputeNodeIdentityReference: never;
  EncryptionProperties: never;
  EndpointAccessProfile: never;
  IPRule: never;
  KeyVaultProperties: never;
  KeyVaultReference: never;
  NetworkProfile: never;
  PrivateEndpointConnection:
    | "id"
    | "name"
    | "type"
    | "etag"
    | "provisioningState"
    | "systemData"
    | "groupIds"
    | "privateEndpoint"
    | "privateLinkServiceConnectionState";
  PrivateEndpoint: "id";
  PrivateLinkServiceConnectionState: "actionsRequired";
  SystemData: never;
  UserAssignedIdentities: "principalId" | "clientId";
  VirtualMachineFamilyCoreQuota: "name" | "coreQuota";
}

interface ExpectedAzureNativeToOurs {
  // Optional keys there, required keys here (a value or undefined); publicNetworkAccess always has
  // its documented default; subscriptionId and resourceGroupName are ours, parsed from id.
  BatchAccount: "tags" | "identity" | "networkProfile" | "publicNetworkAccess" | "autoStorage" | "subscriptionId" | "resourceGroupName";
  AutoStorageProperties: "authenticationMode";
  BatchAccountIdentity: never;
  ComputeNodeIdentityReference: never;
  EncryptionProperties: never;
  EndpointAccessProfile: never;
  IPRule: never;
  KeyVaultProperties: never;
  KeyVaultReference: never;
  NetworkProfile: never;
  PrivateEndpointConnection: never;
  PrivateEndpoint: never;
  PrivateLinkServiceConnectionState: never;
  SystemData: never;
  UserAssignedIdentities: never;
  VirtualMachineFamilyCoreQuota: never;
}

/** True when every entry of A equals B's entry of the same name. */
type AllEqual<A extends Record<keyof Pairs, unknown>, B extends Record<keyof Pairs, unknown>> = {
  [P in keyof Pairs]: Equal<A[P], B[P]>;
}[keyof Pairs] extends true
  ? true
  : false;

export const oursToAzureNative: AllEqual<OursToAzureNative, ExpectedOursToAzureNative> = true;
export const azureNativeToOurs: AllEqual<AzureNativeToOurs, ExpectedAzureNativeToOurs> = true;
