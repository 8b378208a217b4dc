// `azure:batch/account:Account` (classic provider, Terraform `azurerm_batch_account`) inputs → the
// BatchAccount model.
//
// Inputs (pulumi/pulumi-azure AccountArgs; the Terraform schema in terraform-provider-azurerm
// internal/services/batch/batch_account_resource.go): name, resourceGroupName, location, tags,
// identity {type: "SystemAssigned" | "UserAssigned", identityIds}, poolAllocationMode,
// keyVaultReference {id, url}, storageAccountId, storageAccountAuthenticationMode,
// storageAccountNodeIdentity, publicNetworkAccessEnabled (bool), networkProfile {accountAccess,
// nodeManagementAccess: {defaultAction, ipRules [{action, ipRange}]}}, encryption {keyVaultKeyId},
// allowedAuthenticationModes.
//
// How the provider turns them into the REST body, and so into the model:
// - publicNetworkAccessEnabled (default true) → publicNetworkAccess "Enabled" / "Disabled";
// - storageAccountId + storageAccountAuthenticationMode + storageAccountNodeIdentity → autoStorage
//   {storageAccountId, authenticationMode, nodeIdentityReference {resourceId}} (an absent mode is
//   ARM's default, StorageKeys);
// - encryption {keyVaultKeyId} → {keySource "Microsoft.KeyVault", keyVaultProperties {keyIdentifier}};
//   no encryption block → {keySource "Microsoft.Batch"} (expandEncryption);
// - identity.identityIds → identity.userAssignedIdentities keyed by id;
// - allowedAuthenticationModes = [] → absent: the create request leaves an empty list out, so Azure
//   applies its default (every mode);
// - networkProfile: defaultAction defaults to "Deny", an IP rule's action to "Allow", ipRange → value;
// - poolAllocationMode defaults to "BatchService".

import { type AutoStorageProperties, type BatchAccountIdentity, DOCUMENTED_DEFAULTS, type EncryptionProperties } from "azure-batch-lookup";
import { CLASSIC_BATCH_ACCOUNT } from "../resource-types";
import { userAssignedIdentities } from "./azure-native";
import { declaredAccount, keyVaultReference, networkProfile, orDefault } from "./common";
import { accountLabel, InputReader, type MappedAccount, put } from "./mapped-account";

/** Where a model property comes from in the classic inputs (for messages). */
export const CLASSIC_INPUT_NAMES: Readonly<Record<string, string>> = {
  publicNetworkAccess: "publicNetworkAccessEnabled",
  autoStorage: "storageAccountId",
  "autoStorage.storageAccountId": "storageAccountId",
  "autoStorage.authenticationMode": "storageAccountAuthenticationMode",
  "autoStorage.nodeIdentityReference.resourceId": "storageAccountNodeIdentity",
  encryption: "encryption",
  "encryption.keySource": "encryption",
  "encryption.keyVaultProperties.keyIdentifier": "encryption.keyVaultKeyId",
  "identity.userAssignedIdentities": "identity.identityIds",
  "networkProfile.accountAccess.ipRules[].value": "networkProfile.accountAccess.ipRules[].ipRange",
  "networkProfile.nodeManagementAccess.ipRules[].value": "networkProfile.nodeManagementAccess.ipRules[].ipRange",
};

/** Maps the inputs of an `azure:batch/account:Account` (as `args.props` shows them) onto the model. */
export function mapClassicInputs(props: unknown, resourceName?: string): MappedAccount {
  const r = new InputReader();
  const name = r.string(props, "name", ["name"]);
  const resourceGroupName = r.string(props, "resourceGroupName", ["resourceGroupName"]);
  const location = r.string(props, "location", ["location"]);
  if (location === undefined) r.markUnknown(["location"]); // required by the provider; absent means not resolved

  const account = declaredAccount(r, { name, resourceName, resourceGroupName, location });

  const enabled = orDefault(r, r.boolean(props, "publicNetworkAccessEnabled", ["publicNetworkAccess"]), ["publicNetworkAccess"], true);
  if (enabled !== undefined) account.publicNetworkAccess = enabled ? "Enabled" : "Disabled";
  put(
    account,
    "poolAllocationMode",
    orDefault(r, r.string(props, "poolAllocationMode", ["poolAllocationMode"]), ["poolAllocationMode"], "BatchService"),
  );
  put(account, "tags", r.stringMap(props, "tags", ["tags"]));
  put(account, "identity", identity(r, props));
  put(account, "autoStorage", autoStorage(r, props));
  put(account, "encryption", encryption(r, props));
  put(account, "keyVaultReference", keyVaultReference(r, props));
  put(
    account,
    "networkProfile",
    networkProfile(r, props, { ipRuleValueKey: "ipRange", defaultActionDefault: "Deny", ipRuleActionDefault: "Allow" }),
  );
  // azurerm's create sends allowed_authentication_modes only when the list is non-empty (an empty
  // list is dropped from the request), so Azure applies its default of every mode: mapped as absent,
  // never as the built-in's compliant empty list.
  const modes = r.stringArray(props, "allowedAuthenticationModes", ["allowedAuthenticationModes"]);
  put(account, "allowedAuthenticationModes", modes !== undefined && modes.length === 0 ? undefined : modes);

  return {
    source: "classic",
    resourceType: CLASSIC_BATCH_ACCOUNT,
    account,
    unknown: r.unknown,
    existing: false,
    label: accountLabel(name, resourceName),
    inputNames: CLASSIC_INPUT_NAMES,
  };
}

function identity(r: InputReader, props: unknown): BatchAccountIdentity | undefined {
  const o = r.object(props, "identity", ["identity"]);
  if (o === undefined) return undefined;
  const out = {} as BatchAccountIdentity;
  put(out, "type", r.string(o, "type", ["identity", "type"]));
  put(out, "userAssignedIdentities", userAssignedIdentities(r, o, "identityIds", ["identity", "userAssignedIdentities"]));
  return out;
}

function autoStorage(r: InputReader, props: unknown): AutoStorageProperties | undefined {
  const idPath = ["autoStorage", "storageAccountId"];
  const storageAccountId = r.string(props, "storageAccountId", idPath);
  if (storageAccountId === undefined && !r.isUnknown(idPath)) return undefined;
  const out = {} as AutoStorageProperties;
  put(out, "storageAccountId", storageAccountId);
  const modePath = ["autoStorage", "authenticationMode"];
  put(
    out,
    "authenticationMode",
    orDefault(
      r,
      r.string(props, "storageAccountAuthenticationMode", modePath),
      modePath,
      DOCUMENTED_DEFAULTS.autoStorageAuthenticationMode,
    ),
  );
  const nodePath = ["autoStorage", "nodeIdentityReference", "resourceId"];
  const node = r.string(props, "storageAccountNodeIdentity", nodePath);
  if (node !== undefined || r.isUnknown(nodePath)) {
    out.nodeIdentityReference = {};
    put(out.nodeIdentityReference, "resourceId", node);
  }
  r.markUnknown(["autoStorage", "lastKeySync"]);
  return out;
}

function encryption(r: InputReader, props: unknown): EncryptionProperties | undefined {
  const o = r.object(props, "encryption", ["encryption"]);
  if (o === undefined) {
    // An unknown block stays unknown; an absent one is what the provider sends: Microsoft-managed keys.
    return r.isUnknown(["encryption"]) ? undefined : { keySource: "Microsoft.Batch" };
  }
  const out: EncryptionProperties = { keySource: "Microsoft.KeyVault", keyVaultProperties: {} };
  put(out.keyVaultProperties!, "keyIdentifier", r.string(o, "keyVaultKeyId", ["encryption", "keyVaultProperties", "keyIdentifier"]));
  return out;
}
