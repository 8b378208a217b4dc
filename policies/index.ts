// azure-batch-policies as a library: BatchGuard for a pack of your own, the checks without
// CrossGuard, the policies and their configuration types. (The ready pack is ready-pack.ts.)

export {
  type BatchAccountCheckResult,
  checkBatchAccount,
  evaluateAccount,
  type NotYetCheckable,
  type RuleOutcome,
  type Violation,
} from "./check";
export {
  type BatchPolicyConfig,
  type EnforcementLevel,
  PolicyConfigError,
  type RuleSetting,
  resolveOptions,
  validatePackConfig,
} from "./config";
export { BatchGuard, type BatchGuardOptions, initialConfig } from "./guard";
export { checkConfigurationAtLoad } from "./load-check";
export { PACK_NAME, policyPackArgs, toPolicy, toPoolPolicy, toStackPolicy } from "./pack";
export {
  type Anchor,
  configSchemaOf,
  defaultsOf,
  type NoOptions,
  type OptionDeclaration,
  type PolicyDefinition,
} from "./policy-definition";
export { type BatchPoolCheckResult, checkBatchPool } from "./pools/check";
export type { BatchPool } from "./pools/model";
export {
  type PoolCertificatesConfig,
  type PoolDiskEncryptionConfig,
  type PoolNodeCommunicationConfig,
  type PoolPublicIpConfig,
  type PoolVirtualNetworkConfig,
  poolDiskEncryption,
  poolNoCertificates,
  poolNoPublicIp,
  poolSimplifiedCommunication,
  poolVirtualNetwork,
} from "./pools/rules";
export { ALL_POLICIES, findPolicy, POOL_RULES, RULES, STACK_RULES } from "./registry";
export * from "./resource-types";
export type { BatchRule, Finding, PoolRule, StackFinding, StackRule } from "./rule";
export { type LocalAuthConfig, localAuthDisabled } from "./rules/authentication";
export { type CustomerManagedKeyConfig, customerManagedKey } from "./rules/encryption";
export { type AllowedLocationsConfig, allowedLocations, type RequiredTagsConfig, requiredTags } from "./rules/governance";
export { type AutoStorageIdentityConfig, autoStorageManagedIdentity, type ManagedIdentityConfig, managedIdentity } from "./rules/identity";
export {
  type ProvisioningConfig,
  provisioningSucceeded,
  type UserSubscriptionKeyVaultConfig,
  userSubscriptionKeyVault,
} from "./rules/lifecycle";
export {
  type NetworkRulesConfig,
  networkRulesRestricted,
  type PrivateLinkConfig,
  type PublicNetworkAccessConfig,
  privateLinkApproved,
  publicNetworkAccessDisabled,
} from "./rules/network";
export {
  type PrivateDnsZoneConfig,
  type PrivateEndpointForDisabledAccessConfig,
  privateEndpointDnsZone,
  privateEndpointForDisabledAccess,
  type ResourceLogsConfig,
  resourceLogsEnabled,
} from "./stack/rules";
