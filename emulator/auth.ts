/**
 * Bearer tokens the emulator accepts, and which subscriptions each token's principal may read.
 * Tokens are opaque strings compared exactly, or access tokens of the local Entra ID (entra/),
 * whose signature, tenant, audience and expiry are verified.
 */
import {
  type ArmResponse,
  authenticationMalformed,
  authenticationMissing,
  expiredAuthenticationToken,
  invalidAuthenticationToken,
} from "./arm-errors";
import {
  EMULATOR_EXPIRED_TOKEN,
  EMULATOR_LIMITED_PRINCIPAL_ID,
  EMULATOR_LIMITED_TOKEN,
  EMULATOR_NO_ACCESS_PRINCIPAL_ID,
  EMULATOR_NO_ACCESS_TOKEN,
  EMULATOR_PRINCIPAL_ID,
  EMULATOR_TOKEN,
  EXAMPLES_SUBSCRIPTION_ID,
  SUBID_SUBSCRIPTION_ID,
} from "./constants";

export interface TokenGrant {
  /** The bearer token (the part after `Bearer `). */
  token: string;
  /** Object id of the principal, named in 403 / 429 messages. Default: a fixed GUID. */
  principalId?: string;
  /** Subscriptions the principal may read: `"*"` (default) or a list of ids (may be empty). */
  subscriptions?: "*" | string[];
  /** The token is expired (401 ExpiredAuthenticationToken). */
  expired?: boolean;
  /** Expiry time (ISO string or epoch ms); the token is expired from then on. */
  expiresOn?: string | number;
  /**
   * Actions the principal may not perform even where it reads the subscription, for example
   * "Microsoft.Insights/diagnosticSettings/read" (403 AuthorizationFailed naming the action).
   */
  deniedActions?: string[];
}

/** The tokens accepted when `tokens` is not configured. */
export const DEFAULT_TOKEN_GRANTS: readonly TokenGrant[] = Object.freeze([
  { token: EMULATOR_TOKEN, principalId: EMULATOR_PRINCIPAL_ID, subscriptions: "*" },
  { token: EMULATOR_EXPIRED_TOKEN, principalId: EMULATOR_PRINCIPAL_ID, subscriptions: "*", expired: true },
  { token: EMULATOR_NO_ACCESS_TOKEN, principalId: EMULATOR_NO_ACCESS_PRINCIPAL_ID, subscriptions: [] },
  {
    token: EMULATOR_LIMITED_TOKEN,
    principalId: EMULATOR_LIMITED_PRINCIPAL_ID,
    subscriptions: [EXAMPLES_SUBSCRIPTION_ID, SUBID_SUBSCRIPTION_ID],
  },
]);

export interface Principal {
  principalId: string;
  subscriptions: "*" | Set<string>;
  /** Lower-case actions denied everywhere. */
  deniedActions?: ReadonlySet<string>;
}

export type AuthResult = { ok: true; principal: Principal } | { ok: false; response: ArmResponse };

export function validateTokenGrant(g: unknown): TokenGrant {
  const grant = g as TokenGrant;
  if (typeof grant !== "object" || grant === null || typeof grant.token !== "string" || grant.token === "") {
    throw new Error('a token grant needs a non-empty string "token"');
  }
  if (grant.subscriptions !== undefined && grant.subscriptions !== "*" && !Array.isArray(grant.subscriptions)) {
    throw new Error(`token grant ${grant.token}: "subscriptions" must be "*" or an array of subscription ids`);
  }
  if (
    grant.deniedActions !== undefined &&
    (!Array.isArray(grant.deniedActions) || grant.deniedActions.some((a) => typeof a !== "string"))
  ) {
    throw new Error(`token grant ${grant.token}: "deniedActions" must be an array of action names`);
  }
  if (grant.expiresOn !== undefined && Number.isNaN(new Date(grant.expiresOn).getTime())) {
    throw new Error(`token grant ${grant.token}: "expiresOn" is not a date`);
  }
  return grant;
}

/** Checks a token that is no grant: the local Entra ID's signed access tokens (undefined: not one of them). */
export type AccessTokenChecker = (
  token: string,
  now: Date,
) => { ok: true; principalId: string } | { ok: false; expiredAt?: Date } | undefined;

export class TokenRegistry {
  private grants = new Map<string, TokenGrant>();
  /** Verifies the local Entra ID's access tokens (set by the emulator's state). */
  accessTokenChecker: AccessTokenChecker | undefined;

  constructor(
    grants: readonly TokenGrant[],
    private readonly tenantId: string,
    /** Accept any bearer token as a principal with access to everything. */
    public acceptAnyToken = false,
  ) {
    this.set(grants);
  }

  /** Replaces the accepted tokens. */
  set(grants: readonly TokenGrant[]): void {
    const next = new Map<string, TokenGrant>();
    for (const g of grants) next.set(g.token, { ...validateTokenGrant(g) });
    this.grants = next;
  }

  /** Adds (or replaces) one token. */
  add(grant: TokenGrant): void {
    this.grants.set(grant.token, { ...validateTokenGrant(grant) });
  }

  remove(token: string): boolean {
    return this.grants.delete(token);
  }

  list(): TokenGrant[] {
    return [...this.grants.values()].map((g) => ({ ...g }));
  }

  /** Checks an `Authorization` header value. */
  authenticate(header: string | undefined, now = new Date()): AuthResult {
    if (header === undefined || header.trim() === "") return { ok: false, response: authenticationMissing(this.tenantId) };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return { ok: false, response: authenticationMalformed(this.tenantId) };
    const grant = this.grants.get(m[1]);
    const signed = grant === undefined ? this.accessTokenChecker?.(m[1], now) : undefined;
    if (signed !== undefined) {
      if (signed.ok) return { ok: true, principal: { principalId: signed.principalId, subscriptions: "*" } };
      if (signed.expiredAt !== undefined) return { ok: false, response: expiredAuthenticationToken(this.tenantId, signed.expiredAt, now) };
      return { ok: false, response: invalidAuthenticationToken(this.tenantId) };
    }
    if (!grant) {
      if (this.acceptAnyToken) return { ok: true, principal: { principalId: "00000000-0000-0000-0000-000000000000", subscriptions: "*" } };
      return { ok: false, response: invalidAuthenticationToken(this.tenantId) };
    }
    const expiresOn = grant.expiresOn !== undefined ? new Date(grant.expiresOn) : undefined;
    if (grant.expired || (expiresOn && expiresOn.getTime() <= now.getTime())) {
      const at = expiresOn ?? new Date(now.getTime() - 3600_000);
      return { ok: false, response: expiredAuthenticationToken(this.tenantId, at, now) };
    }
    const subs = grant.subscriptions ?? "*";
    return {
      ok: true,
      principal: {
        principalId: grant.principalId ?? EMULATOR_PRINCIPAL_ID,
        subscriptions: subs === "*" ? "*" : new Set(subs.map((s) => s.toLowerCase())),
        ...(grant.deniedActions === undefined ? {} : { deniedActions: new Set(grant.deniedActions.map((a) => a.toLowerCase())) }),
      },
    };
  }
}

export function canRead(principal: Principal, subscriptionId: string): boolean {
  return principal.subscriptions === "*" || principal.subscriptions.has(subscriptionId.toLowerCase());
}

/** The principal may perform `action` (read) in the subscription. */
export function canPerform(principal: Principal, subscriptionId: string, action: string): boolean {
  return canRead(principal, subscriptionId) && !(principal.deniedActions?.has(action.toLowerCase()) ?? false);
}
