/**
 * The generator: large, deterministic, fully populated, valid data sets the emulator serves.
 */
import { describe, expect, it } from "vitest";
import { generateAccounts, generateDataSet, startEmulator, validateData } from "../../emulator";
import { AUTH, allPages, armGet, listByRgPath, listPath } from "./helpers";
import { loadSpecValidator } from "./openapi-schema";

describe("generateAccounts", () => {
  it("10,000 fully populated accounts across resource groups, deterministic and unique", () => {
    const sub = "3c4d5e6f-0000-4000-8000-000000000001";
    const accounts = generateAccounts({ count: 10_000, subscriptionId: sub });
    expect(accounts).toHaveLength(10_000);
    expect(new Set(accounts.map((a) => a.id.toLowerCase())).size).toBe(10_000);
    expect(new Set(accounts.map((a) => a.id.split("/")[4])).size).toBe(100);
    for (const a of accounts) expect(a.name).toMatch(/^[a-zA-Z0-9]{3,24}$/);
    expect(generateAccounts({ count: 50, subscriptionId: sub, resourceGroups: 100 })).toEqual(accounts.slice(0, 50));
    const spec = loadSpecValidator();
    for (const a of accounts.slice(0, 210)) // every combination of the variants (period 2*3*5*7)
      expect(spec.errors("BatchAccount", a)).toEqual([]);
    const fields = new Set(accounts.slice(0, 10).flatMap((a) => Object.keys(a.properties!)));
    expect(fields.size).toBe(17);
    expect(() => validateData(generateDataSet({ count: 300, subscriptionId: sub, resourceGroups: ["a", "b"] }))).not.toThrow();
  });

  it("rejects bad options", () => {
    expect(() => generateAccounts({ count: 1, subscriptionId: "nope" })).toThrow(/GUID/);
    expect(() => generateAccounts({ count: 1, subscriptionId: "3c4d5e6f-0000-4000-8000-000000000001", namePrefix: "bad-prefix" })).toThrow(/letters and digits/);
    expect(() => generateAccounts({ count: 1, subscriptionId: "3c4d5e6f-0000-4000-8000-000000000001", namePrefix: "x".repeat(20) })).toThrow(/too long/);
  });

  it("the emulator serves a generated 10,000-account subscription", async () => {
    const sub = "3c4d5e6f-0000-4000-8000-000000000002";
    const emu = await startEmulator({ https: false, pageSize: 100, generate: { count: 10_000, subscriptionId: sub } });
    try {
      expect(emu.listAccounts({ subscriptionId: sub })).toHaveLength(10_000);
      const first = await (await armGet(`${emu.url}${listPath(sub)}?api-version=2024-07-01`)).json() as any;
      expect(first.value).toHaveLength(100);
      expect(first.nextLink).toContain("$skiptoken=");
      const rg = await allPages(`${emu.url}${listByRgPath(sub, "rg-generated-007")}?api-version=2024-07-01`, AUTH);
      expect(rg.flatMap((p) => p.value).length).toBe(100);
      const last = await armGet(`${emu.url}/subscriptions/${sub}/resourceGroups/rg-generated-100/providers/Microsoft.Batch/batchAccounts/gen009999?api-version=2024-07-01`);
      expect(((await last.json() as any)).name).toBe("gen009999");
    } finally {
      await emu.stop();
    }
  });
});
