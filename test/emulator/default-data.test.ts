/**
 * The default data set holds the account of every official example (same id, same properties),
 * and accounts that exercise every property of the 2024-07-01 schema.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultEmulatorData, type EmulatorData, parseAccountId, SUBID_SUBSCRIPTION_ID } from "../../emulator";
import rawDefault from "../../emulator/data/default-accounts.json";
import { EXAMPLES_DIR, readJson, SPEC_DIR } from "./helpers";

const data: EmulatorData = defaultEmulatorData();
const byId = new Map(data.accounts.map((a) => [a.id.toLowerCase(), a]));

/** The account an example's 200 response describes (a list example: its first entry). */
function exampleAccount(file: string): any {
  const body = readJson(path.join(EXAMPLES_DIR, file)).responses["200"].body;
  return body.value ? body.value[0] : body;
}

/** The example's account as the data set keeps it: `subid` mapped, renamed where documented. */
function asStored(example: any, aliases: Record<string, string>, newName?: string): any {
  const a = structuredClone(example);
  if (newName) {
    const old = a.name;
    a.name = newName;
    if (a.properties?.accountEndpoint?.startsWith(`${old}.`))
      a.properties.accountEndpoint = newName + a.properties.accountEndpoint.slice(old.length);
    let text = JSON.stringify(a);
    text = text.replace(new RegExp(`batchAccounts/${old}(?=["/])`, "g"), `batchAccounts/${newName}`);
    Object.assign(a, JSON.parse(text));
  }
  let text = JSON.stringify(a);
  for (const [alias, guid] of Object.entries(aliases)) text = text.split(`/subscriptions/${alias}/`).join(`/subscriptions/${guid}/`);
  return JSON.parse(text);
}

describe("default data set vs the official examples", () => {
  const files = fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const provenance = new Map((data.examples ?? []).map((e) => [e.file, e]));

  it("documents the subid mapping and every example file", () => {
    expect(data.subscriptionIdAliases).toEqual({ subid: SUBID_SUBSCRIPTION_ID });
    expect([...provenance.keys()].sort()).toEqual(files);
    expect(files.length).toBe(10);
  });

  it.each(files)("%s: its account is in the data set with the same properties", (file) => {
    const example = exampleAccount(file);
    const p = provenance.get(file)!;
    const originalId = asStored(example, data.subscriptionIdAliases!).id.toLowerCase();
    // The example's own id is always present (case-insensitively) ...
    expect(byId.has(originalId), originalId).toBe(true);
    // ... and the documented account carries exactly the example's body.
    const stored = byId.get(p.id.toLowerCase());
    expect(stored, p.id).toBeDefined();
    const newName = p.renamedFrom ? parseAccountId(p.id)!.accountName : undefined;
    if (!p.renamedFrom) expect(p.id.toLowerCase()).toBe(originalId);
    else expect(p.renamedFrom).toBe(example.name);
    expect(stored).toStrictEqual(asStored(example, data.subscriptionIdAliases!, newName));
  });

  it("keeps the GUID subscription of the newer examples and maps subid everywhere", () => {
    const text = JSON.stringify(data.accounts);
    expect(text).not.toContain("/subscriptions/subid/");
    expect(
      byId.has(
        "/subscriptions/12345678-1234-1234-1234-123456789012/resourcegroups/default-azurebatch-japaneast/providers/microsoft.batch/batchaccounts/sampleacct",
      ),
    ).toBe(true);
  });

  it("the committed file is what the emulator loads", () => {
    expect(structuredClone(rawDefault)).toEqual(data);
    expect(fs.existsSync(path.join(SPEC_DIR, "batch-account-2024-07-01.openapi.json"))).toBe(true);
  });
});

describe("default data set coverage", () => {
  const accounts = data.accounts;
  const props = accounts.map((a) => (a.properties ?? {}) as Record<string, any>);
  const values = (f: (p: Record<string, any>) => unknown) => new Set(props.map(f).filter((v) => v !== undefined));

  it("every property of BatchAccountProperties occurs", () => {
    const spec = readJson(path.join(SPEC_DIR, "batch-account-2024-07-01.openapi.json"));
    for (const name of Object.keys(spec.definitions.BatchAccountProperties.properties)) {
      expect(
        props.some((p) => p[name] !== undefined),
        name,
      ).toBe(true);
    }
  });

  it("identities, encryption, network, private endpoints, pool allocation, access, auth modes, tags", () => {
    expect(new Set(accounts.map((a) => a.identity?.type))).toEqual(new Set(["None", "SystemAssigned", "UserAssigned", undefined]));
    expect(accounts.some((a) => Object.keys((a.identity?.userAssignedIdentities as object) ?? {}).length >= 2)).toBe(true);
    expect(values((p) => p.encryption?.keySource)).toEqual(new Set(["Microsoft.Batch", "Microsoft.KeyVault"]));
    expect(props.some((p) => p.encryption?.keySource === "Microsoft.KeyVault" && p.encryption.keyVaultProperties?.keyIdentifier)).toBe(
      true,
    );
    expect(
      props.some((p) => p.networkProfile?.accountAccess?.ipRules?.length && p.networkProfile?.nodeManagementAccess?.ipRules?.length),
    ).toBe(true);
    expect(values((p) => p.networkProfile?.accountAccess?.defaultAction)).toEqual(new Set(["Allow", "Deny"]));
    const peStatuses = new Set(
      props.flatMap((p) => (p.privateEndpointConnections ?? []).map((c: any) => c.properties.privateLinkServiceConnectionState.status)),
    );
    expect(peStatuses).toEqual(new Set(["Approved", "Pending", "Rejected", "Disconnected"]));
    expect(props.some((p) => p.dedicatedCoreQuotaPerVMFamily?.length)).toBe(true);
    expect(props.some((p) => p.poolAllocationMode === "UserSubscription" && p.keyVaultReference)).toBe(true);
    expect(values((p) => p.publicNetworkAccess)).toEqual(new Set(["Enabled", "Disabled", "SecuredByPerimeter"]));
    expect(props.some((p) => p.publicNetworkAccess === undefined)).toBe(true); // default applies
    expect(values((p) => JSON.stringify(p.allowedAuthenticationModes)).size).toBeGreaterThanOrEqual(5);
    expect(values((p) => p.autoStorage?.authenticationMode)).toEqual(new Set(["StorageKeys", "BatchAccountManagedIdentity"]));
    expect(props.some((p) => p.autoStorage && p.autoStorage.authenticationMode === undefined)).toBe(true);
    expect(accounts.some((a) => Object.keys(a.tags ?? {}).length >= 2)).toBe(true);
  });

  it("spans several subscriptions, resource groups and regions, with an empty group", () => {
    const subs = new Set(accounts.map((a) => parseAccountId(a.id)!.subscriptionId));
    const rgs = new Set(accounts.map((a) => `${parseAccountId(a.id)!.subscriptionId}/${parseAccountId(a.id)!.resourceGroupName}`));
    expect(subs.size).toBeGreaterThanOrEqual(4);
    expect(rgs.size).toBeGreaterThanOrEqual(6);
    expect(new Set(accounts.map((a) => a.location)).size).toBeGreaterThanOrEqual(5);
    const declared = data.subscriptions.flatMap((s) => (s.resourceGroups ?? []).map((g) => `${s.subscriptionId}/${g.name}`));
    expect(declared.some((g) => !rgs.has(g))).toBe(true);
  });
});
