import { describe, expect, it } from "vitest";
import {
  BATCH_ACCOUNTS_QUERY,
  buildQueryRequests,
  MAX_SUBSCRIPTIONS_PER_REQUEST,
  nextPageRequest,
  RESOURCE_GRAPH_API_VERSION,
  resourceGraphUrl,
} from "../../../provider/tenant/resource-graph-request";

function guid(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
}

describe("the Batch account query", () => {
  it("filters Batch accounts, projects the model's columns, orders by id, never limits", () => {
    const q = BATCH_ACCOUNTS_QUERY.replace(/\s+/g, " ").trim();
    expect(q).toMatch(/^resources \| where type =~ 'microsoft\.batch\/batchaccounts' \|/);
    expect(q).toContain("| project id, name, type, location, tags, identity, properties, subscriptionId, resourceGroup |");
    expect(q).toMatch(/\| order by id asc$/);
    expect(q).not.toMatch(/\b(limit|take|top)\b/);
  });
});

describe("buildQueryRequests", () => {
  it("batches subscriptions 1,000 per request, in order, full pages of objects", () => {
    const ids = Array.from({ length: 2500 }, (_, i) => guid(i));
    const requests = buildQueryRequests({ kind: "subscriptions", subscriptionIds: ids });
    expect(requests.map((r) => r.subscriptions!.length)).toEqual([MAX_SUBSCRIPTIONS_PER_REQUEST, MAX_SUBSCRIPTIONS_PER_REQUEST, 500]);
    expect(requests.flatMap((r) => r.subscriptions)).toEqual(ids);
    for (const r of requests) {
      expect(r.query).toBe(BATCH_ACCOUNTS_QUERY);
      expect(r.options).toEqual({ $top: 1000, resultFormat: "objectArray" });
      expect(r.managementGroups).toBeUndefined();
    }
  });

  it("management groups and the tenant", () => {
    expect(buildQueryRequests({ kind: "managementGroups", managementGroupIds: ["a", "b"] }, 50)).toEqual([
      { managementGroups: ["a", "b"], query: BATCH_ACCOUNTS_QUERY, options: { $top: 50, resultFormat: "objectArray" } },
    ]);
    expect(buildQueryRequests({ kind: "tenant" })).toEqual([
      { query: BATCH_ACCOUNTS_QUERY, options: { $top: 1000, resultFormat: "objectArray" } },
    ]);
  });

  it("page size 1..1000", () => {
    for (const bad of [0, 1001, 2.5])
      expect(() => buildQueryRequests({ kind: "tenant" }, bad)).toThrow(/pageSize must be an integer from 1 to 1000/);
  });

  it("the next page repeats query and scope with the token, leaving the first request as it was", () => {
    const [first] = buildQueryRequests({ kind: "subscriptions", subscriptionIds: [guid(1)] });
    const next = nextPageRequest(first, "tok");
    expect(next).toEqual({ ...first, options: { ...first.options, $skipToken: "tok" } });
    expect(first.options.$skipToken).toBeUndefined();
  });

  it("URL under the ARM endpoint", () => {
    expect(resourceGraphUrl("https://management.azure.com/")).toBe(
      `https://management.azure.com/providers/Microsoft.ResourceGraph/resources?api-version=${RESOURCE_GRAPH_API_VERSION}`,
    );
    expect(RESOURCE_GRAPH_API_VERSION).toBe("2024-04-01");
  });
});
