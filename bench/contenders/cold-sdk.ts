// Cold start, the official SDK: @azure/arm-batch's BatchManagementClient.batchAccountOperations.get.
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { env, fail, report } from "./report";

const { BatchManagementClient } = require("@azure/arm-batch") as typeof import("@azure/arm-batch");

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

client.batchAccountOperations
  .get(env("BENCH_RESOURCE_GROUP"), env("BENCH_ACCOUNT_NAME"))
  .then((account) => report({ items: 1, id: account.id }))
  .catch(fail);
