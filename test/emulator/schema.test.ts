/**
 * Every body the emulator serves (Get, List pages, List By Resource Group pages, errors) must be
 * valid against the OpenAPI document's schemas, with unknown fields rejected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONTOSO_SUBSCRIPTION_ID,
  defaultEmulatorData,
  EMULATOR_EXPIRED_TOKEN,
  EMULATOR_NO_ACCESS_TOKEN,
  generateDataSet,
  mergeData,
  type RunningEmulator,
  startEmulator,
} from "../../emulator";
import { AUTH, allPages, armGet, armUrl, getPath, listByRgPath, listPath, trustCa } from "./helpers";
import { loadSpecValidator, type SpecValidator } from "./openapi-schema";

const GENERATED_SUB = "7a1b2c3d-0000-4000-8000-0000000000aa";

let emu: RunningEmulator;
let spec: SpecValidator;

beforeAll(async () => {
  spec = loadSpecValidator();
  const data = mergeData(defaultEmulatorData(), generateDataSet({ count: 40, subscriptionId: GENERATED_SUB, resourceGroups: 3 }));
  emu = await startEmulator({ data, pageSize: 3 });
  trustCa(emu.caCertPem);
});
afterAll(() => emu?.stop());

function expectValid(definition: string, body: unknown, what: string): void {
  const errors = spec.errors(definition, body);
  expect(errors, `${what}: ${errors.join("; ")}`).toEqual([]);
}

describe("the schema converter", () => {
  it("rejects an unknown field, a wrong enum value and a wrong type", () => {
    const good = emu.listAccounts()[0];
    expect(spec.errors("BatchAccount", good)).toEqual([]);
    expect(spec.errors("BatchAccount", { ...good, extra: 1 }).join()).toMatch(/additional/);
    expect(spec.errors("BatchAccount", { ...good, properties: { ...good.properties, publicNetworkAccess: "Open" } }).join()).toMatch(
      /allowed/,
    );
    expect(spec.errors("BatchAccount", { ...good, properties: { ...good.properties, poolQuota: "20" } }).join()).toMatch(/integer/);
    expect(
      spec.errors("BatchAccount", { ...good, properties: { ...good.properties, networkProfile: { accountAccess: {} } } }).join(),
    ).toMatch(/defaultAction/);
    expect(spec.errors("CloudError", { error: { code: "x", message: "y", extra: true } }).join()).toMatch(/additional/);
  });
});

describe("every emulator response body matches the OpenAPI schemas", () => {
  it("Get: every account", async () => {
    const accounts = emu.listAccounts();
    expect(accounts.length).toBeGreaterThan(50);
    for (const a of accounts) {
      const p = /\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/.*batchAccounts\/([^/]+)$/.exec(a.id)!;
      const res = await armGet(armUrl(emu, getPath(p[1], p[2], p[3])));
      expect(res.status).toBe(200);
      expectValid("BatchAccount", (await res.json()) as any, a.id);
    }
  });

  it("List: every page of every subscription", async () => {
    for (const s of emu.subscriptions()) {
      const pages = await allPages(armUrl(emu, listPath(s.subscriptionId)));
      for (const [i, page] of pages.entries()) expectValid("BatchAccountListResult", page, `${s.subscriptionId} page ${i}`);
      expect(pages.flatMap((p) => p.value).length).toBe(emu.listAccounts({ subscriptionId: s.subscriptionId }).length);
    }
  });

  it("List By Resource Group: every page of every resource group (with empty pages too)", async () => {
    emu.setPaging({ emptyPages: 1 });
    try {
      for (const s of emu.subscriptions()) {
        for (const rg of s.resourceGroups ?? []) {
          const pages = await allPages(armUrl(emu, listByRgPath(s.subscriptionId, rg.name)));
          for (const [i, page] of pages.entries()) expectValid("BatchAccountListResult", page, `${rg.name} page ${i}`);
        }
      }
    } finally {
      emu.setPaging({ emptyPages: 0 });
    }
  });

  it("errors: every error body is a CloudError", async () => {
    const sub = CONTOSO_SUBSCRIPTION_ID;
    const urls: Array<[string, Record<string, string>]> = [
      [`${emu.url}${listPath(sub)}`, AUTH],
      [armUrl(emu, listPath(sub), "api-version=2000-01-01"), AUTH],
      [armUrl(emu, listPath(sub), "api-version=latest"), AUTH],
      [armUrl(emu, listPath("not-a-guid")), AUTH],
      [armUrl(emu, listPath("00000000-0000-0000-0000-000000000001")), AUTH],
      [armUrl(emu, listByRgPath(sub, "nope")), AUTH],
      [armUrl(emu, getPath(sub, "rg-empty", "nope")), AUTH],
      [armUrl(emu, listPath(sub)), {}],
      [armUrl(emu, listPath(sub)), { authorization: "Bearer wrong" }],
      [armUrl(emu, listPath(sub)), { authorization: "Basic abc" }],
      [armUrl(emu, listPath(sub)), { authorization: `Bearer ${EMULATOR_EXPIRED_TOKEN}` }],
      [armUrl(emu, listPath(sub)), { authorization: `Bearer ${EMULATOR_NO_ACCESS_TOKEN}` }],
      [armUrl(emu, listPath(sub), `${"api-version=2024-07-01"}&$skiptoken=garbage`), AUTH],
      [armUrl(emu, "/subscriptions/x/providers/Microsoft.Compute/virtualMachines"), AUTH],
    ];
    for (const [url, headers] of urls) {
      const res = await armGet(url, headers);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expectValid("CloudError", (await res.json()) as any, url);
    }
    const faults = [{ kind: "throttle" }, { kind: "status", status: 503 }, { kind: "expired-token" }, { kind: "forbidden" }] as const;
    for (const f of faults) {
      emu.faults.add({ ...f, times: 1 });
      const res = await armGet(armUrl(emu, listPath(sub)));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expectValid("CloudError", (await res.json()) as any, f.kind);
    }
  });
});
