// `BatchAccountReference` inputs → the BatchAccount model.
//
// The reference is a dynamic resource of azure-batch-lookup (or the provider plugin's resource of the
// same name, for programs in other languages: same inputs). Its provider's `check` looks the
// existing account up and puts every BatchAccount field at the top level of the inputs, under the
// model's names, next to the lookup arguments (accountName, resourceGroupName, subscriptionId) and
// `__provider` (the serialized provider, ignored here). So the mapping is a copy of the model's field
// list (BATCH_ACCOUNT_FIELDS), with unknown values tracked; absent defaults are the model's (publicNetworkAccess "Enabled", autoStorage
// authenticationMode "StorageKeys"). Inputs without an account `id` have not been resolved (the
// lookup could not run yet): every field is then reported as not known yet.

import { BATCH_ACCOUNT_FIELD_NAMES, BATCH_API_VERSION, type BatchAccount, DOCUMENTED_DEFAULTS } from "azure-batch-lookup";
import { BATCH_ACCOUNT_REFERENCE } from "../resource-types";
import { accountLabel, InputReader, type MappedAccount } from "./mapped-account";

/** Maps the inputs of a `BatchAccountReference` (after its provider's `check`) onto the model. */
export function mapReferenceInputs(props: unknown, resourceName?: string, resourceType: string = BATCH_ACCOUNT_REFERENCE): MappedAccount {
  const r = new InputReader();
  const out: Record<string, unknown> = {};
  // Every field of the model is a key, as in a parsed account (undefined where absent).
  for (const field of BATCH_ACCOUNT_FIELD_NAMES) out[field] = r.copy(props, field, [field]);
  const resolved = typeof out.id === "string" && out.id !== "";
  if (!resolved) {
    for (const field of BATCH_ACCOUNT_FIELD_NAMES) r.markUnknown([field]);
  } else {
    if (out.publicNetworkAccess === undefined && !r.isUnknown(["publicNetworkAccess"]))
      out.publicNetworkAccess = DOCUMENTED_DEFAULTS.publicNetworkAccess;
    const auto = out.autoStorage as Record<string, unknown> | undefined;
    if (auto !== undefined && auto.authenticationMode === undefined && !r.isUnknown(["autoStorage", "authenticationMode"])) {
      auto.authenticationMode = DOCUMENTED_DEFAULTS.autoStorageAuthenticationMode;
    }
    if (out.azureApiVersion === undefined && !r.isUnknown(["azureApiVersion"])) out.azureApiVersion = BATCH_API_VERSION;
  }
  const name = typeof out.name === "string" ? out.name : r.string(props, "accountName", ["name"]);
  return {
    source: "reference",
    resourceType,
    account: out as unknown as BatchAccount,
    unknown: r.unknown,
    existing: true,
    label: accountLabel(name, resourceName),
    inputNames: {},
  };
}
