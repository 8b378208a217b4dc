import * as policy from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { mapReferenceInputs } from "../../../policies/mapping/reference";
import { pathKey } from "../../../policies/unknowns";
import { BATCH_ACCOUNT_FIELD_NAMES as MODEL_FIELDS } from "../../../provider/model/batch-account";
import { example, exampleAccounts } from "../examples";
import { UNKNOWN } from "../policy-args";

const proxy = (policy as unknown as { unknownCheckingProxy: <T>(v: T) => T }).unknownCheckingProxy;

/** What a BatchAccountReference's inputs hold after check: the model, the lookup arguments, __provider. */
function referenceInputs(file: string): Record<string, unknown> {
  const account = example(file);
  return { ...account, accountName: account.name, __provider: "serialized-provider" };
}

describe("BatchAccountReference inputs → BatchAccount", () => {
  it("copies every model field of every official example unchanged, and marks the account as existing", () => {
    for (const { id, account } of exampleAccounts()) {
      const m = mapReferenceInputs(proxy({ ...structuredClone(account), accountName: account.name, __provider: "p" }), "ref");
      expect(m.account, id).toEqual(account);
      expect(m.existing).toBe(true);
      expect(m.unknown.size).toBe(0);
      expect(m.label).toBe('Batch account "sampleacct"');
    }
  });

  it("ignores the lookup arguments and __provider", () => {
    const m = mapReferenceInputs(referenceInputs("BatchAccountGet.json"));
    expect(Object.keys(m.account).sort()).toEqual(Object.keys(example("BatchAccountGet.json")).sort());
    expect(m.account).not.toHaveProperty("__provider");
    expect(m.account).not.toHaveProperty("accountName");
  });

  it("lists every field of the model", () => {
    expect(new Set(MODEL_FIELDS).size).toBe(MODEL_FIELDS.length);
    expect(MODEL_FIELDS).toContain("privateEndpointConnections");
    expect(MODEL_FIELDS).toContain("allowedAuthenticationModes");
  });

  it("applies the model's defaults to absent values", () => {
    const inputs = referenceInputs("BatchAccountGet.json");
    delete inputs.publicNetworkAccess;
    (inputs.autoStorage as Record<string, unknown>).authenticationMode = undefined;
    const m = mapReferenceInputs(inputs);
    expect(m.account.publicNetworkAccess).toBe("Enabled");
    expect(m.account.autoStorage?.authenticationMode).toBe("StorageKeys");
  });

  it("tracks unknown values anywhere inside", () => {
    const inputs = referenceInputs("PrivateBatchAccountGet.json");
    (inputs.privateEndpointConnections as Record<string, Record<string, unknown>>[])[0]!.privateLinkServiceConnectionState!.status =
      UNKNOWN;
    inputs.provisioningState = UNKNOWN;
    const m = mapReferenceInputs(proxy(inputs));
    expect(m.unknown.has(pathKey(["privateEndpointConnections", 0, "privateLinkServiceConnectionState", "status"]))).toBe(true);
    expect(m.unknown.has(pathKey(["provisioningState"]))).toBe(true);
    expect(m.account.provisioningState).toBeUndefined();
  });

  it("reports every field as not known while the lookup has not run (no id)", () => {
    const m = mapReferenceInputs(proxy({ accountName: UNKNOWN, resourceGroupName: "rg", __provider: "p" }), "ref");
    for (const field of MODEL_FIELDS) expect(m.unknown.has(pathKey([field])), field).toBe(true);
    expect(m.label).toBe('Batch account of resource "ref"');
  });
});
