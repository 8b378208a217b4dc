// azure-batch-policies as a library: BatchGuard for a pack of your own, the checks without
// CrossGuard, the policies and their configuration types. (The ready pack is ready-pack.ts.)

export { BatchGuard, initialConfig, type BatchGuardOptions } from "./guard";
export { checkConfigurationAtLoad } from "./load-check";
export { checkBatchAccount, evaluateAccount, type BatchAccountCheckResult, type Violation, type NotYetCheckable, type RuleOutcome } from "./check";
export { checkBatchPool, type BatchPoolCheckResult } from "./pools/check";
export type { BatchPool } from "./pools/model";
export { PolicyConfigError, validatePackConfig, resolveOptions, type BatchPolicyConfig, type RuleSetting, type EnforcementLevel } from "./config";
export { PACK_NAME, policyPackArgs, toPolicy, toPoolPolicy, toStackPolicy } from "./pack";
export { RULES, POOL_RULES, STACK_RULES, ALL_POLICIES, findPolicy } from "./registry";
export { configSchemaOf, defaultsOf, type Anchor, type PolicyDefinition, type OptionDeclaration, type NoOptions } from "./policy-definition";
export type { BatchRule, Finding } from "./rule";
export type { PoolRule } from "./pools/rule";
export type { StackRule, StackFinding } from "./stack/rule";
export * from "./resource-types";
export { localAuthDisabled, type LocalAuthConfig } from "./rules/authentication";
export { customerManagedKey, type CustomerManagedKeyConfig } from "./rules/encryption";
export { allowedLocations, requiredTags, type AllowedLocationsConfig, type RequiredTagsConfig } from "./rules/governance";
export { managedIdentity, autoStorageManagedIdentity, type ManagedIdentityConfig, type AutoStorageIdentityConfig } from "./rules/identity";
export { provisioningSucceeded, userSubscriptionKeyVault, type ProvisioningConfig, type UserSubscriptionKeyVaultConfig } from "./rules/lifecycle";
export {
  publicNetworkAccessDisabled,
  networkRulesRestricted,
  privateLinkApproved,
  type PublicNetworkAccessConfig,
  type NetworkRulesConfig,
  type PrivateLinkConfig,
} from "./rules/network";
export {
  poolDiskEncryption,
  poolNoPublicIp,
  poolVirtualNetwork,
  poolSimplifiedCommunication,
  poolNoCertificates,
  type PoolDiskEncryptionConfig,
  type PoolPublicIpConfig,
  type PoolVirtualNetworkConfig,
  type PoolNodeCommunicationConfig,
  type PoolCertificatesConfig,
} from "./rules/pools";
export {
  resourceLogsEnabled,
  privateEndpointDnsZone,
  privateEndpointForDisabledAccess,
  type ResourceLogsConfig,
  type PrivateDnsZoneConfig,
  type PrivateEndpointForDisabledAccessConfig,
} from "./rules/stack";
