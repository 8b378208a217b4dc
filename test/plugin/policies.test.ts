// The policy pack maps the plugin's BatchAccountReference as it maps the dynamic one: the same
// inputs after `check`, the same model, the same findings.

import { describe, expect, it } from "vitest";
import { checkBatchAccount } from "../../policies/check";
import { mapResource } from "../../policies/mapping";
import { BATCH_ACCOUNT_REFERENCE, BATCH_ACCOUNT_REFERENCE_PLUGIN, BATCH_ACCOUNT_TYPES } from "../../policies/resource-types";
import { BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE } from "../../provider";
import { exampleAccounts } from "../policies/examples";

describe("policies on the plugin's BatchAccountReference", () => {
  it("is one of the account types the pack judges", () => {
    expect(BATCH_ACCOUNT_REFERENCE_PLUGIN).toBe("azure-batch-lookup:index:BatchAccountReference");
    expect(BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE).toBe(BATCH_ACCOUNT_REFERENCE_PLUGIN);
    expect(BATCH_ACCOUNT_TYPES).toContain(BATCH_ACCOUNT_REFERENCE_PLUGIN);
  });

  it("maps every official example as the dynamic reference's inputs are mapped", () => {
    for (const { id, account } of exampleAccounts()) {
      const inputs = { ...structuredClone(account), accountName: account.name };
      const plugin = mapResource(BATCH_ACCOUNT_REFERENCE_PLUGIN, inputs, "ref")!;
      const dynamic = mapResource(BATCH_ACCOUNT_REFERENCE, { ...inputs, __provider: "p" }, "ref")!;
      expect(plugin.resourceType, id).toBe(BATCH_ACCOUNT_REFERENCE_PLUGIN);
      expect({ ...plugin, resourceType: dynamic.resourceType }, id).toEqual(dynamic);
      expect(plugin.account, id).toEqual(account);
      expect(plugin.existing).toBe(true);
      expect(checkBatchAccount(plugin.account, { all: "advisory" }, { existing: true })).toEqual(
        checkBatchAccount(dynamic.account, { all: "advisory" }, { existing: true }),
      );
    }
  });
});
