// The default clients of lookups given no `client`: one per configuration. They share their
// transport (one connection pool) by configuration and their in-flight bound by ARM endpoint, so
// `maxConcurrentRequests` bounds the whole program's requests to an endpoint, and a new credential
// object per lookup opens no new connections.

import type { ResolvedClientOptions } from "../settings/client-options";
import { ArmClient, type ClientResources, createHttpClient } from "./arm-client";
import { Limiter } from "./concurrency";

/** Transports of default clients, by the configuration they depend on (a pool per origin). */
const transports = new Map<string, ClientResources["httpClient"]>();
/** In-flight bounds of default clients: one per ARM endpoint and maxConcurrentRequests. */
const limiters = new Map<string, Limiter>();
/** Default clients whose credential comes from configuration (a string key). */
const clientsByConfig = new Map<string, ArmClient>();
/** Default clients of callers' credential objects: collected with the credential. */
let clientsByCredential = new WeakMap<object, Map<string, ArmClient>>();

/** The default client for these resolved options. */
export function defaultClient(resolved: ResolvedClientOptions): ArmClient {
  const transportKey = JSON.stringify([resolved.ca ?? "", resolved.maxConcurrentRequests, resolved.timeouts, resolved.proxy ?? null]);
  const limiterKey = `${resolved.endpoint} ${resolved.maxConcurrentRequests}`;
  const configKey = `${transportKey}\n${JSON.stringify([resolved.endpoint, resolved.scope, resolved.retry, resolved.limits])}`;
  const credentialKey = resolved.credential.key;
  let byConfig: Map<string, ArmClient>;
  let key: string;
  if (typeof credentialKey === "string") {
    byConfig = clientsByConfig;
    key = `${credentialKey}\n${configKey}`;
  } else {
    byConfig = clientsByCredential.get(credentialKey) ?? new Map();
    clientsByCredential.set(credentialKey, byConfig);
    key = configKey;
  }
  let client = byConfig.get(key);
  if (client === undefined) {
    let httpClient = transports.get(transportKey);
    if (httpClient === undefined) {
      httpClient = createHttpClient(resolved);
      transports.set(transportKey, httpClient);
    }
    let limiter = limiters.get(limiterKey);
    if (limiter === undefined) {
      limiter = new Limiter(resolved.maxConcurrentRequests);
      limiters.set(limiterKey, limiter);
    }
    client = new ArmClient(resolved, { httpClient, limiter }, false);
    byConfig.set(key, client);
  }
  return client;
}

/**
 * Closes the connections of every default client, so a script can exit without waiting for
 * keep-alive. Clients created with `new BatchLookupClient()` are closed with their own `close()`.
 */
export async function closeClients(): Promise<void> {
  const all = [...transports.values()];
  transports.clear();
  limiters.clear();
  clientsByConfig.clear();
  clientsByCredential = new WeakMap();
  await Promise.all(all.map((t) => t.close()));
}
