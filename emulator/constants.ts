/**
 * Well-known values of the emulator: the api-version it serves, the default tokens and the
 * tenant its WWW-Authenticate challenges name. Tests and the CLI import these.
 */

import { BATCH_API_VERSION } from "../provider/model/batch-account";

/** The only api-version the emulator serves by default (the one of spec/ and of the library's model). */
export const EMULATOR_API_VERSION = BATCH_API_VERSION;

/** Tenant named in `WWW-Authenticate` challenges and given to principals by default. */
export const EMULATOR_TENANT_ID = "f686d426-8d16-42db-81b7-ab578e110ccd";

/** The token accepted by default: its principal may read every subscription. */
export const EMULATOR_TOKEN = "azure-batch-lookup-emulator-token";

/** Accepted by default but expired: every request with it gets 401 ExpiredAuthenticationToken. */
export const EMULATOR_EXPIRED_TOKEN = "azure-batch-lookup-emulator-expired-token";

/** Accepted by default, but its principal has no role anywhere: 403 AuthorizationFailed. */
export const EMULATOR_NO_ACCESS_TOKEN = "azure-batch-lookup-emulator-no-access-token";

/**
 * Accepted by default; its principal may read only the two subscriptions holding the official
 * examples ({@link EXAMPLES_SUBSCRIPTION_ID} and {@link SUBID_SUBSCRIPTION_ID}), 403 elsewhere.
 */
export const EMULATOR_LIMITED_TOKEN = "azure-batch-lookup-emulator-limited-token";

/** Principal (object) ids of the default tokens, as they appear in 403 / 429 messages. */
export const EMULATOR_PRINCIPAL_ID = "0e5c8a3b-6f4d-4a2e-9b1c-7d8e9f0a1b2c";
export const EMULATOR_NO_ACCESS_PRINCIPAL_ID = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
export const EMULATOR_LIMITED_PRINCIPAL_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/** Subscription of the official examples that already use a GUID (kept as is). */
export const EXAMPLES_SUBSCRIPTION_ID = "12345678-1234-1234-1234-123456789012";

/**
 * The official examples mostly use the literal subscription id `subid`, which is not a GUID (ARM
 * would answer 400 InvalidSubscriptionId). The default data set maps it to this GUID everywhere
 * (in `id`s, storage account ids, key vault ids, identity keys, private endpoint ids).
 */
export const SUBID_SUBSCRIPTION_ID = "5ab1d000-0000-4000-8000-000000000000";

/** Extra subscriptions of the default data set. */
export const CONTOSO_SUBSCRIPTION_ID = "6c2a1f3e-8d4b-4f7a-9e15-3b0c7d9a2e41";
export const FABRIKAM_SUBSCRIPTION_ID = "e3b0c442-98fc-4c14-9afb-f4c8996fb924";
/** A declared subscription with no resource groups and no accounts. */
export const EMPTY_SUBSCRIPTION_ID = "0f0e0d0c-0b0a-4908-8706-050403020100";

/** Path prefix of the admin (control) endpoint. It needs no bearer token. */
export const ADMIN_PATH_PREFIX = "/_emulator";

/** The ARM action a read of Batch accounts needs (named in AuthorizationFailed messages). */
export const BATCH_READ_ACTION = "Microsoft.Batch/batchAccounts/read";

/** Regions named in NoRegisteredProviderFound messages (Azure Batch regions). */
export const BATCH_LOCATIONS = [
  "West Europe",
  "East US",
  "East US 2",
  "West US",
  "North Central US",
  "Brazil South",
  "North Europe",
  "Central US",
  "East Asia",
  "Japan East",
  "Australia Southeast",
  "Japan West",
  "Korea South",
  "Korea Central",
  "Southeast Asia",
  "South Central US",
  "Australia East",
  "South India",
  "Central India",
  "West India",
  "Canada Central",
  "Canada East",
  "UK South",
  "UK West",
  "West Central US",
  "West US 2",
  "France Central",
  "South Africa North",
  "UAE North",
  "Australia Central",
  "Germany West Central",
  "Switzerland North",
  "Norway East",
  "Sweden Central",
  "West US 3",
  "Poland Central",
  "Italy North",
];

/** Management groups of the default data set: the root holds every subscription, through its children. */
export const ROOT_MANAGEMENT_GROUP_ID = "batch-root";
export const EXAMPLES_MANAGEMENT_GROUP_ID = "batch-examples";
export const CONTOSO_MANAGEMENT_GROUP_ID = "contoso";
export const FABRIKAM_MANAGEMENT_GROUP_ID = "fabrikam";
