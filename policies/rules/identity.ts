// Managed identities: the account's own, and auto-storage authenticating with it.

import type { BatchAccount, ResourceIdentityType } from "azure-batch-lookup";
import { defineRule, finding, notApplicable, type Remediation, show } from "../rule";
import { isSet } from "../unknowns";
import { mcsb } from "./anchors";
import { enumIn, sameEnum } from "./enums";

/** The account's managed identity type, or undefined when it has none. */
function identityType(account: BatchAccount): string | undefined {
  if (!isSet(account, "identity") || !isSet(account.identity, "type")) return undefined;
  const type = account.identity!.type;
  return sameEnum(type, "None") ? undefined : type;
}

// ---------------------------------------------------------------------------------------------
// batch-managed-identity

export interface ManagedIdentityConfig {
  /** Identity types that pass. */
  allowedTypes: ResourceIdentityType[];
}

const addSystemAssigned: Remediation<ManagedIdentityConfig> = (props, account, config) => {
  if (!enumIn("SystemAssigned", config.allowedTypes) || identityType(account) !== undefined) return false;
  props.identity = { type: "SystemAssigned" };
  return true;
};

export const managedIdentity = defineRule<ManagedIdentityConfig>({
  name: "batch-managed-identity",
  description:
    "identity.type is one of allowedTypes (not absent or None; any case), and a UserAssigned identity lists at least one identity.",
  displayName: "Managed identity assigned",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "identity",
  scope: "any",
  anchors: [mcsb("IM-3")],
  remediationSteps:
    'Set identity to { type: "SystemAssigned" }, or to { type: "UserAssigned" } with the user-assigned identities (azure-native: userAssignedIdentities; classic: identityIds).',
  options: {
    allowedTypes: {
      type: "array",
      items: { type: "string", enum: ["SystemAssigned", "UserAssigned"] },
      minItems: 1,
      uniqueItems: true,
      default: ["SystemAssigned", "UserAssigned"],
      description: "Identity types that pass.",
    },
  },
  check(account: BatchAccount, config: ManagedIdentityConfig) {
    const type = identityType(account);
    if (type === undefined) {
      const what = isSet(account, "identity") ? 'identity.type is "None"' : "identity is not set";
      return [finding("identity", `${what}, so the account has no managed identity.`)];
    }
    if (!enumIn(type, config.allowedTypes)) {
      return [finding("identity.type", `identity.type is ${show(type)} (allowed: ${show(config.allowedTypes)}).`)];
    }
    if (sameEnum(type, "UserAssigned") && Object.keys(account.identity!.userAssignedIdentities ?? {}).length === 0) {
      return [finding("identity.userAssignedIdentities", 'identity.userAssignedIdentities is empty, but identity.type is "UserAssigned".')];
    }
    return [];
  },
  remediate: { "azure-native": addSystemAssigned, classic: addSystemAssigned },
});

// ---------------------------------------------------------------------------------------------
// batch-auto-storage-managed-identity

export interface AutoStorageIdentityConfig {
  /** Report accounts without an auto-storage account (by default the rule does not apply to them). */
  requireAutoStorage: boolean;
}

export const autoStorageManagedIdentity = defineRule<AutoStorageIdentityConfig>({
  name: "batch-auto-storage-managed-identity",
  description:
    "autoStorage.authenticationMode is BatchAccountManagedIdentity (any case; absent means StorageKeys) and the account has an identity; no auto-storage: not applicable unless requireAutoStorage.",
  displayName: "Auto-storage uses the managed identity",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "identity",
  scope: "any",
  anchors: [mcsb("IM-3")],
  remediationSteps:
    'Set autoStorage.authenticationMode to "BatchAccountManagedIdentity" (classic: storageAccountAuthenticationMode) and grant the account identity access to the storage account; nodes that need it use autoStorage.nodeIdentityReference.',
  options: {
    requireAutoStorage: {
      type: "boolean",
      default: false,
      description: "Report accounts that have no auto-storage account.",
    },
  },
  check(account: BatchAccount, config: AutoStorageIdentityConfig) {
    if (!isSet(account, "autoStorage")) {
      return config.requireAutoStorage
        ? [finding("autoStorage", "autoStorage is not set, but the policy requires an auto-storage account.")]
        : notApplicable("The account has no auto-storage account.");
    }
    const mode = account.autoStorage!.authenticationMode;
    if (!sameEnum(mode, "BatchAccountManagedIdentity")) {
      return [
        finding(
          "autoStorage.authenticationMode",
          `autoStorage.authenticationMode is ${show(mode)}; it must be "BatchAccountManagedIdentity" (an absent value means "StorageKeys").`,
        ),
      ];
    }
    if (identityType(account) === undefined) {
      return [
        finding(
          "identity",
          'identity is not set (or "None"), but autoStorage.authenticationMode "BatchAccountManagedIdentity" authenticates with it.',
        ),
      ];
    }
    return [];
  },
});

export const identityRules = [managedIdentity, autoStorageManagedIdentity];
