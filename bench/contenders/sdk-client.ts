// The official SDK's client, configured like our library from the bench's environment.

import type { BatchManagementClient as Client } from "@azure/arm-batch";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { env } from "./report";

export function sdkClient(): Client {
  const { BatchManagementClient } = require("@azure/arm-batch") as typeof import("@azure/arm-batch");
  const endpoint = env("ARM_RESOURCE_MANAGER_ENDPOINT");
  const token = env("AZURE_BATCH_LOOKUP_TOKEN");
  const credential: TokenCredential = {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
  return new BatchManagementClient(credential, env("ARM_SUBSCRIPTION_ID"), {
    endpoint,
    apiVersion: "2024-07-01",
    credentialScopes: [`${endpoint}/.default`],
  });
}
