// The state of the account: whether an existing account is usable, and the pool allocation mode's
// prerequisite.

import type { BatchAccount, ProvisioningState } from "azure-batch-lookup";
import type { NoOptions } from "../policy-definition";
import { allOf, defineRule, finding, notApplicable, show } from "../rule";
import { isSet } from "../unknowns";
import { azureDocs, checkov } from "./anchors";
import { enumIn, sameEnum } from "./enums";

// ---------------------------------------------------------------------------------------------
// batch-provisioning-succeeded

export interface ProvisioningConfig {
  /** Provisioning states that pass. */
  allowedStates: ProvisioningState[];
}

export const provisioningSucceeded = defineRule<ProvisioningConfig>({
  name: "batch-provisioning-succeeded",
  description: "An existing Batch account (BatchAccountReference) has provisioningState in allowedStates (default Succeeded; any case).",
  displayName: "Existing account provisioned",
  enforcementLevel: "mandatory",
  severity: "high",
  concern: "lifecycle",
  scope: "existing",
  anchors: [
    azureDocs(
      "ProvisioningState",
      'Batch Account - Get (2024-07-01): provisioningState "Succeeded" means "The account has been created and is ready for use."',
      "https://learn.microsoft.com/rest/api/batchmanagement/batch-account/get",
    ),
  ],
  remediationSteps:
    "Wait for the account's current operation to finish, or fix and redeploy the account in its own stack; do not deploy dependent resources against an account that is Creating, Deleting, Failed or Cancelled.",
  options: {
    allowedStates: {
      type: "array",
      items: { type: "string", enum: ["Succeeded", "Creating", "Deleting", "Failed", "Cancelled", "Invalid"] },
      minItems: 1,
      uniqueItems: true,
      default: ["Succeeded"],
      description: "Provisioning states that pass.",
    },
  },
  check(account: BatchAccount, config: ProvisioningConfig) {
    if (!isSet(account, "provisioningState"))
      return [finding("provisioningState", "provisioningState is absent, so the account's readiness is not known.")];
    const state = account.provisioningState!;
    if (enumIn(state, config.allowedStates)) return [];
    return [finding("provisioningState", `provisioningState is ${show(state)} (allowed: ${show(config.allowedStates)}).`)];
  },
});

// ---------------------------------------------------------------------------------------------
// batch-user-subscription-key-vault

/** The rule has no options. */
export type UserSubscriptionKeyVaultConfig = NoOptions;

export const userSubscriptionKeyVault = defineRule<UserSubscriptionKeyVaultConfig>({
  name: "batch-user-subscription-key-vault",
  description: "When poolAllocationMode is UserSubscription (any case), keyVaultReference.id and keyVaultReference.url are set.",
  displayName: "UserSubscription mode has a key vault",
  enforcementLevel: "mandatory",
  severity: "high",
  concern: "lifecycle",
  scope: "any",
  anchors: [
    azureDocs(
      "UserSubscription",
      "Azure Batch: additional configuration for user subscription mode (a key vault in the account's region)",
      "https://learn.microsoft.com/azure/batch/batch-account-create-portal#additional-configuration-for-user-subscription-mode",
    ),
    checkov(
      "CKV_AZURE_76",
      "Ensure that Azure Batch account uses key vault to encrypt data",
      "Checkov requires keyVaultReference on every account; it matters only in UserSubscription mode, which is where this rule requires it",
    ),
  ],
  remediationSteps:
    'Set keyVaultReference to { id: "<key vault resource id>", url: "https://<vault>.vault.azure.net/" } (a vault in the account\'s region that the Batch service can access), or use poolAllocationMode "BatchService".',
  options: {},
  check(account: BatchAccount) {
    const mode = account.poolAllocationMode ?? "BatchService";
    if (!sameEnum(mode, "UserSubscription")) return notApplicable(`poolAllocationMode is ${show(mode)}.`);
    if (!isSet(account, "keyVaultReference")) {
      return [
        finding(
          "keyVaultReference",
          'keyVaultReference is not set, but poolAllocationMode "UserSubscription" needs the key vault Batch allocates pools with.',
        ),
      ];
    }
    const kv = account.keyVaultReference!;
    return allOf(
      () => (isSet(kv, "id") ? undefined : finding("keyVaultReference.id", "keyVaultReference.id is not set.")),
      () => (isSet(kv, "url") ? undefined : finding("keyVaultReference.url", "keyVaultReference.url is not set.")),
    );
  },
});

export const lifecycleRules = [provisioningSucceeded, userSubscriptionKeyVault];
