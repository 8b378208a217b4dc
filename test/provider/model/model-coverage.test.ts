// Walks the 2024-07-01 OpenAPI schema and fails if any property is missing from the model's
// TypeScript types, from the model's field list (BATCH_ACCOUNT_FIELDS) or from what the parser produces.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { BATCH_ACCOUNT_FIELD_NAMES, BATCH_ACCOUNT_FIELDS } from "../../../provider/model/batch-account";
import { parseBatchAccount } from "../../../provider/model/parse-batch-account";
import { fullestInstance, loadOpenApi, type OpenApiSchema, resolveSchema, schemaProperties } from "../../support/spec";

const spec = loadOpenApi();

const resolve = (schema: OpenApiSchema) => resolveSchema(spec.definitions, schema);
const propertiesOf = (schema: OpenApiSchema) => schemaProperties(spec.definitions, schema);

/** Model paths of every schema leaf, with `x-ms-client-flatten` properties lifted onto their parent. */
function modelPaths(schema: OpenApiSchema, prefix: string, out: string[], depth = 0): void {
  if (depth > 8) return;
  for (const [name, raw] of Object.entries(propertiesOf(schema))) {
    const prop = resolve(raw);
    const flatten = raw["x-ms-client-flatten"] === true;
    const here = flatten ? prefix : `${prefix}.${name}`;
    if (!flatten) out.push(here);
    if (prop.type === "array" && prop.items !== undefined) {
      const item = resolve(prop.items);
      if (propertiesOf(item) && Object.keys(propertiesOf(item)).length > 0) modelPaths(item, `${here}[]`, out, depth + 1);
    } else if (typeof prop.additionalProperties === "object") {
      const value = resolve(prop.additionalProperties);
      if (Object.keys(propertiesOf(value)).length > 0) modelPaths(value, `${here}{}`, out, depth + 1);
    } else if (Object.keys(propertiesOf(prop)).length > 0) {
      modelPaths(prop, here, out, depth + 1);
    }
  }
}

/** A value for every property of the schema: the fullest account ARM could send. */
const fullInstance = (schema: OpenApiSchema) => fullestInstance(spec.definitions, schema);

function valuesAt(root: unknown, modelPath: string): unknown[] {
  let current: unknown[] = [root];
  for (const part of modelPath.split(".").slice(1)) {
    const next: unknown[] = [];
    const name = part.replace(/(\[\]|\{\})$/, "");
    for (const value of current) {
      const v = (value as Record<string, unknown> | undefined)?.[name];
      if (part.endsWith("[]")) next.push(...((v as unknown[]) ?? []));
      else if (part.endsWith("{}")) next.push(...Object.values((v as object) ?? {}));
      else next.push(v);
    }
    current = next;
  }
  return current;
}

/** Property names per interface of provider/model/batch-account.ts, read with the TypeScript compiler. */
function modelInterfaces(): Map<string, Set<string>> {
  const file = path.resolve(__dirname, "../../../provider/model/batch-account.ts");
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const out = new Map<string, Set<string>>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) {
      out.set(node.name.text, new Set(node.members.filter(ts.isPropertySignature).map((m) => m.name.getText(source))));
    }
  });
  return out;
}

// Where each schema object lands in the model's types.
const TYPE_OF_PATH: Record<string, string> = {
  account: "BatchAccount",
  "account.identity": "BatchAccountIdentity",
  "account.identity.userAssignedIdentities{}": "UserAssignedIdentities",
  "account.keyVaultReference": "KeyVaultReference",
  "account.networkProfile": "NetworkProfile",
  "account.networkProfile.accountAccess": "EndpointAccessProfile",
  "account.networkProfile.accountAccess.ipRules[]": "IPRule",
  "account.networkProfile.nodeManagementAccess": "EndpointAccessProfile",
  "account.networkProfile.nodeManagementAccess.ipRules[]": "IPRule",
  "account.privateEndpointConnections[]": "PrivateEndpointConnection",
  "account.privateEndpointConnections[].privateEndpoint": "PrivateEndpoint",
  "account.privateEndpointConnections[].privateLinkServiceConnectionState": "PrivateLinkServiceConnectionState",
  "account.autoStorage": "AutoStorageProperties",
  "account.autoStorage.nodeIdentityReference": "ComputeNodeIdentityReference",
  "account.encryption": "EncryptionProperties",
  "account.encryption.keyVaultProperties": "KeyVaultProperties",
  "account.dedicatedCoreQuotaPerVMFamily[]": "VirtualMachineFamilyCoreQuota",
};

// ARM's common systemData: azure-native has it on the account and on each private endpoint
// connection; the Batch 2024-07-01 schema does not declare it, so it is checked here by hand.
const SYSTEM_DATA = {
  createdBy: "alice@contoso.com",
  createdByType: "User",
  createdAt: "2024-07-01T10:00:00Z",
  lastModifiedBy: "0f7e8a9b-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
  lastModifiedByType: "Application",
  lastModifiedAt: "2024-07-02T11:00:00Z",
};

describe("systemData", () => {
  it("is declared on the account and on private endpoint connections", () => {
    const interfaces = modelInterfaces();
    expect(interfaces.get("BatchAccount")?.has("systemData")).toBe(true);
    expect(interfaces.get("PrivateEndpointConnection")?.has("systemData")).toBe(true);
    expect(interfaces.get("SystemData")).toEqual(new Set(Object.keys(SYSTEM_DATA)));
  });

  it("is parsed when ARM sends it, and undefined (a key of the account) when it does not", () => {
    const id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct";
    const properties = {
      accountEndpoint: "acct.westeurope.batch.azure.com",
      privateEndpointConnections: [{ id: `${id}/privateEndpointConnections/pec`, systemData: SYSTEM_DATA }],
    };
    const model = parseBatchAccount({ id, location: "westeurope", systemData: SYSTEM_DATA, properties });
    expect(model.systemData).toEqual(SYSTEM_DATA);
    expect(model.privateEndpointConnections?.[0]?.systemData).toEqual(SYSTEM_DATA);

    const without = parseBatchAccount({ id, location: "westeurope", properties: { accountEndpoint: "acct.westeurope.batch.azure.com" } });
    expect(Object.keys(without)).toEqual([...BATCH_ACCOUNT_FIELD_NAMES]);
    expect(without.systemData).toBeUndefined();
  });

  it("of the wrong shape is an error naming the field", () => {
    const id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct";
    expect(() => parseBatchAccount({ id, location: "x", systemData: { createdAt: 5 }, properties: { accountEndpoint: "e" } })).toThrow(
      /account\.systemData\.createdAt is 5, but ARM's common systemData type requires a string/,
    );
    expect(() => parseBatchAccount({ id, location: "x", properties: {} })).toThrow(
      /account\.properties\.accountEndpoint is undefined, but every Batch account has an account endpoint: a string/,
    );
  });
});

describe("the model covers the 2024-07-01 schema", () => {
  const paths: string[] = [];
  modelPaths({ $ref: "#/definitions/BatchAccount" }, "account", paths);

  it("finds the schema's properties", () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(paths).toContain("account.autoStorage.nodeIdentityReference.resourceId");
    expect(paths).toContain("account.privateEndpointConnections[].privateLinkServiceConnectionState.actionsRequired");
  });

  it("declares every schema property in the TypeScript types", () => {
    const interfaces = modelInterfaces();
    const missing: string[] = [];
    for (const p of paths) {
      const parent = p.slice(0, p.lastIndexOf("."));
      const name = p.slice(p.lastIndexOf(".") + 1).replace(/(\[\]|\{\})$/, "");
      const typeName = TYPE_OF_PATH[parent];
      if (typeName === undefined) {
        missing.push(`${p} (no interface mapped for ${parent})`);
        continue;
      }
      if (!interfaces.get(typeName)?.has(name)) missing.push(`${p} (not in ${typeName})`);
    }
    expect(missing).toEqual([]);
  });

  it("lists every field of BatchAccount in the field list, with where ARM sends it", () => {
    expect(new Set(BATCH_ACCOUNT_FIELD_NAMES)).toEqual(modelInterfaces().get("BatchAccount"));
    const account = propertiesOf({ $ref: "#/definitions/BatchAccount" });
    const bag = propertiesOf({ $ref: "#/definitions/BatchAccountProperties" });
    const expected: Record<string, string> = {
      systemData: "resource",
      subscriptionId: "derived",
      resourceGroupName: "derived",
      azureApiVersion: "derived",
    };
    for (const name of Object.keys(account)) if (name !== "properties") expected[name] = "resource";
    for (const name of Object.keys(bag)) expected[name] = "properties";
    expect(BATCH_ACCOUNT_FIELDS).toEqual(expected);
  });

  it("parses every schema property of a fully populated account", () => {
    const raw = fullInstance({ $ref: "#/definitions/BatchAccount" }) as Record<string, unknown>;
    raw.id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct";
    const model = parseBatchAccount(raw);
    const missing = paths.filter((p) => valuesAt(model, p).some((v) => v === undefined) || valuesAt(model, p).length === 0);
    expect(missing).toEqual([]);
  });
});
