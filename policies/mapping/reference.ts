// `BatchAccountReference` inputs → the BatchAccount model.
//
// The reference is a dynamic resource of azure-batch-lookup. Its provider's `check` looks the
// existing account up and puts every BatchAccount field at the top level of the inputs, under the
// model's names, next to the lookup arguments (accountName, resourceGroupName, subscriptionId) and
// `__provider` (the serialized provider, ignored here). So the mapping is a copy, with unknown values
// tracked; absent defaults are the model's (publicNetworkAccess "Enabled", autoStorage
// authenticationMode "StorageKeys"). Inputs without an account `id` have not been resolved (the
// lookup could not run yet): every field is then reported as not known yet.

import type { BatchAccount } from "azure-batch-lookup";
import { BATCH_ACCOUNT_REFERENCE } from "../resource-types";
import { InputReader, accountLabel, type MappedAccount } from "./mapped-account";
import { MODEL_API_VERSION } from "./common";

/** Every field of the model, checked against `BatchAccount` at compile time (both ways). */
export const MODEL_FIELDS = [
  "id",
  "name",
  "type",
  "location",
  "tags",
  "identity",
  "accountEndpoint",
  "nodeManagementEndpoint",
  "provisioningState",
  "poolAllocationMode",
  "keyVaultReference",
  "publicNetworkAccess",
  "networkProfile",
  "privateEndpointConnections",
  "autoStorage",
  "encryption",
  "dedicatedCoreQuota",
  "lowPriorityCoreQuota",
  "dedicatedCoreQuotaPerVMFamily",
  "dedicatedCoreQuotaPerVMFamilyEnforced",
  "poolQuota",
  "activeJobAndJobScheduleQuota",
  "allowedAuthenticationModes",
  "subscriptionId",
  "resourceGroupName",
  "azureApiVersion",
] as const satisfies readonly (keyof BatchAccount)[];

type MissingFields = Exclude<keyof BatchAccount, (typeof MODEL_FIELDS)[number]>;
const everyFieldListed: [MissingFields] extends [never] ? true : MissingFields = true;
void everyFieldListed;

/** Maps the inputs of a `BatchAccountReference` (after its provider's `check`) onto the model. */
export function mapReferenceInputs(props: unknown, resourceName?: string): MappedAccount {
  const r = new InputReader();
  const out: Record<string, unknown> = {};
  for (const field of MODEL_FIELDS) {
    const value = r.copy(props, field, [field]);
    if (value !== undefined) out[field] = value;
  }
  const resolved = typeof out.id === "string" && out.id !== "";
  if (!resolved) {
    for (const field of MODEL_FIELDS) r.markUnknown([field]);
  } else {
    if (out.publicNetworkAccess === undefined && !r.isUnknown(["publicNetworkAccess"])) out.publicNetworkAccess = "Enabled";
    const auto = out.autoStorage as Record<string, unknown> | undefined;
    if (auto !== undefined && auto.authenticationMode === undefined && !r.isUnknown(["autoStorage", "authenticationMode"])) {
      auto.authenticationMode = "StorageKeys";
    }
    if (out.azureApiVersion === undefined && !r.isUnknown(["azureApiVersion"])) out.azureApiVersion = MODEL_API_VERSION;
  }
  const name = typeof out.name === "string" ? out.name : r.string(props, "accountName", ["name"]);
  return {
    source: "reference",
    resourceType: BATCH_ACCOUNT_REFERENCE,
    account: out as unknown as BatchAccount,
    unknown: r.unknown,
    existing: true,
    label: accountLabel(name, resourceName),
    inputNames: {},
  };
}
