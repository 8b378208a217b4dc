// Encryption of account data at rest.

import type { BatchAccount } from "azure-batch-lookup";
import type { NoOptions } from "../policy-definition";
import { defineRule, finding, show } from "../rule";
import { isSet } from "../unknowns";
import { azurePolicy, checkov, mcsb } from "./anchors";
import { sameEnum } from "./enums";

/** The rule has no options. */
export type CustomerManagedKeyConfig = NoOptions;

/** A reminder for people who set keyVaultReference and expect encryption. */
function keyVaultReferenceNote(account: BatchAccount): string {
  return isSet(account, "keyVaultReference")
    ? " (keyVaultReference is the key vault for UserSubscription pool allocation; it does not encrypt account data)"
    : "";
}

export const customerManagedKey = defineRule<CustomerManagedKeyConfig>({
  name: "batch-customer-managed-key",
  description:
    "Batch accounts encrypt data with a customer-managed key: encryption.keySource is Microsoft.KeyVault (any case) and keyVaultProperties.keyIdentifier is set.",
  displayName: "Customer-managed key encryption",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "encryption",
  scope: "any",
  anchors: [
    azurePolicy(
      "99e9ccd8-3db9-4592-b0d1-14b1715a4d8a",
      "Azure Batch account should use customer-managed keys to encrypt data",
      "the built-in checks only encryption.keySource; this rule also requires encryption.keyVaultProperties.keyIdentifier (ARM needs it with Microsoft.KeyVault), so it is stricter",
    ),
    mcsb("DP-5"),
    checkov(
      "CKV_AZURE_76",
      "Ensure that Azure Batch account uses key vault to encrypt data",
      "Checkov inspects keyVaultReference, which is the pool-allocation key vault, not encryption; this rule inspects encryption.keySource",
    ),
  ],
  remediationSteps:
    'Give the account an identity with access to a Key Vault key, then set encryption to { keySource: "Microsoft.KeyVault", keyVaultProperties: { keyIdentifier: "https://<vault>.vault.azure.net/keys/<key>" } } (classic provider: encryption.keyVaultKeyId).',
  options: {},
  check(account: BatchAccount) {
    if (!isSet(account, "encryption")) {
      return [
        finding(
          "encryption",
          `encryption is not set, so account data is encrypted with Microsoft-managed keys${keyVaultReferenceNote(account)}.`,
        ),
      ];
    }
    const encryption = account.encryption!;
    const keySource = encryption.keySource;
    if (!sameEnum(keySource, "Microsoft.KeyVault")) {
      const shown = keySource === undefined ? 'absent (Microsoft-managed keys, "Microsoft.Batch")' : show(keySource);
      return [
        finding(
          "encryption.keySource",
          `encryption.keySource is ${shown}; it must be "Microsoft.KeyVault"${keyVaultReferenceNote(account)}.`,
        ),
      ];
    }
    if (!isSet(encryption.keyVaultProperties, "keyIdentifier")) {
      return [
        finding(
          "encryption.keyVaultProperties.keyIdentifier",
          'encryption.keyVaultProperties.keyIdentifier is not set, but keySource "Microsoft.KeyVault" needs the key to use.',
        ),
      ];
    }
    return [];
  },
});

export const encryptionRules = [customerManagedKey];
