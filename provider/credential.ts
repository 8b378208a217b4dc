// Bearer tokens for ARM: from the caller's TokenCredential, a static token (the emulator), a
// service principal from configuration, or DefaultAzureCredential. Tokens are cached until
// shortly before they expire, and concurrent callers share one refresh.

import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { BatchLookupError } from "./errors";
import { resolveSetting, type Cloud } from "./config";

/** Refresh this long before expiry, so a token never expires in flight (the Azure SDK uses 2 minutes). */
const REFRESH_MARGIN_MS = 5 * 60_000;

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

/** Caches a credential's token for one scope. */
export class TokenCache {
  readonly #credential: TokenCredential;
  readonly #scope: string;
  #token: AccessToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(credential: TokenCredential, scope: string) {
    this.#credential = credential;
    this.#scope = scope;
  }

  /** A valid token, fetching a new one when none is cached or the cached one is near expiry. */
  getToken(now = Date.now()): Promise<string> {
    const cached = this.#token;
    if (cached !== undefined && now < (cached.refreshAfterTimestamp ?? cached.expiresOnTimestamp - REFRESH_MARGIN_MS)) {
      return Promise.resolve(cached.token);
    }
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets the cached token, after ARM rejected it as expired or invalid. */
  invalidate(): void {
    this.#token = undefined;
  }

  async #fetch(): Promise<string> {
    let token: AccessToken | null;
    try {
      token = await this.#credential.getToken(this.#scope);
    } catch (err) {
      throw new BatchLookupError({
        code: "CredentialUnavailable",
        message:
          `Could not get an Azure access token for ${this.#scope}: ${errorMessage(err)} ` +
          "Sign in with `az login`, set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, " +
          "or pass a `credential` option.",
        cause: err,
      });
    }
    if (token === null || typeof token.token !== "string" || token.token === "") {
      throw new BatchLookupError({
        code: "CredentialUnavailable",
        message: `The credential returned no access token for ${this.#scope}.`,
      });
    }
    if (!HEADER_SAFE.test(token.token)) {
      // Never sent: a line break would split the Authorization header. The token is not quoted.
      throw new BatchLookupError({
        code: "CredentialUnavailable",
        message: `The credential returned an access token for ${this.#scope} that cannot be sent in an HTTP header (it contains control characters, line breaks or characters beyond Latin-1).`,
      });
    }
    this.#token = token;
    return token.token;
  }
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
