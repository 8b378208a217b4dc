// Tenant listing, the official SDK: @azure/arm-batch's batchAccountOperations.list() for each
// subscription in turn (the subscription ids come from the driver, so this contender makes no
// Subscriptions - List request of its own).
import { env, fail, report } from "./report";
import { sdkClient } from "./sdk-client";

async function main(): Promise<void> {
  const subscriptionIds = JSON.parse(env("BENCH_TENANT_SUBSCRIPTIONS")) as string[];
  const client = sdkClient();
  const started = performance.now();
  const items: unknown[] = [];
  for (const subscriptionId of subscriptionIds) {
    client.subscriptionId = subscriptionId;
    for await (const account of client.batchAccountOperations.list()) items.push(account);
  }
  report({ items: items.length, workMs: performance.now() - started });
}

main().catch(fail);
