/**
 * The generator: large, deterministic, fully populated, valid data sets the emulator serves.
 */
import { describe, expect, it } from "vitest";
import {
  EmulatorDataError,
  generateAccounts,
  generateDataSet,
  generateTenantDataSet,
  startEmulator,
  tenantSubscriptionIds,
  validateData,
} from "../../emulator";
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
    expect(() => generateAccounts({ count: 1, subscriptionId: "3c4d5e6f-0000-4000-8000-000000000001", namePrefix: "bad-prefix" })).toThrow(
      /letters and digits/,
    );
    expect(() =>
      generateAccounts({ count: 1, subscriptionId: "3c4d5e6f-0000-4000-8000-000000000001", namePrefix: "x".repeat(20) }),
    ).toThrow(/too long/);
  });

  it("the emulator serves a generated 10,000-account subscription", async () => {
    const sub = "3c4d5e6f-0000-4000-8000-000000000002";
    const emu = await startEmulator({ https: false, pageSize: 100, generate: { count: 10_000, subscriptionId: sub } });
    try {
      expect(emu.listAccounts({ subscriptionId: sub })).toHaveLength(10_000);
      const first = (await (await armGet(`${emu.url}${listPath(sub)}?api-version=2024-07-01`)).json()) as any;
      expect(first.value).toHaveLength(100);
      expect(first.nextLink).toContain("$skiptoken=");
      const rg = await allPages(`${emu.url}${listByRgPath(sub, "rg-generated-007")}?api-version=2024-07-01`, AUTH);
      expect(rg.flatMap((p) => p.value).length).toBe(100);
      const last = await armGet(
        `${emu.url}/subscriptions/${sub}/resourceGroups/rg-generated-100/providers/Microsoft.Batch/batchAccounts/gen009999?api-version=2024-07-01`,
      );
      expect(((await last.json()) as any).name).toBe("gen009999");
    } finally {
      await emu.stop();
    }
  });
});

describe("generateTenantDataSet", () => {
  it("200 subscriptions x 50 accounts: valid, deterministic by seed, under management groups", () => {
    const data = generateTenantDataSet({ subscriptions: 200, accountsPerSubscription: 50 });
    expect(() => validateData(data)).not.toThrow();
    expect(data.subscriptions).toHaveLength(200);
    expect(data.accounts).toHaveLength(10_000);
    expect(new Set(data.accounts.map((a) => a.id.toLowerCase())).size).toBe(10_000);
    expect(data.subscriptions.map((s) => s.subscriptionId)).toEqual(tenantSubscriptionIds(200));
    // Two groups (one per 100 subscriptions) below a root; every subscription in exactly one.
    expect(data.managementGroups!.map((g) => g.id)).toEqual(["mg-generated-root", "mg-generated-1", "mg-generated-2"]);
    expect(data.managementGroups![0].children).toEqual(["mg-generated-1", "mg-generated-2"]);
    const grouped = data.managementGroups!.flatMap((g) => g.subscriptions ?? []);
    expect([...grouped].sort()).toEqual([...tenantSubscriptionIds(200)].sort());
    // Same seed, same data; another seed, other subscription ids.
    const again = generateTenantDataSet({ subscriptions: 3, accountsPerSubscription: 2 });
    expect(again).toEqual(generateTenantDataSet({ subscriptions: 3, accountsPerSubscription: 2 }));
    const seeded = generateTenantDataSet({ subscriptions: 3, accountsPerSubscription: 2, seed: 7 });
    expect(seeded.subscriptions.map((s) => s.subscriptionId)).not.toEqual(again.subscriptions.map((s) => s.subscriptionId));
    expect(new Set([...tenantSubscriptionIds(500, 1), ...tenantSubscriptionIds(500, 2)]).size).toBe(1000);
  });

  it("rejects bad options", () => {
    expect(() => generateTenantDataSet({ subscriptions: -1, accountsPerSubscription: 1 })).toThrow(/subscriptions must be an integer >= 0/);
    expect(() => generateTenantDataSet({ subscriptions: 1, accountsPerSubscription: 1.5 })).toThrow(/accountsPerSubscription/);
    expect(() => generateTenantDataSet({ subscriptions: 1, accountsPerSubscription: 1, managementGroups: 0 })).toThrow(/managementGroups/);
  });

  it("the emulator serves a generated tenant: subscriptions and their accounts", async () => {
    const emu = await startEmulator({
      data: { subscriptions: [], accounts: [] },
      generateTenant: { subscriptions: 20, accountsPerSubscription: 5 },
      https: false,
    });
    try {
      expect(emu.subscriptions()).toHaveLength(20);
      expect(emu.listAccounts()).toHaveLength(100);
      const sub = tenantSubscriptionIds(20)[19];
      const pages = await allPages(`${emu.url}${listPath(sub)}?api-version=2024-07-01`);
      expect(pages.flatMap((p) => p.value)).toEqual(emu.listAccounts({ subscriptionId: sub }));
    } finally {
      await emu.stop();
    }
  });
});

describe("management groups in the data file", () => {
  const sub = "3c4d5e6f-0000-4000-8000-000000000001";
  const base = { subscriptions: [{ subscriptionId: sub }], accounts: [] };
  it("are checked: ids, known subscriptions and children, one parent, no cycles", () => {
    const bad: Array<[unknown, RegExp]> = [
      [[{ id: "bad/id" }], /"id" must be 1-90/],
      [[{ id: "a" }, { id: "A" }], /declared twice/],
      [[{ id: "a", subscriptions: ["5ab1d000-0000-4000-8000-00000000ffff"] }], /is not declared under "subscriptions"/],
      [[{ id: "a", children: ["b"] }], /undeclared child "b"/],
      [
        [
          { id: "a", subscriptions: [sub] },
          { id: "b", subscriptions: [sub] },
        ],
        /in two management groups/,
      ],
      [[{ id: "a", children: ["c"] }, { id: "b", children: ["c"] }, { id: "c" }], /below two parents/],
      [
        [
          { id: "a", children: ["b"] },
          { id: "b", children: ["a"] },
        ],
        /below itself/,
      ],
      ["groups", /must be an array/],
    ];
    for (const [managementGroups, message] of bad) {
      expect(() => validateData({ ...base, managementGroups }), JSON.stringify(managementGroups)).toThrow(EmulatorDataError);
      expect(() => validateData({ ...base, managementGroups }), JSON.stringify(managementGroups)).toThrow(message);
    }
    expect(() =>
      validateData({
        ...base,
        managementGroups: [
          { id: "root", children: ["leaf"] },
          { id: "leaf", subscriptions: [sub] },
        ],
      }),
    ).not.toThrow();
  });
});
