/**
 * The two ways to a tenant's accounts give the same models on the same data: Resource Graph (one
 * query, paged by $skipToken) and the ARM fan-out (Subscriptions - List, then Batch Account - List
 * per subscription), both parsed by the library's modules, for a full and a limited token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_LIMITED_TOKEN, EMULATOR_TOKEN, type RunningEmulator, startEmulator } from "../../../emulator";
import { BatchLookupClient, listBatchAccounts, StaticTokenCredential } from "../../../provider";
import type { BatchAccount } from "../../../provider/model/batch-account";
import { parseBatchAccountPage } from "../../../provider/model/parse-batch-account";
import { parseSubscriptionPage, subscriptionsUrl } from "../../../provider/operations/subscriptions-list";
import { buildQueryRequests, nextPageRequest, resourceGraphUrl } from "../../../provider/tenant/resource-graph-request";
import { assertScopeComplete, parseResourceGraphPage } from "../../../provider/tenant/resource-graph-response";

let emu: RunningEmulator;
let secure: RunningEmulator;

const TENANT = { subscriptions: 15, accountsPerSubscription: 7 };

beforeAll(async () => {
  emu = await startEmulator({ https: false, pageSize: 4, generateTenant: TENANT });
  // The same data over HTTPS, for the public API; Resource Graph pages of 10 rows.
  secure = await startEmulator({ pageSize: 4, generateTenant: TENANT, resourceGraph: { maxRowsPerPage: 10 } });
});
afterAll(async () => {
  await emu?.stop();
  await secure?.stop();
});

async function viaResourceGraph(token: string): Promise<BatchAccount[]> {
  const out: BatchAccount[] = [];
  for (const first of buildQueryRequests({ kind: "tenant" }, 10)) {
    let request = first;
    for (;;) {
      const res = await fetch(resourceGraphUrl(emu.url), {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      expect(res.status).toBe(200);
      assertScopeComplete(res.headers);
      const page = parseResourceGraphPage(await res.json(), out.length);
      out.push(...page.accounts);
      if (page.skipToken === undefined) break;
      request = nextPageRequest(first, page.skipToken);
    }
  }
  return out;
}

async function pages<T>(
  firstUrl: string,
  token: string,
  parse: (body: unknown, offset: number) => { value: T[]; nextLink?: string },
): Promise<T[]> {
  const out: T[] = [];
  for (let url: string | undefined = firstUrl; url !== undefined; ) {
    const res: Response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const page = parse(await res.json(), out.length);
    out.push(...page.value);
    url = page.nextLink;
  }
  return out;
}

async function viaArmFanOut(token: string): Promise<BatchAccount[]> {
  const subscriptions = await pages(subscriptionsUrl(emu.url), token, parseSubscriptionPage);
  const lists = await Promise.all(
    subscriptions.map((s) =>
      pages(
        `${emu.url}/subscriptions/${s.subscriptionId}/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01`,
        token,
        parseBatchAccountPage,
      ),
    ),
  );
  return lists.flat();
}

const byId = (a: BatchAccount, b: BatchAccount) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1);

describe("Resource Graph and the ARM fan-out agree", () => {
  it.each([
    ["a token that reads everything", EMULATOR_TOKEN],
    ["a token limited to two subscriptions", EMULATOR_LIMITED_TOKEN],
  ])("%s", async (_name, token) => {
    const graph = await viaResourceGraph(token);
    const arm = await viaArmFanOut(token);
    expect(graph.length).toBeGreaterThan(0);
    expect(graph).toStrictEqual([...arm].sort(byId));
    if (token === EMULATOR_TOKEN) expect(graph).toHaveLength(emu.listAccounts().length);
  });
});

describe("listBatchAccounts gives the same accounts from both sources", () => {
  it.each([
    ["a token that reads everything", EMULATOR_TOKEN],
    ["a token limited to two subscriptions", EMULATOR_LIMITED_TOKEN],
  ])("%s", async (_name, token) => {
    const client = new BatchLookupClient({ endpoint: secure.url, ca: secure.caCertPem!, credential: new StaticTokenCredential(token) });
    try {
      const graph = await listBatchAccounts({ scope: "tenant" }, { client });
      const arm = await listBatchAccounts({ scope: "tenant", source: "arm" }, { client });
      expect(graph.value.length).toBeGreaterThan(0);
      expect(graph).toStrictEqual(arm);
      // And the same as the library's modules read by hand from the plain-HTTP twin.
      expect(graph.value).toStrictEqual(await viaResourceGraph(token));
    } finally {
      await client.close();
    }
  });
});
