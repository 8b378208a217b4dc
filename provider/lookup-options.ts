// The options every lookup takes, and the ARM client they resolve to. Clients are shared by
// every lookup with the same endpoint, credential and limits, so connections, tokens, the
// concurrency bound and in-flight sharing span a whole program.

import type { TokenCredential } from "@azure/core-auth";
import type * as pulumi from "@pulumi/pulumi";
import { ArmClient } from "./arm/arm-client";
import { Limiter } from "./concurrency";
import { normalizeEndpoint, parsePositiveInteger, resolveCloud, resolveSetting } from "./config";
import { chooseCredential, TokenCache } from "./credential";
import { BatchLookupError } from "./errors";
import { DEFAULT_RETRY, type RetryOptions } from "./http/retry";
import { HttpTransport, type TimeoutOptions } from "./http/transport";
import { validateSubscriptionId } from "./validate";

const VERSION = "0.1.0";

/** Options of the Promise forms: Pulumi's invoke options plus where and how to reach ARM. */
export interface LookupOptions extends pulumi.InvokeOptions {
  /** The credential for ARM. Default: configuration (token, service principal), else DefaultAzureCredential. */
  credential?: TokenCredential;
  /** The ARM endpoint (origin), for a sovereign or private cloud, or the emulator. */
  endpoint?: string;
  /** The Azure cloud: "public" (default), "usgovernment" or "china". */
  environment?: string;
  /** The token audience; the scope requested is `{audience}/.default`. Default: the cloud's, or the endpoint. */
  audience?: string;
  /** Extra trusted CA certificates (PEM) for the endpoint, such as the emulator's. */
  ca?: string | Buffer;
  /** Most ARM requests in flight at once, across every lookup that shares this client. Default 8. */
  maxConcurrentRequests?: number;
  /** Retry policy for throttling and transient failures. */
  retry?: RetryOptions;
  /** Connect, headers, body and attempt timeouts. */
  timeouts?: TimeoutOptions;
}

/** Options of the Output forms: as LookupOptions, plus `dependsOn` as in `pulumi.InvokeOutputOptions`. */
export interface LookupOutputOptions extends LookupOptions {
  dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>;
}

export const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;

const clients = new Map<string, ArmClient>();
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

function identityOf(value: string | object): string {
  if (typeof value === "string") return value;
  let id = objectIds.get(value);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(value, id);
  }
  return `#${id}`;
}

/** The shared ARM client for these options. */
export function clientFor(options: LookupOptions = {}): ArmClient {
  const cloud = resolveCloud(options.environment);
  const endpointSetting = resolveSetting("endpoint", options.endpoint);
  const endpoint = endpointSetting === undefined
    ? cloud.resourceManagerEndpoint
    : normalizeEndpoint(endpointSetting.value, endpointSetting.source);
  const audience = resolveSetting("audience", options.audience)?.value ?? (endpointSetting === undefined ? cloud.audience : endpoint);
  const concurrencySetting = resolveSetting(
    "maxConcurrentRequests",
    options.maxConcurrentRequests === undefined ? undefined : String(options.maxConcurrentRequests),
  );
  const maxConcurrent = concurrencySetting === undefined
    ? DEFAULT_MAX_CONCURRENT_REQUESTS
    : parsePositiveInteger(concurrencySetting.value, concurrencySetting.source, "maxConcurrentRequests");
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const { credential, key } = chooseCredential(options.credential, cloud);
  const cacheKey = JSON.stringify([
    endpoint,
    audience,
    identityOf(key),
    options.ca === undefined ? "" : String(options.ca),
    maxConcurrent,
    retry,
    options.timeouts ?? {},
  ]);
  let client = clients.get(cacheKey);
  if (client === undefined) {
    const scope = `${audience.replace(/\/+$/, "")}/.default`;
    const transportOptions = options.ca === undefined ? { timeouts: options.timeouts ?? {} } : { timeouts: options.timeouts ?? {}, ca: options.ca };
    client = new ArmClient({
      endpoint,
      tokens: new TokenCache(credential, scope),
      transport: new HttpTransport(transportOptions),
      limiter: new Limiter(maxConcurrent),
      retry,
      userAgent: `azure-batch-lookup/${VERSION} Node.js/${process.versions.node}`,
    });
    clients.set(cacheKey, client);
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

/** Closes every shared client's connections, so a script can exit without waiting for keep-alive. */
export async function closeClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.settings.transport.close()));
}
