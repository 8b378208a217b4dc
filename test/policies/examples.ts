// The official Batch account examples (spec/examples), parsed into the model.

import * as fs from "node:fs";
import * as path from "node:path";
import type { BatchAccount } from "../../provider/model/batch-account";
import { parseBatchAccount } from "../../provider/model/parse-batch-account";

export const EXAMPLES_DIR = path.resolve(__dirname, "../../spec/examples");

export interface ExampleAccount {
  /** `BatchAccountGet.json`, or `BatchAccountList.json#0` for list entries. */
  id: string;
  body: Record<string, unknown>;
  account: BatchAccount;
}

function bodies(file: string): { id: string; body: Record<string, unknown> }[] {
  const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), "utf8")) as { responses: Record<string, { body?: unknown }> };
  const body = example.responses["200"]?.body as Record<string, unknown> | undefined;
  if (body === undefined) throw new Error(`${file} has no 200 response body`);
  if (Array.isArray(body.value)) return (body.value as Record<string, unknown>[]).map((b, i) => ({ id: `${file}#${i}`, body: b }));
  return [{ id: file, body }];
}

/** Every account in every official example. */
export function exampleAccounts(): ExampleAccount[] {
  const files = fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  if (files.length === 0) throw new Error(`no examples in ${EXAMPLES_DIR}`);
  return files.flatMap((file) => bodies(file).map(({ id, body }) => ({ id, body, account: parseBatchAccount(body, id) })));
}

/** One example account, parsed; a fresh copy every call (tests change them). */
export function example(file: string, index = 0): BatchAccount {
  const found = bodies(file)[index];
  if (found === undefined) throw new Error(`${file} has no account ${index}`);
  return parseBatchAccount(structuredClone(found.body), file);
}

/** The raw ARM body of an example (for building resource inputs). */
export function exampleBody(file: string, index = 0): Record<string, unknown> {
  const found = bodies(file)[index];
  if (found === undefined) throw new Error(`${file} has no account ${index}`);
  return structuredClone(found.body);
}

/**
 * PrivateBatchAccountGet.json (public access disabled, an Approved private endpoint connection),
 * completed into an account every rule accepts: AAD only, a system-assigned identity, a
 * customer-managed key, auto-storage through the managed identity, tags.
 */
export function compliantAccount(): BatchAccount {
  const account = example("PrivateBatchAccountGet.json");
  account.allowedAuthenticationModes = ["AAD"];
  account.identity = {
    type: "SystemAssigned",
    principalId: "1a2e532b-9900-414c-8600-cfc6126628d7",
    tenantId: "f686d426-8d16-42db-81b7-ab578e110ccd",
  };
  account.encryption = {
    keySource: "Microsoft.KeyVault",
    keyVaultProperties: { keyIdentifier: "https://sample.vault.azure.net/keys/batchkey/6e34a81fef704045975661e297a4c053" },
  };
  account.autoStorage!.authenticationMode = "BatchAccountManagedIdentity";
  account.tags = { costCenter: "1234", owner: "batch-team" };
  return account;
}

/** An official pool example's request (spec/examples/pools), as azure-native `batch.Pool` inputs (the REST properties, flattened). */
export function poolInputs(file: string): Record<string, unknown> {
  const request = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, "pools", file), "utf8")).parameters;
  return {
    accountName: request.accountName,
    resourceGroupName: request.resourceGroupName,
    poolName: request.poolName,
    ...request.parameters.properties,
  };
}
