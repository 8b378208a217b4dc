// The options every lookup takes, and the ARM client they resolve to. Clients are shared by
// every lookup with the same endpoint, credential and limits, so connections, tokens, the
// concurrency bound and in-flight sharing span a whole program.

import type { TokenCredential } from "@azure/core-auth";
import type * as pulumi from "@pulumi/pulumi";
import { ArmClient } from "./arm/arm-client";
import { Limiter } from "./concurrency";
import { normalizeEndpoint, parsePositiveInteger, resolveCloud, resolveSetting } from "./config";
import { chooseCredential, TokenCache } from "./credential";
import { BatchLookupError, describeValue } from "./errors";
import { DEFAULT_RETRY, type RetryOptions } from "./http/retry";
import { DEFAULT_TIMEOUTS, HttpTransport, type TimeoutOptions } from "./http/transport";
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
  const retry = resolveNumbers("retry", DEFAULT_RETRY, options.retry, RETRY_RULES);
  const timeouts = resolveNumbers("timeouts", DEFAULT_TIMEOUTS, options.timeouts, TIMEOUT_RULES);
  const { credential, key } = chooseCredential(options.credential, cloud);
  const cacheKey = JSON.stringify([
    endpoint,
    audience,
    identityOf(key),
    options.ca === undefined ? "" : String(options.ca),
    maxConcurrent,
    retry,
    timeouts,
  ]);
  let client = clients.get(cacheKey);
  if (client === undefined) {
    const scope = `${audience.replace(/\/+$/, "")}/.default`;
    // As many connections as requests the limiter lets through: with more, a request that follows
    // a finished one often opens (and TLS-handshakes) a new connection before the old one is idle.
    const transportOptions = options.ca === undefined
      ? { timeouts, connections: maxConcurrent }
      : { timeouts, connections: maxConcurrent, ca: options.ca };
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

/** Longest delay a Node.js timer supports; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

type NumberRule = { integer?: boolean; min: number; unit: string };

const RETRY_RULES: Record<keyof RetryOptions, NumberRule> = {
  maxRetries: { integer: true, min: 0, unit: "an integer" },
  baseDelayMs: { min: 0, unit: "a number of milliseconds" },
  maxDelayMs: { min: 0, unit: "a number of milliseconds" },
  totalTimeoutMs: { min: 1, unit: "a number of milliseconds" },
};

const TIMEOUT_RULES: Record<keyof TimeoutOptions, NumberRule> = {
  connectMs: { min: 1, unit: "a number of milliseconds" },
  headersMs: { min: 1, unit: "a number of milliseconds" },
  bodyMs: { min: 1, unit: "a number of milliseconds" },
  attemptMs: { min: 1, unit: "a number of milliseconds" },
};

/**
 * Merges numeric options over their defaults (an `undefined` field keeps the default) and checks
 * them, so a JavaScript caller's NaN, negative or string value fails before any request instead
 * of meaning "retry forever" or "no timeout".
 */
function resolveNumbers<T extends object>(name: string, defaults: Required<T>, given: T | undefined, rules: Record<keyof T, NumberRule>): Required<T> {
  if (given === undefined || given === null) return { ...defaults };
  if (typeof given !== "object" || Array.isArray(given)) {
    throw new BatchLookupError({ code: "InvalidConfiguration", target: name, message: `The option ${name} must be an object, got ${describeValue(given)}.` });
  }
  const out = { ...defaults };
  for (const key of Object.keys(rules) as Array<keyof T>) {
    const value = (given as Record<keyof T, unknown>)[key];
    if (value === undefined) continue;
    const rule = rules[key];
    const ok = typeof value === "number" && Number.isFinite(value) && value >= rule.min && value <= MAX_TIMER_MS && (rule.integer !== true || Number.isInteger(value));
    if (!ok) {
      const field = `${name}.${String(key)}`;
      throw new BatchLookupError({
        code: "InvalidConfiguration",
        target: field,
        message: `The option ${field} must be ${rule.unit} of at least ${rule.min} and at most ${MAX_TIMER_MS}, got ${typeof value === "number" ? String(value) : describeValue(value)}.`,
      });
    }
    (out as Record<keyof T, unknown>)[key] = value;
  }
  return out;
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
