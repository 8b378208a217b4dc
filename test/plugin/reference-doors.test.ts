// Both doors of BatchAccountReference at the gRPC boundary the engine talks to (reference-doors.ts):
// the same inputs give the same state (check's inputs), failures, outputs, diff and refresh.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLES_SUBSCRIPTION_ID } from "../../emulator";
import { UNKNOWN_VALUE } from "../../provider/reference/engine-values";
import { type ReferenceDoors, startReferenceDoors } from "./reference-doors";

let doors: ReferenceDoors;

beforeAll(async () => {
  doors = await startReferenceDoors();
}, 60_000);
afterAll(() => doors?.stop());
beforeEach(() => doors.emu.resetData());

const SAMPLE = { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast" };
const SAMPLE_REF = { ...SAMPLE, subscriptionId: EXAMPLES_SUBSCRIPTION_ID };

describe("BatchAccountReference through both doors", () => {
  for (const [label, news] of [
    ["the subscription given", SAMPLE_REF],
    ["the subscription from configuration", SAMPLE],
    [
      "names in another casing",
      {
        accountName: "SampleAcct",
        resourceGroupName: "Default-AzureBatch-JapanEast",
        subscriptionId: EXAMPLES_SUBSCRIPTION_ID.toUpperCase(),
      },
    ],
    ["an argument not known yet", { ...SAMPLE, accountName: UNKNOWN_VALUE }],
    ["a bad argument", { ...SAMPLE, accountName: "not_valid" }],
  ] as const) {
    it(`check gives the same inputs and failures: ${label}`, async () => {
      const { dynamic, plugin } = await doors.check(news);
      expect(dynamic).toEqual(plugin);
    });
  }

  it("check of a missing account fails the same way", async () => {
    const news = { ...SAMPLE, accountName: "nosuchaccount" };
    const [d, p] = await Promise.all([
      doors.dynamicDoor.client.check(doors.DYNAMIC_URN, { ...news, __provider: doors.serialized.provider }).catch((e: Error) => e),
      doors.pluginDoor.client.check(doors.PLUGIN_URN, news).catch((e: Error) => e),
    ]);
    expect(d).toBeInstanceOf(Error);
    expect(p).toBeInstanceOf(Error);
    for (const err of [d, p] as Error[]) expect(err.message).toMatch(/nosuchaccount/);
  });

  it("create, diff, update and refresh give the same id, outputs and diff; create reads nothing more", async () => {
    const { dynamic: checked, plugin: pluginChecked } = await doors.check(SAMPLE);
    expect(checked).toEqual(pluginChecked);
    doors.emu.clearStats();
    const created = await doors.create(checked.inputs);
    expect(doors.emu.stats().requests).toEqual([]);
    expect(created.dynamic).toEqual(created.plugin);
    const { id, properties: outputs } = created.plugin;
    expect(id).toBe(doors.emu.getAccount(SAMPLE_REF)!.id);

    const same = await doors.diff(id, outputs, (await doors.check(SAMPLE, checked.inputs)).plugin.inputs);
    expect(same.dynamic).toEqual(same.plugin);
    expect(same.plugin).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: true });

    doors.emu.patchAccount(SAMPLE_REF, { properties: { publicNetworkAccess: "Disabled" }, tags: { costCenter: "4711" } });
    const changed = await doors.check(SAMPLE, checked.inputs);
    expect(changed.dynamic).toEqual(changed.plugin);
    const diff = await doors.diff(id, outputs, changed.plugin.inputs);
    expect(diff.dynamic).toEqual(diff.plugin);
    expect(diff.plugin).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: true });

    const renamed = await doors.diff(id, outputs, (await doors.check({ ...SAMPLE, accountName: UNKNOWN_VALUE })).plugin.inputs);
    expect(renamed.dynamic).toEqual(renamed.plugin);
    expect(renamed.plugin.replaces).toEqual(["accountName"]);

    const updated = await doors.update(id, outputs, changed.plugin.inputs);
    expect(updated.dynamic).toEqual(updated.plugin);
    expect(updated.plugin.publicNetworkAccess).toBe("Disabled");

    doors.emu.patchAccount(SAMPLE_REF, { properties: { publicNetworkAccess: "Enabled" } });
    const refreshed = await doors.read(id, updated.plugin, changed.plugin.inputs);
    expect(refreshed.dynamic).toEqual(refreshed.plugin);
    expect(refreshed.plugin.properties.publicNetworkAccess).toBe("Enabled");

    doors.emu.deleteAccount(SAMPLE_REF);
    const gone = await doors.read(id, updated.plugin, changed.plugin.inputs);
    expect(gone.dynamic).toEqual(gone.plugin);
    expect(gone.plugin.id).toBe("");
  });
});
