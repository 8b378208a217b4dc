/**
 * The emulator's Resource Graph endpoint reads the query: the KQL shapes it supports (where,
 * project, order by id) are parsed and answered, anything else is a 400 InvalidQuery; a request
 * whose subscriptions (or management groups) hold no readable subscription is a 400
 * NoValidSubscriptionsInQueryRequest, as ARG answers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONTOSO_MANAGEMENT_GROUP_ID,
  CONTOSO_SUBSCRIPTION_ID,
  EMULATOR_LIMITED_TOKEN,
  EMULATOR_NO_ACCESS_TOKEN,
  EXAMPLES_SUBSCRIPTION_ID,
  type RunningEmulator,
  startEmulator,
  tenantSubscriptionIds,
} from "../../emulator";
import { KqlError, parseQuery, tokenize } from "../../emulator/kql";
import { BATCH_ACCOUNTS_QUERY } from "../../provider/tenant/resource-graph-request";
import { AUTH, trustCa } from "./helpers";

const BATCH = "resources | where type =~ 'microsoft.batch/batchaccounts'";
let emu: RunningEmulator;

function post(body: unknown, headers: Record<string, string> = AUTH): Promise<Response> {
  return fetch(`${emu.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function rows(body: Record<string, unknown>): Promise<any[]> {
  const res = await post({ options: { $top: 1000 }, ...body });
  expect(res.status, JSON.stringify(await res.clone().json()).slice(0, 300)).toBe(200);
  return ((await res.json()) as { data: any[] }).data;
}

async function error(res: Response): Promise<{ code: string; message: string; details: Array<{ code: string; message: string }> }> {
  return ((await res.json()) as { error: any }).error;
}

beforeAll(async () => {
  emu = await startEmulator({ generateTenant: { subscriptions: 4, accountsPerSubscription: 6, managementGroups: 2 } });
  trustCa(emu.caCertPem);
});
afterAll(() => emu?.stop());
beforeEach(() => emu.reset());

describe("the KQL parser", () => {
  it("reads the library's query: a type condition, nine columns, ascending by id", () => {
    const q = parseQuery(BATCH_ACCOUNTS_QUERY);
    expect(q.conditions).toEqual([{ column: "type", op: "=~", values: ["microsoft.batch/batchaccounts"] }]);
    expect(q.columns).toEqual(["id", "name", "type", "location", "tags", "identity", "properties", "subscriptionId", "resourceGroup"]);
    expect(q.order).toBe("asc");
  });

  it("tokenizes strings, verbatim strings, list operators and comments", () => {
    const tokens = tokenize(`Resources // all\n| where name !in~ ("a\\"b", @'c\\d') and id !in ('x')`).map((t) => `${t.kind}:${t.text}`);
    expect(tokens).toEqual([
      "word:Resources",
      "symbol:|",
      "word:where",
      "word:name",
      "symbol:!in~",
      "symbol:(",
      'string:a"b',
      "symbol:,",
      "string:c\\d",
      "symbol:)",
      "word:and",
      "word:id",
      "symbol:!in",
      "symbol:(",
      "string:x",
      "symbol:)",
      "end:",
    ]);
  });

  it("layout and the order of operators do not matter; `order by id` alone is descending, as in KQL", () => {
    expect(parseQuery(`resources|project id, type|where type=~"microsoft.batch/batchaccounts"`).columns).toEqual(["id", "type"]);
    expect(parseQuery(`${BATCH} | order by id`).order).toBe("desc");
    expect(parseQuery(`${BATCH} | sort by id asc`).order).toBe("asc");
  });

  it.each([
    ["resources | take 5", /where, project and order by/],
    [`${BATCH} | limit 10`, /not "limit"/],
    [`${BATCH} | extend x = 1`, /not "extend"/],
    [`${BATCH} or name == 'a'`, /'or' is not supported/],
    [`${BATCH} | where Name == 'a'`, /unknown column "Name"/],
    [`${BATCH} | project id | where name == 'a'`, /projected away/],
    [`${BATCH} | project id, id`, /projected twice/],
    [`${BATCH} | order by name asc`, /orders only by id/],
    [`${BATCH} | where tags == 'x'`, /only string columns/],
    ["resources | where type =~ 'microsoft.compute/virtualmachines'", /holds only Batch accounts/],
    ["resources | where type !~ 'microsoft.compute/virtualmachines'", /holds only Batch accounts/],
    ["resources | where type in~ ('microsoft.batch/batchaccounts', 'microsoft.storage/storageaccounts')", /holds only Batch accounts/],
    ["securityresources | where type =~ 'microsoft.batch/batchaccounts'", /resources table only/],
    [`${BATCH} | where name == 'unterminated`, /unterminated string/],
    [`${BATCH} | where name == 5`, /expected a string literal/],
  ])("refuses %s", (query, message) => {
    expect(() => parseQuery(query)).toThrow(KqlError);
    expect(() => parseQuery(query)).toThrow(message);
  });
});

describe("Resource Graph answers the parsed query", () => {
  it("the library's query: every account of the scope, nine columns", async () => {
    const got = await rows({ query: BATCH_ACCOUNTS_QUERY, subscriptions: [EXAMPLES_SUBSCRIPTION_ID] });
    expect(got.map((r) => r.id)).toEqual(emu.listAccounts({ subscriptionId: EXAMPLES_SUBSCRIPTION_ID }).map((a) => a.id));
    expect(Object.keys(got[0])).toHaveLength(9);
  });

  it("project: the named columns in their order, in both result formats", async () => {
    const sub = tenantSubscriptionIds(4)[0];
    const got = await rows({ query: `${BATCH} | project name, id`, subscriptions: [sub] });
    expect(Object.keys(got[0])).toEqual(["name", "id"]);
    const table = await post({ query: `${BATCH} | project name, location`, subscriptions: [sub], options: { resultFormat: "table" } });
    const data = ((await table.json()) as { data: { columns: unknown[]; rows: unknown[][] } }).data;
    expect(data.columns).toEqual([
      { name: "name", type: "string" },
      { name: "location", type: "string" },
    ]);
    expect(data.rows).toHaveLength(6);
  });

  it("where: conditions on string columns select rows, case-sensitively or not as the operator says", async () => {
    const [sub] = tenantSubscriptionIds(4);
    const all = emu.listAccounts({ subscriptionId: sub });
    const [first, second] = all;
    const scope = { subscriptions: [sub] };
    const ids = async (query: string) => (await rows({ query, ...scope })).map((r) => r.id);
    expect(await ids(`${BATCH} | where name == '${first.name}'`)).toEqual([first.id]);
    expect(await ids(`${BATCH} | where name == '${first.name.toUpperCase()}'`)).toEqual([]);
    expect(await ids(`${BATCH} | where name =~ '${first.name.toUpperCase()}'`)).toEqual([first.id]);
    expect(await ids(`${BATCH} | where name in~ ('${first.name}', '${second.name.toUpperCase()}') | project id`)).toEqual([
      first.id,
      second.id,
    ]);
    expect(await ids(`${BATCH} | where name in ('${first.name}', '${second.name.toUpperCase()}')`)).toEqual([first.id]);
    expect(await ids(`${BATCH} and resourceGroup == '${first.id.split("/")[4].toLowerCase()}' and name != '${first.name}'`)).toEqual(
      all.filter((a) => a.id.split("/")[4] === first.id.split("/")[4] && a.id !== first.id).map((a) => a.id),
    );
    // A subscriptionId condition narrows the scope further.
    expect(await rows({ query: `${BATCH} and subscriptionId == '${tenantSubscriptionIds(4)[1]}'`, ...scope })).toEqual([]);
    // ARG returns `type` lower-case: a case-sensitive comparison with ARM's casing matches nothing.
    expect(await ids("resources | where type == 'Microsoft.Batch/batchAccounts'")).toEqual([]);
  });

  it("order by id desc: the same rows reversed, paged by $skipToken without gaps or repeats", async () => {
    const query = `${BATCH} | order by id desc | project id`;
    const ids: string[] = [];
    let skipToken: string | undefined;
    do {
      const res = await post({ query, options: { $top: 5, ...(skipToken ? { $skipToken: skipToken } : {}) } });
      const body = (await res.json()) as { data: Array<{ id: string }>; $skipToken?: string };
      ids.push(...body.data.map((r) => r.id));
      skipToken = body.$skipToken;
    } while (skipToken);
    const ascending = (await rows({ query: `${BATCH} | project id` })).map((r) => r.id);
    expect(ids).toEqual([...ascending].reverse());
    expect(ids).toHaveLength(emu.listAccounts().length);
  });

  it("a $skipToken belongs to its query: another projection of the same scope refuses it", async () => {
    const first = (await (await post({ query: `${BATCH} | project id`, options: { $top: 2 } })).json()) as { $skipToken: string };
    const other = await post({ query: `${BATCH} | project id, name`, options: { $top: 2, $skipToken: first.$skipToken } });
    expect(other.status).toBe(400);
    expect((await error(other)).details[0].code).toBe("InvalidSkipToken");
  });

  it("anything else: 400 BadRequest, InvalidQuery naming what the emulator could not read", async () => {
    const res = await post({ query: `${BATCH} | summarize count()` });
    expect(res.status).toBe(400);
    const e = await error(res);
    expect(e.code).toBe("BadRequest");
    expect(e.details).toEqual([{ code: "InvalidQuery", message: expect.stringMatching(/^Query is invalid\..*"summarize"/) }]);
  });
});

describe("no valid subscription in the request: 400 NoValidSubscriptionsInQueryRequest", () => {
  const NO_VALID = [{ code: "NoValidSubscriptionsInQueryRequest", message: "There are no valid subscriptions in the query request." }];

  async function expectNoValid(res: Response): Promise<void> {
    expect(res.status).toBe(400);
    const e = await error(res);
    expect(e.code).toBe("BadRequest");
    expect(e.message).toMatch(/^Please provide below info when asking for support: timestamp = \S+, correlationId = \S+\.$/);
    expect(e.details).toEqual(NO_VALID);
  }

  it("subscriptions that are unknown, Deleted, or not granted to the token", async () => {
    await expectNoValid(await post({ query: BATCH_ACCOUNTS_QUERY, subscriptions: tenantSubscriptionIds(3, 77) }));
    const [sub] = tenantSubscriptionIds(4);
    emu.addSubscription({ ...emu.subscriptions().find((s) => s.subscriptionId === sub)!, state: "Deleted" });
    await expectNoValid(await post({ query: BATCH_ACCOUNTS_QUERY, subscriptions: [sub] }));
    const limited = { authorization: `Bearer ${EMULATOR_LIMITED_TOKEN}` };
    await expectNoValid(await post({ query: BATCH_ACCOUNTS_QUERY, subscriptions: [CONTOSO_SUBSCRIPTION_ID] }, limited));
    await expectNoValid(
      await post(
        { query: BATCH_ACCOUNTS_QUERY, subscriptions: [EXAMPLES_SUBSCRIPTION_ID] },
        {
          authorization: `Bearer ${EMULATOR_NO_ACCESS_TOKEN}`,
        },
      ),
    );
  });

  it("management groups whose subscriptions the token cannot read", async () => {
    const limited = { authorization: `Bearer ${EMULATOR_LIMITED_TOKEN}` };
    await expectNoValid(await post({ query: BATCH_ACCOUNTS_QUERY, managementGroups: [CONTOSO_MANAGEMENT_GROUP_ID] }, limited));
    expect((await post({ query: BATCH_ACCOUNTS_QUERY, managementGroups: [CONTOSO_MANAGEMENT_GROUP_ID] })).status).toBe(200);
  });

  it("one readable subscription is enough: the others are skipped silently", async () => {
    const res = await post({ query: BATCH_ACCOUNTS_QUERY, subscriptions: [...tenantSubscriptionIds(2, 77), EXAMPLES_SUBSCRIPTION_ID] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { totalRecords: number };
    expect(body.totalRecords).toBe(emu.listAccounts({ subscriptionId: EXAMPLES_SUBSCRIPTION_ID }).length);
  });

  it("the tenant scope without a readable subscription stays an empty answer", async () => {
    const res = await post({ query: BATCH_ACCOUNTS_QUERY }, { authorization: `Bearer ${EMULATOR_NO_ACCESS_TOKEN}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { totalRecords: number }).totalRecords).toBe(0);
  });
});
