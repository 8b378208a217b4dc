// Cold start, the official SDK: @azure/arm-batch's BatchManagementClient.batchAccountOperations.get.
import { env, fail, report } from "./report";
import { sdkClient } from "./sdk-client";

const client = sdkClient();

client.batchAccountOperations
  .get(env("BENCH_RESOURCE_GROUP"), env("BENCH_ACCOUNT_NAME"))
  .then((account) => report({ items: 1, id: account.id }))
  .catch(fail);
