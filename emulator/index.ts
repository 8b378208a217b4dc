/**
 * Local Azure Resource Manager emulator for Batch accounts (api-version 2024-07-01).
 * See emulator/README.md.
 */

export { accountId, parseAccountId } from "./account-id";
export type { TokenGrant } from "./auth";
export { DEFAULT_TOKEN_GRANTS } from "./auth";
export {
  ADMIN_PATH_PREFIX,
  BATCH_READ_ACTION,
  CONTOSO_MANAGEMENT_GROUP_ID,
  CONTOSO_SUBSCRIPTION_ID,
  EMPTY_SUBSCRIPTION_ID,
  EMULATOR_API_VERSION,
  EMULATOR_EXPIRED_TOKEN,
  EMULATOR_LIMITED_PRINCIPAL_ID,
  EMULATOR_LIMITED_TOKEN,
  EMULATOR_NO_ACCESS_PRINCIPAL_ID,
  EMULATOR_NO_ACCESS_TOKEN,
  EMULATOR_PRINCIPAL_ID,
  EMULATOR_TENANT_ID,
  EMULATOR_TOKEN,
  EXAMPLES_MANAGEMENT_GROUP_ID,
  EXAMPLES_SUBSCRIPTION_ID,
  FABRIKAM_MANAGEMENT_GROUP_ID,
  FABRIKAM_SUBSCRIPTION_ID,
  ROOT_MANAGEMENT_GROUP_ID,
  SUBID_SUBSCRIPTION_ID,
} from "./constants";
export { EmulatorDataError } from "./data-error";
export type {
  ArmBatchAccount,
  EmulatorData,
  ExampleProvenance,
  ResourceGroupDeclaration,
  SubscriptionDeclaration,
} from "./data-file";
export { loadDataFile, mergeData, validateAccount, validateData } from "./data-file";
export { defaultEmulatorData } from "./data-set";
export {
  ENTRA_ACTIONS_REQUEST_TOKEN,
  ENTRA_CERTIFICATE_APP,
  ENTRA_IDENTITY_HEADER,
  ENTRA_OIDC_APP,
  ENTRA_SECRET_APP,
  ENTRA_SYSTEM_IDENTITY,
  ENTRA_USER_IDENTITY,
  TOKEN_EXCHANGE_AUDIENCE,
} from "./entra/directory";
export type { EntraFault, EntraRequestRecord, TokenIdentity } from "./entra/token-service";
export { ACTIONS_TOKEN_PATH, EntraTokenService, MANAGED_IDENTITY_PATH } from "./entra/token-service";
export type { ArmChildResource } from "./estate-data";
export { DIAGNOSTIC_SETTINGS_API_VERSIONS, ESTATE_ACTIONS, PRIVATE_DNS_ZONE_GROUPS_API_VERSIONS } from "./estate-handlers";
export type { ArmedFault, FaultKind, FaultSpec } from "./faults";
export { FAULT_KINDS, FaultController, seededRandom, validateFaultSpec } from "./faults";
export type { GenerateOptions, TenantGenerateOptions } from "./generate";
export { generateAccounts, generateDataSet, generateEstate, generateTenantDataSet, tenantSubscriptionIds } from "./generate";
export { loopbackAddress } from "./listener";
export type { ManagementGroupDeclaration } from "./management-groups";
export { ManagementGroupIndex, validateManagementGroups } from "./management-groups";
export type { PagingSettings } from "./paging";
export { DEFAULT_PAGING } from "./paging";
export type { RateLimitOptions } from "./rate-limit";
export type { ResourceGraphQuotaOptions } from "./resource-graph-quota";
export { formatResetsAfter } from "./resource-graph-quota";
export type { ResourceGraphSettings } from "./resource-graph-settings";
export { DEFAULT_RESOURCE_GRAPH_SETTINGS } from "./resource-graph-settings";
export type { RouteName } from "./routes";
export { startEmulator } from "./server";
export type { EmulatorStats, RequestRecord } from "./stats";
export type { AccountRef } from "./store";
export { SUBSCRIPTIONS_API_VERSIONS } from "./subscriptions";
export type { EmulatorOptions, RunningEmulator } from "./types";
