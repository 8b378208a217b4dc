// Cold start, the floor: Node's built-in fetch and JSON.parse, nothing else.
import { env, fail, report } from "./report";

const url =
  `${env("ARM_RESOURCE_MANAGER_ENDPOINT")}/subscriptions/${env("ARM_SUBSCRIPTION_ID")}/resourceGroups/${env("BENCH_RESOURCE_GROUP")}` +
  `/providers/Microsoft.Batch/batchAccounts/${env("BENCH_ACCOUNT_NAME")}?api-version=2024-07-01`;

fetch(url, { headers: { authorization: `Bearer ${env("AZURE_BATCH_LOOKUP_TOKEN")}`, accept: "application/json" } })
  .then(async (res) => {
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const account = JSON.parse(await res.text()) as { id: string };
    report({ items: 1, id: account.id });
  })
  .catch(fail);
