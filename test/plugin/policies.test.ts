// The policy pack judges BatchAccountReference through both doors: the dynamic type the TypeScript
// class registers and the plugin's type, each mapped from the inputs its door's `check` really gives
// (reference-doors.ts), onto the model the lookup parses, with the same findings.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBatchAccount } from "../../policies/check";
import { mapResource } from "../../policies/mapping";
import { BATCH_ACCOUNT_REFERENCE, BATCH_ACCOUNT_REFERENCE_PLUGIN, BATCH_ACCOUNT_TYPES } from "../../policies/resource-types";
import { parseBatchAccount } from "../../provider/model/parse-batch-account";
import { type ReferenceDoors, startReferenceDoors } from "./reference-doors";

let doors: ReferenceDoors;

beforeAll(async () => {
  doors = await startReferenceDoors();
}, 60_000);
afterAll(() => doors?.stop());

describe("policies on BatchAccountReference, through both doors", () => {
  it("judges both reference types", () => {
    expect(BATCH_ACCOUNT_TYPES).toContain(BATCH_ACCOUNT_REFERENCE);
    expect(BATCH_ACCOUNT_TYPES).toContain(BATCH_ACCOUNT_REFERENCE_PLUGIN);
  });

  it("the class registers the dynamic type the policy pack judges, and the plugin serves the pack's plugin type", async () => {
    expect(doors.serialized.type).toBe(BATCH_ACCOUNT_REFERENCE);
    expect(doors.serialized.provider).toContain('require("azure-batch-lookup/reference-provider")');
    const schema = JSON.parse(await doors.pluginDoor.client.getSchema()) as { resources: Record<string, unknown> };
    expect(Object.keys(schema.resources)).toEqual([BATCH_ACCOUNT_REFERENCE_PLUGIN]);
  });

  it("the policy pack maps every account both doors' check gives the same, as the account the lookup parses", async () => {
    const accounts = doors.emu.listAccounts();
    expect(accounts.length).toBeGreaterThan(3);
    for (const arm of accounts) {
      const model = parseBatchAccount(arm);
      const news = { accountName: model.name, resourceGroupName: model.resourceGroupName, subscriptionId: model.subscriptionId };
      const { dynamic, plugin } = await doors.check(news);
      const viaDynamic = mapResource(BATCH_ACCOUNT_REFERENCE, { ...dynamic.inputs, __provider: doors.serialized.provider }, "ref")!;
      const viaPlugin = mapResource(BATCH_ACCOUNT_REFERENCE_PLUGIN, plugin.inputs, "ref")!;
      expect(viaPlugin.resourceType).toBe(BATCH_ACCOUNT_REFERENCE_PLUGIN);
      expect({ ...viaPlugin, resourceType: viaDynamic.resourceType }, model.id).toEqual(viaDynamic);
      expect(JSON.parse(JSON.stringify(viaPlugin.account)), model.id).toEqual(JSON.parse(JSON.stringify(model)));
      expect(checkBatchAccount(viaPlugin.account, { all: "advisory" }, { existing: true })).toEqual(
        checkBatchAccount(viaDynamic.account, { all: "advisory" }, { existing: true }),
      );
    }
  });
});
