// A BatchAccount model handed to `checkBatchAccount` (for example from `getBatchAccount`).

import type { BatchAccount } from "azure-batch-lookup";
import { type ModelPath, pathKey } from "../unknowns";
import { accountLabel, type MappedAccount } from "./mapped-account";

export interface ModelOptions {
  /** The account exists in Azure, so the existing-only rules apply (provisioning state, private link). Default false. */
  existing?: boolean;
  /** Model paths whose values are not known yet, for callers that have them (`["networkProfile", "accountAccess"]`). */
  unknownPaths?: readonly ModelPath[];
}

export function mapModel(account: BatchAccount, options: ModelOptions = {}): MappedAccount {
  return {
    source: "model",
    resourceType: "model",
    account,
    unknown: new Set((options.unknownPaths ?? []).map(pathKey)),
    existing: options.existing ?? false,
    label: accountLabel(account.name, undefined),
    inputNames: {},
  };
}
