/**
 * The official Azure Resource Graph client (@azure/arm-resourcegraph 5.x, over HTTPS) reads the
 * emulator's Resource Graph endpoint with the library's query: across `$skipToken` pages, for
 * subscriptions, management groups and the tenant, it must see exactly the data set's accounts.
 */

import type { QueryRequest } from "@azure/arm-resourcegraph";
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ArmBatchAccount,
  CONTOSO_MANAGEMENT_GROUP_ID,
  CONTOSO_SUBSCRIPTION_ID,
  defaultEmulatorData,
  EMULATOR_LIMITED_TOKEN,
  EMULATOR_TOKEN,
  ROOT_MANAGEMENT_GROUP_ID,
  type RunningEmulator,
  startEmulator,
  tenantSubscriptionIds,
} from "../../emulator";
import { BATCH_ACCOUNTS_QUERY } from "../../provider/tenant/resource-graph-request";
import { trustCa } from "./helpers";

const SUBSCRIPTIONS = 12;
const PER_SUBSCRIPTION = 9;
const PAGE = 25;
let emu: RunningEmulator;

function credential(token: string): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

function client(token = EMULATOR_TOKEN): ResourceGraphClient {
  return new ResourceGraphClient(credential(token), { endpoint: emu.url, credentials: { scopes: [`${emu.url}/.default`] } });
}

/** Every row of a query, following $skipToken; returns rows and page count. */
async function readAll(c: ResourceGraphClient, scope: Omit<QueryRequest, "query">): Promise<{ rows: any[]; pages: number }> {
  const rows: any[] = [];
  let skipToken: string | undefined;
  let pages = 0;
  do {
    const res = await c.resources({
      ...scope,
      query: BATCH_ACCOUNTS_QUERY,
      options: { top: PAGE, skipToken, resultFormat: "objectArray" },
    });
    pages++;
    expect(res.resultTruncated).toBe("false");
    expect(res.count).toBe(res.data.length);
    rows.push(...res.data);
    skipToken = res.skipToken;
    if (pages > 1000) throw new Error("too many pages");
  } while (skipToken);
  return { rows, pages };
}

/** The row ARG gives for an account: ARM's id, lower-case type / resourceGroup / subscriptionId. */
function expectedRow(a: ArmBatchAccount): Record<string, unknown> {
  const [, , sub, , rg] = a.id.split("/");
  return {
    id: a.id,
    name: a.name,
    type: "microsoft.batch/batchaccounts",
    location: a.location,
    tags: a.tags ?? null,
    identity: a.identity ?? null,
    properties: a.properties ?? null,
    subscriptionId: sub.toLowerCase(),
    resourceGroup: rg.toLowerCase(),
  };
}

function expectedRows(accounts: ArmBatchAccount[]): Record<string, unknown>[] {
  return accounts.map(expectedRow).sort((x, y) => ((x.id as string).toLowerCase() < (y.id as string).toLowerCase() ? -1 : 1));
}

beforeAll(async () => {
  emu = await startEmulator({
    generateTenant: { subscriptions: SUBSCRIPTIONS, accountsPerSubscription: PER_SUBSCRIPTION, managementGroups: 3 },
  });
  trustCa(emu.caCertPem);
});
afterAll(() => emu?.stop());
beforeEach(() => emu.clearStats());

describe("@azure/arm-resourcegraph against the emulator", () => {
  it("subscriptions: exactly their accounts, across pages, in id order", async () => {
    const subs = tenantSubscriptionIds(SUBSCRIPTIONS).slice(0, 5);
    const { rows, pages } = await readAll(client(), { subscriptions: subs });
    const want = expectedRows(subs.flatMap((s) => emu.listAccounts({ subscriptionId: s })));
    expect(rows).toHaveLength(5 * PER_SUBSCRIPTION);
    expect(rows).toStrictEqual(want);
    expect(pages).toBe(Math.ceil(want.length / PAGE));
    expect(emu.stats().byRoute.resourceGraph).toBe(pages);
  });

  it("management groups: the subscriptions below them, through child groups", async () => {
    const groups = emu.managementGroups();
    const child = groups.find((g) => g.id === "mg-generated-2")!;
    const one = await readAll(client(), { managementGroups: ["mg-generated-2"] });
    expect(one.rows).toStrictEqual(expectedRows(child.subscriptions!.flatMap((s) => emu.listAccounts({ subscriptionId: s }))));
    const root = await readAll(client(), { managementGroups: ["mg-generated-root"] });
    expect(root.rows).toStrictEqual(
      expectedRows(tenantSubscriptionIds(SUBSCRIPTIONS).flatMap((s) => emu.listAccounts({ subscriptionId: s }))),
    );
  });

  it("management groups of the default data set: the root covers all of it, contoso its subscription", async () => {
    const root = await readAll(client(), { managementGroups: [ROOT_MANAGEMENT_GROUP_ID] });
    expect(root.rows).toStrictEqual(expectedRows(defaultEmulatorData().accounts));
    const contoso = await readAll(client(), { managementGroups: [CONTOSO_MANAGEMENT_GROUP_ID] });
    expect(contoso.rows).toStrictEqual(expectedRows(emu.listAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID })));
    expect(contoso.rows.length).toBeGreaterThan(0);
  });

  it("tenant: every account of every subscription the token can read", async () => {
    const all = await readAll(client(), {});
    expect(all.rows).toStrictEqual(expectedRows(emu.listAccounts()));
    const limited = await readAll(client(EMULATOR_LIMITED_TOKEN), {});
    const readable = emu.listTokens().find((t) => t.token === EMULATOR_LIMITED_TOKEN)!.subscriptions as string[];
    expect(limited.rows).toStrictEqual(expectedRows(readable.flatMap((s) => emu.listAccounts({ subscriptionId: s }))));
    expect(limited.rows.length).toBeGreaterThan(0);
  });

  it("table format: the same rows as columns and arrays", async () => {
    const subs = tenantSubscriptionIds(SUBSCRIPTIONS).slice(0, 1);
    const res = await client().resources({ subscriptions: subs, query: BATCH_ACCOUNTS_QUERY, options: { resultFormat: "table" } });
    const names = res.data.columns.map((c: { name: string }) => c.name);
    const rows = res.data.rows.map((r: unknown[]) => Object.fromEntries(names.map((n: string, i: number) => [n, r[i]])));
    expect(rows).toStrictEqual(expectedRows(emu.listAccounts({ subscriptionId: subs[0] })));
  });

  it("subscriptions none of which the token can read: 400 with NoValidSubscriptionsInQueryRequest, surfaced by the client", async () => {
    const err = await client(EMULATOR_LIMITED_TOKEN)
      .resources({ subscriptions: tenantSubscriptionIds(SUBSCRIPTIONS).slice(0, 2), query: BATCH_ACCOUNTS_QUERY })
      .then(
        () => undefined,
        (e: any) => e,
      );
    expect(err?.name).toBe("RestError");
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("BadRequest");
    expect(err.details.error.details).toEqual([
      expect.objectContaining({
        code: "NoValidSubscriptionsInQueryRequest",
        message: "There are no valid subscriptions in the query request.",
      }),
    ]);
  });

  it("another query: 400 BadRequest with InvalidQuery in details, surfaced by the client", async () => {
    const err = await client()
      .resources({ query: "resources | take 5" })
      .then(
        () => undefined,
        (e: any) => e,
      );
    expect(err?.statusCode).toBe(400);
    expect(err.code).toBe("BadRequest");
    expect(JSON.stringify(err.details ?? err.response?.bodyAsText ?? "")).toContain("InvalidQuery");
  });
});
