// The options of a client (and so of every lookup): their types, defaults and rules, resolved
// through the documented order (option, Pulumi config, environment, default) and checked once,
// before any request. The options only a lookup has are in lookups/lookup-options.ts.

import type { TokenCredential } from "@azure/core-auth";
import { BatchLookupError, describeValue } from "../errors";
import { type ProxyChoice, resolveProxy } from "../pipeline/proxy";
import { type CredentialChoice, chooseCredential } from "./credential";
import {
  configSnapshot,
  environmentReader,
  normalizeEndpoint,
  parsePositiveInteger,
  resolveCloud,
  resolveSetting,
  type SettingReader,
} from "./resolve";

/**
 * Where a client reads its settings, when not from Pulumi config and the environment: the
 * provider plugin's reader (its provider's configuration first). Not part of the public options.
 */
export const SETTING_READER = Symbol("azure-batch-lookup.settingReader");

export type ClientOptionsWithReader = ClientOptions & { [SETTING_READER]?: SettingReader };

/** How throttling and transient failures are retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 4 (5 attempts). */
  maxRetries?: number;
  /** First backoff step. Default 1000 ms. */
  baseDelayMs?: number;
  /** Longest backoff between two attempts (a longer Retry-After is still honoured). Default 30 s. */
  maxDelayMs?: number;
  /** Longest time one lookup may take, every attempt and wait included. Default 120 s. */
  totalTimeoutMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  totalTimeoutMs: 120_000,
};

/** How long each phase of a request may take. */
export interface TimeoutOptions {
  /** Time to establish the connection: TCP, a proxy's CONNECT tunnel, TLS. Default 10 s. */
  connectMs?: number;
  /** Time from sending the request to receiving the response headers. Default 30 s. */
  headersMs?: number;
  /** Longest silence while receiving the body. Default 30 s. */
  bodyMs?: number;
  /** Longest time for one attempt, headers and whole body included. Default 60 s. */
  attemptMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<TimeoutOptions> = {
  connectMs: 10_000,
  headersMs: 30_000,
  bodyMs: 30_000,
  attemptMs: 60_000,
};

/** Caps that bound the memory one lookup can take, whatever a server sends. */
export interface LimitOptions {
  /** Most bytes of one response body, decoded. Default 32 MiB (an account is a few KB). */
  maxResponseBytes?: number;
  /** Most bytes of all pages of one list, decoded. Default 256 MiB. */
  maxListBytes?: number;
  /** Most accounts one list may return. Default 100,000. */
  maxListAccounts?: number;
}

export const DEFAULT_LIMITS: Required<LimitOptions> = {
  maxResponseBytes: 32 * 1024 * 1024,
  maxListBytes: 256 * 1024 * 1024,
  maxListAccounts: 100_000,
};

/** Where and how to reach ARM: the options of `new BatchLookupClient()` and of every lookup. */
export interface ClientOptions {
  /**
   * The credential for ARM. Default: the way of signing in the settings choose (a static token,
   * then azure-native's order: see the README's Authentication), else DefaultAzureCredential.
   */
  credential?: TokenCredential;
  /** The ARM endpoint (origin), for a sovereign or private cloud, or the emulator. */
  endpoint?: string;
  /** The Azure cloud: "public" (default), "usgovernment" or "china". */
  environment?: string;
  /** The token audience; the scope requested is `{audience}/.default`. Default: the cloud's, or the endpoint. */
  audience?: string;
  /** Extra trusted CA certificates (PEM) for the endpoint, such as the emulator's. */
  ca?: string | Buffer;
  /**
   * The HTTP proxy for ARM requests, as a URL: `http://proxy.example:3128`, with credentials
   * `http://user:password@proxy.example:3128` (percent-encoded), or `https://` for a proxy
   * reached over TLS. `""` means no proxy, whatever the environment says. Default: Pulumi config
   * `azure-batch-lookup:proxy`, else `HTTPS_PROXY`, `ALL_PROXY`, `HTTP_PROXY` (and their
   * lower-case forms), read when the client is created. `NO_PROXY` (or `no_proxy`) lists hosts
   * reached directly: `*`, a host (and its subdomains), `.example.com` or `*.example.com` (the
   * domain and its subdomains), an IP address or CIDR range, each with an optional `:port`.
   * Loopback hosts are never proxied. HTTPS always goes through a CONNECT tunnel: the proxy
   * relays encrypted bytes and never sees the bearer token.
   */
  proxy?: string;
  /** Most ARM requests in flight at once, across every lookup that shares this bound. Default 8. */
  maxConcurrentRequests?: number;
  /** Retry policy for throttling and transient failures. */
  retry?: RetryOptions;
  /** Connect, headers, body and attempt timeouts. */
  timeouts?: TimeoutOptions;
  /** Byte and account caps of responses and lists. */
  limits?: LimitOptions;
}

export const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;

export interface ResolvedClientOptions {
  endpoint: string;
  scope: string;
  credential: CredentialChoice;
  ca: string | undefined;
  /** The proxy and NO_PROXY list, or undefined for none. */
  proxy: ProxyChoice | undefined;
  maxConcurrentRequests: number;
  retry: Required<RetryOptions>;
  timeouts: Required<TimeoutOptions>;
  limits: Required<LimitOptions>;
}

export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  // One reading of Pulumi configuration for all the settings below.
  const config = configSnapshot();
  const env = process.env;
  const cloud = resolveCloud(options.environment, env, config);
  const endpointSetting = resolveSetting("endpoint", options.endpoint, env, config);
  const endpoint =
    endpointSetting === undefined ? cloud.resourceManagerEndpoint : normalizeEndpoint(endpointSetting.value, endpointSetting.source);
  const audience =
    resolveSetting("audience", options.audience, env, config)?.value ?? (endpointSetting === undefined ? cloud.audience : endpoint);
  const concurrencySetting = resolveSetting(
    "maxConcurrentRequests",
    options.maxConcurrentRequests === undefined ? undefined : String(options.maxConcurrentRequests),
    env,
    config,
  );
  const maxConcurrentRequests =
    concurrencySetting === undefined
      ? DEFAULT_MAX_CONCURRENT_REQUESTS
      : parsePositiveInteger(concurrencySetting.value, concurrencySetting.source, "maxConcurrentRequests");
  const retry = resolveNumbers("retry", DEFAULT_RETRY, options.retry, RETRY_RULES);
  const read = (options as ClientOptionsWithReader)[SETTING_READER] ?? environmentReader(env, config);
  return {
    endpoint,
    scope: `${audience.replace(/\/+$/, "")}/.default`,
    credential: chooseCredential(options.credential, cloud, read, retry.totalTimeoutMs),
    ca: options.ca === undefined ? undefined : String(options.ca),
    proxy: resolveProxy(options.proxy, env, config),
    maxConcurrentRequests,
    retry,
    timeouts: resolveNumbers("timeouts", DEFAULT_TIMEOUTS, options.timeouts, TIMEOUT_RULES),
    limits: resolveNumbers("limits", DEFAULT_LIMITS, options.limits, LIMIT_RULES),
  };
}

/** Longest delay a Node.js timer supports; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

type NumberRule = { integer?: boolean; min: number; max?: number; unit: string };

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

const LIMIT_RULES: Record<keyof LimitOptions, NumberRule> = {
  maxResponseBytes: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER, unit: "an integer number of bytes" },
  maxListBytes: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER, unit: "an integer number of bytes" },
  maxListAccounts: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER, unit: "an integer" },
};

/**
 * Merges numeric options over their defaults (an `undefined` field keeps the default) and checks
 * them, so a JavaScript caller's NaN, negative or string value fails before any request instead
 * of meaning "retry forever" or "no timeout".
 */
function resolveNumbers<T extends object>(
  name: string,
  defaults: Required<T>,
  given: T | undefined,
  rules: Record<keyof T, NumberRule>,
): Required<T> {
  if (given === undefined || given === null) return { ...defaults };
  if (typeof given !== "object" || Array.isArray(given)) {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: name,
      message: `The option ${name} must be an object, got ${describeValue(given)}.`,
    });
  }
  const out = { ...defaults };
  for (const key of Object.keys(given) as Array<keyof T>) {
    if (!(key in rules)) {
      throw new BatchLookupError({
        code: "InvalidConfiguration",
        target: `${name}.${String(key)}`,
        message: `Unknown option ${name}.${String(key)}: the known ones are ${Object.keys(rules).join(", ")}.`,
      });
    }
  }
  for (const key of Object.keys(rules) as Array<keyof T>) {
    const value = (given as Record<keyof T, unknown>)[key];
    if (value === undefined) continue;
    const rule = rules[key];
    const max = rule.max ?? MAX_TIMER_MS;
    const ok =
      typeof value === "number" &&
      Number.isFinite(value) &&
      value >= rule.min &&
      value <= max &&
      (rule.integer !== true || Number.isInteger(value));
    if (!ok) {
      const field = `${name}.${String(key)}`;
      throw new BatchLookupError({
        code: "InvalidConfiguration",
        target: field,
        message: `The option ${field} must be ${rule.unit} of at least ${rule.min} and at most ${max}, got ${typeof value === "number" ? String(value) : describeValue(value)}.`,
      });
    }
    (out as Record<keyof T, unknown>)[key] = value;
  }
  return out;
}
