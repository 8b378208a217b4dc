// Listing, the official SDK: @azure/arm-batch's batchAccountOperations.list() iterated to the end.
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { env, fail, report } from "./report";

const { BatchManagementClient } = require("@azure/arm-batch") as typeof import("@azure/arm-batch");

async function main(): Promise<void> {
  const endpoint = env("ARM_RESOURCE_MANAGER_ENDPOINT");
  const token = env("AZURE_BATCH_LOOKUP_TOKEN");
  const credential: TokenCredential = {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
  const client = new BatchManagementClient(credential, env("ARM_SUBSCRIPTION_ID"), {
    endpoint,
    apiVersion: "2024-07-01",
    credentialScopes: [`${endpoint}/.default`],
  });
  const started = performance.now();
  const items: unknown[] = [];
  for await (const account of client.batchAccountOperations.list()) items.push(account);
  report({ items: items.length, workMs: performance.now() - started });
}

main().catch(fail);
