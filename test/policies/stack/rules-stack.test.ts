// Stack rules: resource logs (built-in 428256e6), private DNS zones for Batch private endpoints
// (4ec38ebc) and the audit half of 0ef5aac7, over stacks built from the official examples.

import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { toStackPolicy } from "../../../policies/pack";
import { STACK_RULES } from "../../../policies/registry";
import {
  AZURE_NATIVE_BATCH_ACCOUNT,
  AZURE_NATIVE_DIAGNOSTIC_SETTING,
  AZURE_NATIVE_PRIVATE_DNS_ZONE_GROUP,
  AZURE_NATIVE_PRIVATE_ENDPOINT,
  AZURE_NATIVE_V2_DIAGNOSTIC_SETTING,
  BATCH_ACCOUNT_REFERENCE,
  CLASSIC_BATCH_ACCOUNT,
  CLASSIC_DIAGNOSTIC_SETTING,
  CLASSIC_PRIVATE_ENDPOINT,
} from "../../../policies/resource-types";
import { example } from "../examples";

interface Res {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** input → names of the resources it depends on */
  deps?: Record<string, string[]>;
}

const urn = (type: string, name: string) => `urn:pulumi:dev::estate::${type}::${name}`;

function stack(resources: Res[]): PolicyResource[] {
  const byName = new Map<string, PolicyResource>();
  const out = resources.map((r) => {
    const p = {
      type: r.type,
      name: r.name,
      urn: urn(r.type, r.name),
      props: r.props,
      dependencies: [],
      propertyDependencies: {},
    } as unknown as PolicyResource;
    byName.set(r.name, p);
    return p;
  });
  resources.forEach((r, i) => {
    for (const [key, names] of Object.entries(r.deps ?? {})) out[i]!.propertyDependencies[key] = names.map((n) => byName.get(n)!);
  });
  return out;
}

async function run(rule: string, resources: Res[], config: Record<string, unknown> = {}): Promise<{ message: string; urn?: string }[]> {
  const policy: StackValidationPolicy = toStackPolicy(STACK_RULES.find((r) => r.name === rule)!);
  const violations: { message: string; urn?: string }[] = [];
  await policy.validateStack({ resources: stack(resources), getConfig: <T extends object>() => config as T } as never, (message, u) =>
    violations.push(u === undefined ? { message } : { message, urn: u }),
  );
  return violations;
}

const native = (name: string, extra: Record<string, unknown> = {}): Res => ({
  type: AZURE_NATIVE_BATCH_ACCOUNT,
  name,
  props: { accountName: name, resourceGroupName: "rg", location: "westeurope", ...extra },
});

/** The existing account of the official PrivateBatchAccountGet example, as a BatchAccountReference's inputs. */
function privateReference(): Res {
  const account = example("PrivateBatchAccountGet.json");
  return {
    type: BATCH_ACCOUNT_REFERENCE,
    name: "existing",
    props: { accountName: account.name, ...structuredClone(account) } as Record<string, unknown>,
  };
}

describe("batch-resource-logs-enabled (built-in 428256e6)", () => {
  const RULE = "batch-resource-logs-enabled";

  it("fails an account without a diagnostic setting, on the account", async () => {
    expect(await run(RULE, [native("acct1")])).toEqual([
      {
        message: 'Batch account "acct1": resource logs are not enabled: no diagnostic setting in the stack targets it.',
        urn: urn(AZURE_NATIVE_BATCH_ACCOUNT, "acct1"),
      },
    ]);
  });

  it("passes an azure-native setting (v3 monitor and v2 insights) whose resourceUri depends on the account, with enabled logs and a workspace", async () => {
    for (const type of [AZURE_NATIVE_DIAGNOSTIC_SETTING, AZURE_NATIVE_V2_DIAGNOSTIC_SETTING]) {
      const setting: Res = {
        type,
        name: "logs",
        props: {
          resourceUri: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
          logs: [{ categoryGroup: "allLogs", enabled: true }],
          workspaceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w",
        },
        deps: { resourceUri: ["acct1"] },
      };
      expect(await run(RULE, [native("acct1"), setting]), type).toEqual([]);
    }
  });

  it("fails a setting whose logs are all disabled, or that has no destination", async () => {
    const disabled: Res = {
      type: AZURE_NATIVE_DIAGNOSTIC_SETTING,
      name: "off",
      props: { logs: [{ category: "ServiceLog", enabled: false }], workspaceId: "/w" },
      deps: { resourceUri: ["acct1"] },
    };
    expect((await run(RULE, [native("acct1"), disabled]))[0]!.message).toContain(
      'its diagnostic settings ("off") enable no log category with a destination',
    );
    const nowhere: Res = {
      type: AZURE_NATIVE_DIAGNOSTIC_SETTING,
      name: "nowhere",
      props: { logs: [{ category: "ServiceLog", enabled: true }] },
      deps: { resourceUri: ["acct1"] },
    };
    expect(await run(RULE, [native("acct1"), nowhere])).toHaveLength(1);
  });

  it("matches a classic setting (enabledLogs) by the existing account's id, case-insensitively", async () => {
    const ref = privateReference();
    const setting: Res = {
      type: CLASSIC_DIAGNOSTIC_SETTING,
      name: "classiclogs",
      props: {
        targetResourceId: String(ref.props.id).toUpperCase(),
        enabledLogs: [{ category: "ServiceLogs" }],
        storageAccountId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
      },
    };
    expect(await run(RULE, [ref, setting])).toEqual([]);
    expect(await run(RULE, [ref])).toHaveLength(1);
  });

  it("judges classic accounts too, and does not count a setting for another account", async () => {
    const classic: Res = {
      type: CLASSIC_BATCH_ACCOUNT,
      name: "classic1",
      props: { name: "classic1", resourceGroupName: "rg", location: "westeurope" },
    };
    const other: Res = {
      type: CLASSIC_DIAGNOSTIC_SETTING,
      name: "other",
      props: { enabledLogs: [{ category: "AuditLog" }], logAnalyticsWorkspaceId: "/w" },
      deps: { targetResourceId: ["acct1"] },
    };
    const v = await run(RULE, [classic, native("acct1"), other]);
    expect(v.map((x) => x.urn)).toEqual([urn(CLASSIC_BATCH_ACCOUNT, "classic1")]);
  });
});

const batchEndpoint = (name: string, extra: Record<string, unknown> = {}, deps: Record<string, string[]> = {}): Res => ({
  type: AZURE_NATIVE_PRIVATE_ENDPOINT,
  name,
  props: {
    privateEndpointName: name,
    resourceGroupName: "rg",
    subnet: { id: "/subnets/pe" },
    privateLinkServiceConnections: [{ name: "c", groupIds: ["batchAccount"] }],
    ...extra,
  },
  deps,
});

describe("batch-private-endpoint-dns-zone (built-in 4ec38ebc)", () => {
  const RULE = "batch-private-endpoint-dns-zone";

  it("fails a Batch private endpoint without a zone group, on the endpoint", async () => {
    expect(await run(RULE, [batchEndpoint("pe1")])).toEqual([
      {
        message:
          'Private endpoint "pe1" connects to a Batch account (["batchAccount"]) but has no private DNS zone group with a zone in the stack.',
        urn: urn(AZURE_NATIVE_PRIVATE_ENDPOINT, "pe1"),
      },
    ]);
  });

  it("passes with an azure-native PrivateDnsZoneGroup linked by dependency or by endpoint name", async () => {
    const byDep: Res = {
      type: AZURE_NATIVE_PRIVATE_DNS_ZONE_GROUP,
      name: "zg",
      props: { privateDnsZoneConfigs: [{ name: "batch", privateDnsZoneId: "/privateDnsZones/privatelink.batch.azure.com" }] },
      deps: { privateEndpointName: ["pe1"] },
    };
    expect(await run(RULE, [batchEndpoint("pe1"), byDep])).toEqual([]);
    const byName: Res = {
      type: AZURE_NATIVE_PRIVATE_DNS_ZONE_GROUP,
      name: "zg2",
      props: { privateEndpointName: "PE1", privateDnsZoneConfigs: [{ privateDnsZoneId: "/z" }] },
    };
    expect(await run(RULE, [batchEndpoint("pe1"), byName])).toEqual([]);
  });

  it("passes a classic endpoint with an inline privateDnsZoneGroup, and ignores endpoints to other services", async () => {
    const classic: Res = {
      type: CLASSIC_PRIVATE_ENDPOINT,
      name: "pe2",
      props: {
        name: "pe2",
        privateServiceConnection: { name: "c", subresourceNames: ["BATCHACCOUNT"], isManualConnection: false },
        privateDnsZoneGroup: { name: "g", privateDnsZoneIds: ["/z"] },
      },
    };
    expect(await run(RULE, [classic])).toEqual([]);
    expect(await run(RULE, [batchEndpoint("blob", { privateLinkServiceConnections: [{ groupIds: ["blob"] }] })])).toEqual([]);
  });

  it("checks nodeManagement endpoints when configured", async () => {
    const node = batchEndpoint("pe3", { privateLinkServiceConnections: [{ groupIds: ["nodeManagement"] }] });
    expect(await run(RULE, [node])).toEqual([]);
    expect(await run(RULE, [node], { groupIds: ["batchAccount", "nodeManagement"] })).toHaveLength(1);
  });
});

describe("batch-private-endpoint-for-disabled-access (audit half of 0ef5aac7)", () => {
  const RULE = "batch-private-endpoint-for-disabled-access";

  it("passes the official PrivateBatchAccountGet account (Disabled, one Approved connection)", async () => {
    expect(await run(RULE, [privateReference()])).toEqual([]);
  });

  it("fails it when its connection is only Pending", async () => {
    const ref = privateReference();
    for (const c of ref.props.privateEndpointConnections as { privateLinkServiceConnectionState?: { status: string } }[])
      c.privateLinkServiceConnectionState = { status: "Pending" };
    const v = await run(RULE, [ref]);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain(
      'publicNetworkAccess is "Disabled" but it has no Approved private endpoint connection (connection statuses: ["Pending"])',
    );
  });

  it('passes a declared account ("disabled", any case) with an automatic endpoint connection in the stack; a manual one does not count', async () => {
    const acct = native("private1", { publicNetworkAccess: "disabled" });
    expect((await run(RULE, [acct]))[0]!.urn).toBe(urn(AZURE_NATIVE_BATCH_ACCOUNT, "private1"));
    expect(await run(RULE, [acct, batchEndpoint("pe", {}, { privateLinkServiceConnections: ["private1"] })])).toEqual([]);
    const manual = batchEndpoint(
      "pe",
      { privateLinkServiceConnections: [], manualPrivateLinkServiceConnections: [{ groupIds: ["batchAccount"] }] },
      { manualPrivateLinkServiceConnections: ["private1"] },
    );
    expect(await run(RULE, [acct, manual])).toHaveLength(1);
  });

  it("does not judge accounts with public access", async () => {
    expect(await run(RULE, [native("public1")])).toEqual([]);
  });
});

describe("stack policy metadata", () => {
  it("reports resource logs under Azure Security Benchmark v2.0 LT-4, the control built-in 428256e6 is mapped to", () => {
    const policy = toStackPolicy(STACK_RULES.find((r) => r.name === "batch-resource-logs-enabled")!);
    expect(policy.framework).toEqual({
      name: "Azure Security Benchmark",
      version: "2.0",
      reference: "LT-4",
      specification: "Enable logging for Azure resources",
    });
    expect(toStackPolicy(STACK_RULES.find((r) => r.name === "batch-private-endpoint-dns-zone")!).framework).toMatchObject({
      name: "Microsoft cloud security benchmark",
      reference: "NS-2",
    });
  });
});
