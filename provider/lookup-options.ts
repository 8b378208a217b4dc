// The options every lookup takes, and the client they resolve to. A lookup given `client` uses
// it; any other lookup uses the default client of its configuration. Default clients share their
// transport (one node:https Agent) by configuration and their in-flight bound by ARM endpoint, so
// `maxConcurrentRequests` bounds the whole program's requests to an endpoint, and a new credential
// object per lookup opens no new connections.

import type * as pulumi from "@pulumi/pulumi";
import { BatchLookupClient, createHttpClient } from "./client";
import { type ClientOptions, resolveClientOptions } from "./client-options";
import { Limiter } from "./concurrency";
import { resolveSetting } from "./config";
import { BatchLookupError } from "./errors";
import type { NodeHttpClient } from "./pipeline/node-http-client";
import { validateSubscriptionId } from "./validate";

/** Options of the Promise forms: where and how to reach ARM, or an explicit client. */
export interface LookupOptions extends ClientOptions {
  /**
   * The client to send the lookup with (its endpoint, credential, limits and connections); the
   * other options must then be left out. Default: a client shared by every lookup with the same
   * options.
   */
  client?: BatchLookupClient;
}

/** Options of the Output forms: as LookupOptions, plus `dependsOn` as in `pulumi.InvokeOutputOptions`. */
export interface LookupOutputOptions extends LookupOptions {
  dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>;
}

/**
 * Pulumi invoke options that a lookup over ARM's REST API cannot honour, with what to use instead.
 * They are not in the type; a JavaScript caller (or a cast) that passes one gets an error rather
 * than a lookup that silently ignores it.
 */
const UNSUPPORTED: Record<string, string> = {
  provider:
    "the lookups call ARM directly, not through a Pulumi provider: pass `credential`, `endpoint` or `environment` (and the subscriptionId argument) to choose the identity, cloud and subscription, or `client`",
  providers: "the lookups call ARM directly, not through a Pulumi provider: pass `credential`, `endpoint` or `environment`, or `client`",
  parent: "a lookup creates no resource, so it has no parent; use `dependsOn` (Output forms) to order it after a resource",
  version: "no provider plugin is involved, so there is no plugin version to choose",
  pluginDownloadURL: "no provider plugin is involved, so there is nothing to download",
  async: "the Promise forms are always asynchronous",
};

const CLIENT_OPTION_KEYS = [
  "credential",
  "endpoint",
  "environment",
  "audience",
  "ca",
  "proxy",
  "maxConcurrentRequests",
  "retry",
  "timeouts",
  "limits",
] as const;

/** Fails on an option the lookups cannot honour, naming it and what to use instead. */
export function checkLookupOptions(options: LookupOptions | undefined): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new BatchLookupError({ code: "InvalidArgument", target: "opts", message: "Invalid opts: must be an object of lookup options." });
  }
  for (const [key, instead] of Object.entries(UNSUPPORTED)) {
    if ((options as Record<string, unknown>)[key] !== undefined) {
      throw new BatchLookupError({
        code: "InvalidArgument",
        target: `opts.${key}`,
        message: `The option ${key} is not supported by the azure-batch-lookup lookups: ${instead}.`,
      });
    }
  }
  if (options.client !== undefined) {
    const conflicting = CLIENT_OPTION_KEYS.filter((k) => options[k] !== undefined);
    if (conflicting.length > 0) {
      throw new BatchLookupError({
        code: "InvalidArgument",
        target: `opts.${conflicting[0]}`,
        message: `The option ${conflicting.join(", ")} cannot be combined with client: the client was created with its own; pass them to new BatchLookupClient(...) instead.`,
      });
    }
  }
}

/** Transports of default clients, by the configuration they depend on (an Agent pools per origin). */
const transports = new Map<string, NodeHttpClient>();
/** In-flight bounds of default clients: one per ARM endpoint and maxConcurrentRequests. */
const limiters = new Map<string, Limiter>();
/** Default clients whose credential comes from configuration (a string key). */
const clientsByConfig = new Map<string, BatchLookupClient>();
/** Default clients of callers' credential objects: collected with the credential. */
let clientsByCredential = new WeakMap<object, Map<string, BatchLookupClient>>();

/** The client of a lookup: `opts.client`, else the default client for these options. */
export function clientFor(options: LookupOptions = {}): BatchLookupClient {
  checkLookupOptions(options);
  if (options.client !== undefined) return options.client;
  const resolved = resolveClientOptions(options);
  const transportKey = JSON.stringify([resolved.ca ?? "", resolved.maxConcurrentRequests, resolved.timeouts, resolved.proxy ?? null]);
  const limiterKey = `${resolved.endpoint} ${resolved.maxConcurrentRequests}`;
  const configKey = JSON.stringify([resolved.endpoint, resolved.scope, transportKey, resolved.retry, resolved.limits]);
  const credentialKey = resolved.credential.key;
  let byConfig: Map<string, BatchLookupClient>;
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
    client = new BatchLookupClient({}, { resolved, resources: { httpClient, limiter } });
    byConfig.set(key, client);
  }
  return client;
}

/** The subscription of a lookup: the argument, else configuration, else an error saying where to set it. */
export function resolveSubscriptionId(explicit: unknown): string {
  if (explicit !== undefined && explicit !== null && explicit !== "") return validateSubscriptionId(explicit);
  const setting = resolveSetting("subscriptionId", undefined);
  if (setting === undefined) {
    throw new BatchLookupError({
      code: "InvalidArgument",
      target: "subscriptionId",
      message:
        "No subscriptionId: pass it as an argument, or set Pulumi config azure-batch-lookup:subscriptionId " +
        "(or azure-native:subscriptionId), or the ARM_SUBSCRIPTION_ID environment variable.",
    });
  }
  return validateSubscriptionId(setting.value, `subscriptionId (from ${setting.source})`);
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
