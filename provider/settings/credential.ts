// Bearer tokens for ARM: from the caller's TokenCredential, else the way of signing in the
// settings choose (sign-in.ts). The pipeline's bearer-token policy caches tokens and shares one
// refresh between concurrent callers.

import * as crypto from "node:crypto";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { BatchLookupError } from "../errors";
import type { Cloud, SettingReader } from "./resolve";
import { chooseSignIn, describeSignIn, type SignIn } from "./sign-in";
import { type CredentialTransports, signInCredential } from "./sign-in-credential";

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
  readonly #signIn: SignInContext | undefined;
  #issued: AccessToken | undefined;

  /** `signIn`: the way of signing in the settings chose (absent for a caller's credential). */
  constructor(credential: TokenCredential, fallbackTimeoutMs: number, signIn?: SignInContext) {
    this.#credential = credential;
    this.#fallbackTimeoutMs = fallbackTimeoutMs;
    this.#signIn = signIn;
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
      if (this.#signIn !== undefined) throw signInFailure(this.#signIn, scope, err);
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

/** What a credential chosen from the settings needs for its messages. */
export interface SignInContext {
  signIn: SignIn;
  /** Values that must never appear in a message: secrets, tokens, passwords. */
  secrets: string[];
}

/** An Entra ID error code in a message: `AADSTS7000215`. */
const AADSTS = /AADSTS\d+/;

/**
 * The error of a failed sign-in: which method, chosen by which setting, Entra ID's error code and
 * message, and what to do. The credential's own error is not attached (its request details stay
 * out of the exception), and every configured secret is cut out of the text.
 */
function signInFailure(context: SignInContext, scope: string, err: unknown): BatchLookupError {
  const { signIn } = context;
  // MSAL's form "invalid_client: Error(s): 7000215 - Timestamp: ... - Description: AADSTS7000215: ..."
  // becomes "invalid_client: AADSTS7000215: ..."; Entra ID's trace and correlation ids are cut.
  let text = errorMessage(err)
    .replace(/(\w+): Error\(s\):[\s\S]*?Description: /, "$1: ")
    .replace(/\s*Trace ID:[\s\S]*$/, "")
    .replace(/\s+/g, " ")
    .replace(/\.*$/, ".");
  for (const secret of context.secrets) if (secret.length > 0) text = text.split(secret).join("[REDACTED]");
  const code = AADSTS.exec(text)?.[0];
  const advice =
    signIn.method === "default"
      ? " Sign in with `az login`, configure a way of signing in (see the README's Authentication), or pass a `credential` option."
      : "";
  return new BatchLookupError({
    code: "CredentialUnavailable",
    ...(signIn.chosenBy === undefined ? {} : { target: signIn.chosenBy }),
    ...(code === undefined ? {} : { details: [{ code, message: `Microsoft Entra ID answered ${code}` }] }),
    message: `Could not get an Azure access token for ${scope} with ${describeSignIn(signIn)}: ${text}${advice}`,
  });
}

export interface CredentialChoice {
  /** Identifies the credential for sharing clients: equal keys may share connections and tokens. */
  key: string | object;
  /** The way of signing in the settings chose; undefined for the caller's credential. */
  signIn: SignIn | undefined;
  /** The credential, sending its token requests through `transports` (the client's). */
  create(transports: CredentialTransports): GuardedCredential;
}

// Every lookup resolves its sign-in again, and a program's lookups share one: the last digest is
// kept rather than hashed again.
let lastFingerprint: { text: string; digest: string } | undefined;

function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  if (lastFingerprint?.text !== text) {
    lastFingerprint = { text, digest: crypto.createHash("sha256").update(text).digest("base64url") };
  }
  return lastFingerprint.digest;
}

/** The secrets of a way of signing in, to keep out of messages. */
function secretsOf(signIn: SignIn): string[] {
  switch (signIn.method) {
    case "token":
      return [signIn.token];
    case "clientSecret":
      return [signIn.clientSecret];
    case "clientCertificate":
      return signIn.certificatePassword === undefined ? [] : [signIn.certificatePassword];
    case "oidc":
      return signIn.assertion.kind === "token"
        ? [signIn.assertion.token]
        : signIn.assertion.kind === "request"
          ? [signIn.assertion.requestToken]
          : [];
    default:
      return [];
  }
}

/**
 * Picks the credential: the caller's, else the way of signing in the settings choose (a static
 * token first, then azure-native's order; see sign-in.ts). A configured way that lacks a piece
 * fails here, before any request. @azure/identity is loaded only when it is needed.
 */
export function chooseCredential(
  explicit: TokenCredential | undefined,
  cloud: Cloud,
  read: SettingReader,
  fallbackTimeoutMs: number,
): CredentialChoice {
  if (explicit !== undefined) {
    return { key: explicit, signIn: undefined, create: () => new GuardedCredential(explicit, fallbackTimeoutMs) };
  }
  const signIn = chooseSignIn(read);
  const context: SignInContext = { signIn, secrets: secretsOf(signIn) };
  if (signIn.method === "token") {
    const credential = new StaticTokenCredential(signIn.token);
    return {
      key: `token:${fingerprint(signIn.token)}`,
      signIn,
      create: () => new GuardedCredential(credential, fallbackTimeoutMs, context),
    };
  }
  // The credential is made with the client (which reads its files: a missing or unreadable one
  // fails before any request); the key holds no secret in clear.
  return {
    key: `${signIn.method}:${fingerprint([signIn, cloud.authorityHost])}`,
    signIn,
    create: (transports) => new GuardedCredential(signInCredential(signIn, cloud, transports), fallbackTimeoutMs, context),
  };
}
