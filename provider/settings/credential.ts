// Bearer tokens for ARM: from the caller's TokenCredential, a static token (the emulator), a
// service principal from configuration, or DefaultAzureCredential. The pipeline's bearer-token
// policy caches tokens and shares one refresh between concurrent callers.

import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { BatchLookupError } from "../errors";
import { type Cloud, resolveSetting } from "./resolve";

/** What an HTTP header value may hold (RFC 9110 field-value: visible characters, space, tab, obs-text). */
const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]+$/;

/** A TokenCredential that returns one fixed token: for the emulator or a token obtained elsewhere. */
export class StaticTokenCredential implements TokenCredential {
  readonly #token: string;
  constructor(token: string) {
    this.#token = token;
  }
  async getToken(): Promise<AccessToken> {
    return { token: this.#token, expiresOnTimestamp: Number.MAX_SAFE_INTEGER };
  }
}

/** The wait for a token was cancelled by the signal it was given (a lookup's deadline). */
export class CredentialWaitCancelled extends Error {
  constructor() {
    super("the wait for an access token was cancelled");
    this.name = "CredentialWaitCancelled";
  }
}

/**
 * Wraps the caller's credential for the pipeline's bearer-token policy: a wait that its signal
 * cancels ends at once (so a credential that hangs cannot hold the policy's shared refresh past
 * a lookup's deadline, and the next lookup asks the credential again); a wait without a signal
 * ends after `fallbackTimeoutMs`; every failure, and a result that is not a usable token
 * (undefined, empty, unsafe in a header), becomes a BatchLookupError.
 */
export class GuardedCredential implements TokenCredential {
  readonly #credential: TokenCredential;
  readonly #fallbackTimeoutMs: number;
  #issued: AccessToken | undefined;

  constructor(credential: TokenCredential, fallbackTimeoutMs: number) {
    this.#credential = credential;
    this.#fallbackTimeoutMs = fallbackTimeoutMs;
  }

  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    const signal = (options.abortSignal as AbortSignal | undefined) ?? AbortSignal.timeout(this.#fallbackTimeoutMs);
    const scope = Array.isArray(scopes) ? scopes.join(" ") : scopes;
    // The bearer policy's background refresh retries with the options of the request that started
    // it; once that request's deadline has passed, the credential is not asked with a dead signal.
    if (signal.aborted && options.abortSignal !== undefined) throw new CredentialWaitCancelled();
    let token: AccessToken | null | undefined;
    try {
      token = await untilAborted(
        Promise.resolve().then(() => this.#credential.getToken(scopes, { ...options, abortSignal: signal })),
        signal,
      );
    } catch (err) {
      if (signal.aborted) {
        if (options.abortSignal !== undefined) throw new CredentialWaitCancelled();
        throw new BatchLookupError({
          code: "CredentialUnavailable",
          message: `Could not get an Azure access token for ${scope}: the credential did not answer within ${this.#fallbackTimeoutMs} ms.`,
        });
      }
      if (err instanceof BatchLookupError) throw err;
      throw new BatchLookupError({
        code: "CredentialUnavailable",
        message:
          `Could not get an Azure access token for ${scope}: ${errorMessage(err)} ` +
          "Sign in with `az login`, set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, " +
          "or pass a `credential` option.",
        cause: err,
      });
    }
    if (typeof token !== "object" || token === null || typeof token.token !== "string" || token.token === "") {
      throw new BatchLookupError({
        code: "CredentialUnavailable",
        message: `The credential returned no access token for ${scope} (getToken resolved to ${token === null ? "null" : typeof token === "object" ? "an object without a token string" : String(token)}).`,
      });
    }
    if (!HEADER_SAFE.test(token.token)) {
      // Never sent: a line break would split the Authorization header. The token is not quoted.
      throw new BatchLookupError({
        code: "CredentialUnavailable",
        message: `The credential returned an access token for ${scope} that cannot be sent in an HTTP header (it contains control characters, line breaks or characters beyond Latin-1).`,
      });
    }
    const issued: AccessToken = {
      token: token.token,
      expiresOnTimestamp: Number.isFinite(token.expiresOnTimestamp) ? token.expiresOnTimestamp : 0,
    };
    if (token.refreshAfterTimestamp !== undefined) issued.refreshAfterTimestamp = token.refreshAfterTimestamp;
    if (token.tokenType !== undefined) issued.tokenType = token.tokenType;
    this.#issued = issued;
    return issued;
  }

  /**
   * Marks the token last handed out as expired, after ARM rejected it: the bearer-token policy's
   * cache holds that same object, so its next request asks the credential for a new one.
   */
  invalidate(): void {
    if (this.#issued === undefined) return;
    this.#issued.expiresOnTimestamp = 0;
    delete this.#issued.refreshAfterTimestamp;
  }
}

/** Resolves as `promise`, or rejects with the signal's reason once it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.endsWith(".") ? text : `${text}.`;
}

export interface CredentialChoice {
  credential: TokenCredential;
  /** Identifies the credential for sharing clients: equal keys may share connections and tokens. */
  key: string | object;
}

/**
 * Picks the credential: the caller's, then a static token from configuration, then a service
 * principal from configuration, then DefaultAzureCredential (environment, workload identity,
 * managed identity, Azure CLI, ...). @azure/identity is loaded only when it is needed.
 */
export function chooseCredential(explicit: TokenCredential | undefined, cloud: Cloud): CredentialChoice {
  if (explicit !== undefined) return { credential: explicit, key: explicit };
  const token = resolveSetting("token", undefined);
  if (token !== undefined) return { credential: new StaticTokenCredential(token.value), key: `token:${token.value}` };
  const identity = require("@azure/identity") as typeof import("@azure/identity");
  const clientId = resolveSetting("clientId", undefined);
  const clientSecret = resolveSetting("clientSecret", undefined);
  const tenantId = resolveSetting("tenantId", undefined);
  if (clientId !== undefined && clientSecret !== undefined && tenantId !== undefined) {
    return {
      credential: new identity.ClientSecretCredential(tenantId.value, clientId.value, clientSecret.value, {
        authorityHost: cloud.authorityHost,
      }),
      key: `sp:${tenantId.value}:${clientId.value}:${clientSecret.value}`,
    };
  }
  return {
    credential: new identity.DefaultAzureCredential({ authorityHost: cloud.authorityHost }),
    key: `default:${cloud.authorityHost}`,
  };
}
