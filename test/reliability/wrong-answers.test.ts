/**
 * Answers a hostile gateway or Azure itself gives that once slipped through: a Get answered with
 * another account, a list item outside the listed scope, the Batch resource provider's own
 * AccountNotFound, a Resource Graph batch none of whose subscriptions can be read.
 */
import type * as http from "node:http";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeClients, getBatchAccount, type LookupOptions, listBatchAccounts, StaticTokenCredential } from "../../provider";
import { rejection } from "./helpers";
import { type ScriptedServer, startScriptedServer } from "./scripted-server";

const SUB = "5ab1d000-0000-4000-8000-000000000000";
const OTHER_SUB = "5ab1d000-0000-4000-8000-000000000001";
const RG = "Batch-RG";
const RETRY = { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20, totalTimeoutMs: 5000 };

function account(name: string, rg = RG, sub = SUB): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Batch/batchAccounts/${name}`,
    name,
    type: "Microsoft.Batch/batchAccounts",
    location: "japaneast",
    properties: { accountEndpoint: `${name}.japaneast.batch.azure.com`, provisioningState: "Succeeded" },
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "x-ms-request-id": "req-1" });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>));
  });
}

let servers: ScriptedServer[] = [];
async function server(answer: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const s = await startScriptedServer(answer);
  servers.push(s);
  return s;
}
function over(s: ScriptedServer): LookupOptions {
  return { endpoint: s.url, credential: new StaticTokenCredential("t0ken-value"), retry: RETRY };
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
afterAll(async () => {
  await closeClients();
});

describe("a Get answered with another account", () => {
  it.each([
    ["another name", account("otheracct")],
    ["another resource group", account("myacct", "other-rg")],
    ["another subscription", account("myacct", RG, OTHER_SUB)],
  ])("%s is an InvalidResponse naming both", async (_case, body) => {
    const s = await server((_req, res) => json(res, 200, body));
    const err = await rejection(getBatchAccount({ accountName: "myacct", resourceGroupName: RG, subscriptionId: SUB }, over(s)));
    expect(err.code).toBe("InvalidResponse");
    expect(err.message).toContain('Reading Batch account "myacct"');
    expect(err.message).toContain(JSON.stringify(body.id));
    expect(s.requests).toHaveLength(1);
  });

  it("the same account with the resource group and name in another case is the account", async () => {
    const s = await server((_req, res) => json(res, 200, account("MyAcct", RG.toUpperCase())));
    const got = await getBatchAccount({ accountName: "myacct", resourceGroupName: RG, subscriptionId: SUB }, over(s));
    expect(got.name).toBe("MyAcct");
    expect(got.resourceGroupName).toBe("BATCH-RG");
  });
});

describe("a list item outside the listed scope", () => {
  it("an account of another subscription fails the subscription's list", async () => {
    const s = await server((_req, res) => json(res, 200, { value: [account("a1"), account("a2", RG, OTHER_SUB)] }));
    const err = await rejection(listBatchAccounts({ subscriptionId: SUB }, over(s)));
    expect(err.code).toBe("InvalidResponse");
    expect(err.message).toMatch(
      /listed ".*\/subscriptions\/5ab1d000-0000-4000-8000-000000000001\/.*", which is outside the subscription listed/,
    );
  });

  it("an account of another resource group fails the resource group's list; another case of the same group does not", async () => {
    const wrong = await server((_req, res) => json(res, 200, { value: [account("a1"), account("a2", "other-rg")] }));
    const err = await rejection(listBatchAccounts({ subscriptionId: SUB, resourceGroupName: RG }, over(wrong)));
    expect(err.message).toMatch(/which is outside the resource group listed/);
    const cased = await server((_req, res) => json(res, 200, { value: [account("a1", RG.toLowerCase())] }));
    expect((await listBatchAccounts({ subscriptionId: SUB, resourceGroupName: RG }, over(cased))).value).toHaveLength(1);
  });

  it("a tenant listing through ARM checks each subscription's list", async () => {
    const s = await server((req, res) => {
      const sub = /subscriptions\/([^/]+)\//.exec(req.url ?? "")![1]!;
      // The second subscription's list carries an account of the first.
      json(res, 200, { value: [account(`acct${sub.slice(-1)}`, RG, sub === OTHER_SUB ? SUB : sub)] });
    });
    const err = await rejection(listBatchAccounts({ subscriptionIds: [SUB, OTHER_SUB], source: "arm" }, over(s)));
    expect(err.code).toBe("InvalidResponse");
  });
});

describe("the Batch resource provider's AccountNotFound", () => {
  it("gets the same advice as ARM's ResourceNotFound", async () => {
    const s = await server((_req, res) =>
      json(res, 404, {
        error: { code: "AccountNotFound", message: "The specified account does not exist.", target: "BatchAccount" },
      }),
    );
    const err = await rejection(getBatchAccount({ accountName: "gone", resourceGroupName: RG, subscriptionId: SUB }, over(s)));
    expect(err).toMatchObject({ code: "AccountNotFound", statusCode: 404, target: "BatchAccount", requestId: "req-1" });
    expect(err.message).toContain(
      "Check the account name, resource group and subscription: the account does not exist there, or was deleted.",
    );
    expect(s.requests).toHaveLength(1);
  });
});

describe("Resource Graph: a batch of subscriptions none of which can be read", () => {
  const noValid = {
    error: {
      code: "BadRequest",
      message: "Please provide below info when asking for support: timestamp = 2026-12-06T00:00:00Z, correlationId = x.",
      details: [{ code: "NoValidSubscriptionsInQueryRequest", message: "There are no valid subscriptions in the query request." }],
    },
  };
  const ids = (n: number, from = 0): string[] =>
    Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${(from + i).toString(16).padStart(12, "0")}`);

  /** ARG over `readable`: rows for the readable subscriptions of a request, 400 when it has none. */
  function resourceGraph(readable: Set<string>): Parameters<typeof startScriptedServer>[0] {
    return (req, res) => {
      void readBody(req).then((body) => {
        const subscriptions = (body.subscriptions as string[] | undefined) ?? [...readable];
        const rows = subscriptions
          .filter((s) => readable.has(s))
          .map((s) => ({ ...account(`a${s.slice(-4)}`, "rg", s), type: "microsoft.batch/batchaccounts" }));
        if (rows.length === 0) return json(res, 400, noValid);
        json(res, 200, { totalRecords: rows.length, count: rows.length, data: rows, resultTruncated: "false", facets: [] });
      });
    };
  }

  it("contributes nothing: the listing has the accounts of the other batches", async () => {
    const first = ids(1000);
    const second = ids(500, 1000);
    const s = await server(resourceGraph(new Set([first[3]!, first[999]!])));
    const { value } = await listBatchAccounts({ subscriptionIds: [...first, ...second] }, over(s));
    expect(value.map((a) => a.subscriptionId)).toEqual([first[3], first[999]]);
    expect(s.requests).toHaveLength(2);
  });

  it("when no subscription at all can be read, the error says exactly that", async () => {
    const s = await server(resourceGraph(new Set()));
    const err = await rejection(listBatchAccounts({ subscriptionIds: ids(1500) }, over(s)));
    expect(err.code).toBe("NoReadableSubscriptions");
    expect(err.message).toContain("the credential can read none of those 1500 subscriptions");
    const one = await rejection(listBatchAccounts({ subscriptionIds: ids(1) }, over(s)));
    expect(one.message).toContain("the credential cannot read that subscription");
    const groups = await rejection(listBatchAccounts({ managementGroupIds: ["mg-empty"] }, over(s)));
    expect(groups.message).toContain("those management groups hold no subscription the credential can read");
    const tenant = await rejection(listBatchAccounts({ scope: "tenant" }, over(s)));
    expect(tenant.message).toContain("the credential can read no subscription of the tenant");
  });

  it("a row outside the subscriptions queried fails the listing", async () => {
    const asked = ids(2);
    const s = await server((req, res) => {
      void readBody(req).then(() => {
        const rows = [{ ...account("stray", "rg", OTHER_SUB), type: "microsoft.batch/batchaccounts" }];
        json(res, 200, { totalRecords: 1, count: 1, data: rows, resultTruncated: "false", facets: [] });
      });
    });
    const err = await rejection(listBatchAccounts({ subscriptionIds: asked }, over(s)));
    expect(err.code).toBe("InvalidResponse");
    expect(err.message).toContain("which is in none of the subscriptions queried");
  });
});
