// Listing, the official SDK: @azure/arm-batch's batchAccountOperations.list() iterated to the end.
import { fail, report } from "./report";
import { sdkClient } from "./sdk-client";

async function main(): Promise<void> {
  const client = sdkClient();
  const started = performance.now();
  const items: unknown[] = [];
  for await (const account of client.batchAccountOperations.list()) items.push(account);
  report({ items: items.length, workMs: performance.now() - started });
}

main().catch(fail);
