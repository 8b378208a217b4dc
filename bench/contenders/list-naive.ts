// Listing, a reference point (no target): the floor plus the obvious way to build the flattened
// model, object spread (`{ ...envelope, ...properties }`, and the same for each private endpoint
// connection), without any checks.
import { env, fail, report } from "./report";

type Json = Record<string, unknown>;

function flatten(item: Json): Json {
  const { properties, ...envelope } = item as Json & { properties?: Json };
  const flat: Json = { ...envelope, ...properties };
  const connections = properties?.privateEndpointConnections as Json[] | undefined;
  if (connections !== undefined) {
    flat.privateEndpointConnections = connections.map(({ properties: p, ...rest }) => ({ ...rest, ...(p as Json | undefined) }));
  }
  return flat;
}

async function main(): Promise<void> {
  const headers = { authorization: `Bearer ${env("AZURE_BATCH_LOOKUP_TOKEN")}`, accept: "application/json" };
  const started = performance.now();
  const items: Json[] = [];
  let url: string | undefined =
    `${env("ARM_RESOURCE_MANAGER_ENDPOINT")}/subscriptions/${env("ARM_SUBSCRIPTION_ID")}/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01`;
  while (url !== undefined) {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const page = JSON.parse(await res.text()) as { value: Json[]; nextLink?: string };
    for (const item of page.value) items.push(flatten(item));
    url = page.nextLink || undefined;
  }
  report({ items: items.length, workMs: performance.now() - started });
}

main().catch(fail);
