/**
 * Resource Graph pages: schema checks, no silent partial lists, and rows that parse into exactly
 * the model ARM's own answers give (checked against the emulator's default data set, which holds
 * every official example).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_TOKEN, type RunningEmulator, startEmulator } from "../../../emulator";
import { parseBatchAccount } from "../../../provider/model/parse-batch-account";
import {
  BATCH_ACCOUNTS_QUERY,
  buildQueryRequests,
  nextPageRequest,
  resourceGraphUrl,
} from "../../../provider/tenant/resource-graph-request";
import { assertScopeComplete, parseResourceGraphPage, rowToArmAccount } from "../../../provider/tenant/resource-graph-response";
import { thrownBy } from "../../support/errors";

const ID = "/subscriptions/6c2a1f3e-8d4b-4f7a-9e15-3b0c7d9a2e41/resourceGroups/RG-One/providers/Microsoft.Batch/batchAccounts/acct1";
const ROW = {
  id: ID,
  name: "acct1",
  type: "microsoft.batch/batchaccounts",
  location: "westeurope",
  tags: null,
  identity: null,
  properties: { accountEndpoint: "acct1.westeurope.batch.azure.com", poolQuota: 10 },
  subscriptionId: "6c2a1f3e-8d4b-4f7a-9e15-3b0c7d9a2e41",
  resourceGroup: "rg-one",
};

function page(data: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { totalRecords: data.length, count: data.length, data, facets: [], resultTruncated: "false", ...extra };
}

describe("rowToArmAccount", () => {
  it("ARM's type casing, null columns left out, ARG's extra columns dropped", () => {
    expect(rowToArmAccount(ROW)).toEqual({
      id: ID,
      type: "Microsoft.Batch/batchAccounts",
      name: "acct1",
      location: "westeurope",
      properties: { accountEndpoint: "acct1.westeurope.batch.azure.com", poolQuota: 10 },
    });
  });

  it("another type, or subscription / resource group columns that contradict the id, are errors", () => {
    expect(thrownBy(() => rowToArmAccount({ ...ROW, type: "microsoft.compute/virtualmachines" }, "data[3]")).target).toBe("data[3].type");
    expect(thrownBy(() => rowToArmAccount({ ...ROW, subscriptionId: "e3b0c442-98fc-4c14-9afb-f4c8996fb924" })).target).toBe(
      "row.subscriptionId",
    );
    expect(thrownBy(() => rowToArmAccount({ ...ROW, resourceGroup: "rg-two" })).target).toBe("row.resourceGroup");
    expect(thrownBy(() => rowToArmAccount([ROW])).message).toMatch(/objectArray/);
  });
});

describe("parseResourceGraphPage", () => {
  it("accounts, token and total", () => {
    const p = parseResourceGraphPage(page([ROW], { $skipToken: "next", totalRecords: 5 }));
    expect(p.skipToken).toBe("next");
    expect(p.totalRecords).toBe(5);
    expect(p.accounts).toHaveLength(1);
    expect(p.accounts[0]).toMatchObject({ id: ID, type: "Microsoft.Batch/batchAccounts", resourceGroupName: "RG-One", poolQuota: 10 });
  });

  it('resultTruncated "true" without a $skipToken is an error, never a partial list; with one it pages on', () => {
    const e = thrownBy(() => parseResourceGraphPage(page([ROW], { resultTruncated: "true", totalRecords: 1500 })));
    expect(e.code).toBe("ResultTruncated");
    expect(e.message).toMatch(/1 of 1500 rows/);
    expect(parseResourceGraphPage(page([ROW], { resultTruncated: "true", $skipToken: "t" })).skipToken).toBe("t");
  });

  it("shape errors name the field", () => {
    const cases: Array<[unknown, string]> = [
      [[], "page"],
      [page([ROW], { count: 2 }), "page.count"],
      [page([ROW], { totalRecords: -1 }), "page.totalRecords"],
      [page([ROW], { resultTruncated: false }), "page.resultTruncated"],
      [page([ROW], { $skipToken: "" }), "page.$skipToken"],
      [{ ...page([]), data: { columns: [], rows: [] } }, "page.data"],
      [page([ROW, { ...ROW, properties: { ...ROW.properties, poolQuota: "many" } }]), "data[11].properties.poolQuota"],
    ];
    for (const [body, target] of cases) {
      const e = thrownBy(() => parseResourceGraphPage(body, body === cases[6][0] ? 10 : 0));
      expect(e.code, target).toBe("InvalidResponse");
      expect(e.target).toBe(target);
    }
  });

  it("a scope cut at ARG's subscription limit is an error", () => {
    expect(thrownBy(() => assertScopeComplete(new Headers({ "x-ms-tenant-subscription-limit-hit": "true" }))).code).toBe(
      "SubscriptionLimitExceeded",
    );
    expect(() => assertScopeComplete({ "x-ms-tenant-subscription-limit-hit": "false" })).not.toThrow();
    expect(() => assertScopeComplete({})).not.toThrow();
  });
});

describe("rows from the emulator's Resource Graph", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ https: false });
  });
  afterAll(() => emu?.stop());

  it("parse into the same models as ARM's bodies of the same accounts, across pages", async () => {
    const [first] = buildQueryRequests({ kind: "tenant" }, 2);
    let request = first;
    const models = [];
    for (let pages = 0; ; pages++) {
      const res = await fetch(resourceGraphUrl(emu.url), {
        method: "POST",
        headers: { authorization: `Bearer ${EMULATOR_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      expect(res.status).toBe(200);
      assertScopeComplete(res.headers);
      const p = parseResourceGraphPage(await res.json(), models.length);
      models.push(...p.accounts);
      if (!p.skipToken) break;
      request = nextPageRequest(first, p.skipToken);
      expect(pages).toBeLessThan(100);
    }
    const fromArm = emu.listAccounts().map((a) => parseBatchAccount(a));
    expect(models.length).toBeGreaterThan(10);
    expect(models).toStrictEqual(fromArm);
    expect(request.query).toBe(BATCH_ACCOUNTS_QUERY);
  });
});
