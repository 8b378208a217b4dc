// Listing, the floor: built-in fetch and JSON.parse following nextLink, keeping every parsed item.
import { env, fail, report } from "./report";

async function main(): Promise<void> {
  const headers = { authorization: `Bearer ${env("AZURE_BATCH_LOOKUP_TOKEN")}`, accept: "application/json" };
  const started = performance.now();
  const items: unknown[] = [];
  let url: string | undefined =
    `${env("ARM_RESOURCE_MANAGER_ENDPOINT")}/subscriptions/${env("ARM_SUBSCRIPTION_ID")}/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01`;
  let pages = 0;
  while (url !== undefined) {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const page = JSON.parse(await res.text()) as { value: unknown[]; nextLink?: string };
    for (const item of page.value) items.push(item);
    url = page.nextLink || undefined;
    pages++;
  }
  report({ items: items.length, pages, workMs: performance.now() - started });
}

main().catch(fail);
