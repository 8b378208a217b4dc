// Cold start, azure-batch-lookup: the built package, configured through the environment
// (ARM_RESOURCE_MANAGER_ENDPOINT, AZURE_BATCH_LOOKUP_TOKEN, ARM_SUBSCRIPTION_ID) as a script would be.
import { env, fail, report } from "./report";

const lookup = require("azure-batch-lookup") as typeof import("../../provider");

lookup
  .getBatchAccount({ accountName: env("BENCH_ACCOUNT_NAME"), resourceGroupName: env("BENCH_RESOURCE_GROUP") })
  .then((account) => report({ items: 1, id: account.id }))
  .catch(fail);
