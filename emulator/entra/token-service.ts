/**
 * The local Microsoft Entra ID that @azure/identity talks to unchanged through its authority host
 * (the emulator's URL): instance discovery and OpenID metadata (what MSAL asks before a token),
 * the v2.0 token endpoint (client_credentials with a client secret, a certificate assertion or a
 * federated assertion), a GitHub-Actions-style token request endpoint that issues federated
 * tokens of the emulator's own issuer, and an App-Service-style managed identity endpoint. Access
 * tokens are RS256 JWTs (aud, iss, tid, oid, appid, exp) that the emulator's ARM verifies.
 * Failures are Entra ID's own answers: `{ error, error_description: "AADSTS...: ...", error_codes }`.
 */
import * as crypto from "node:crypto";
import type { ArmResponse } from "../arm-errors";
import {
  ENTRA_ACTIONS_REQUEST_TOKEN,
  ENTRA_CERTIFICATE_APP,
  ENTRA_IDENTITY_HEADER,
  type EntraApplication,
  EntraDirectory,
  GITHUB_ISSUER,
} from "./directory";
import { type DecodedJwt, decodeJwt, type JwtClaims, nowSeconds, signJwt, verifyJwtSignature } from "./jwt";

/** Paths of the Entra ID and its helpers; everything else is ARM's. */
const ENTRA_PATH = /^\/(?:_entra\/|common\/discovery\/|[0-9a-f-]{36}\/(?:v2\.0\/\.well-known\/|discovery\/|oauth2\/))/i;
export const ACTIONS_TOKEN_PATH = "/_entra/github/token";
export const MANAGED_IDENTITY_PATH = "/_entra/msi/token";

const ACCESS_TOKEN_LIFETIME_S = 3600;
/** Audiences ARM accepts besides its own origin (what a token for the public cloud carries). */
const PUBLIC_ARM_AUDIENCES = ["https://management.azure.com", "https://management.core.windows.net"];

export interface EntraRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The origin the client used (`https://127.0.0.1:PORT`). */
  origin: string;
}

/** A token request as the log keeps it: never a secret, an assertion or a token. */
export interface EntraRequestRecord {
  path: string;
  grantType?: string;
  clientId?: string;
  /** How the client proved itself: `secret`, `certificate`, `federated`, `managedIdentity`, `actions`. */
  proof?: string;
  status: number;
}

export interface EntraFault {
  status: number;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
}

interface Key {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  kid: string;
}

function newKey(): Key {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = crypto
    .createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("base64url")
    .slice(0, 27);
  return { privateKey, publicKey, kid };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): ArmResponse {
  return { status, headers, body: JSON.stringify(body) };
}

/** Entra ID's error answer. */
function entraError(status: number, error: string, code: number, description: string): ArmResponse {
  const traceId = crypto.randomUUID();
  const correlationId = crypto.randomUUID();
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: traceId,
    correlation_id: correlationId,
  });
}

function header(headers: EntraRequest["headers"], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function thumbprints(certificatePem: string): { sha1: string; sha256: string; publicKey: crypto.KeyObject } {
  const cert = new crypto.X509Certificate(certificatePem);
  return {
    sha1: crypto.createHash("sha1").update(cert.raw).digest("base64url"),
    sha256: crypto.createHash("sha256").update(cert.raw).digest("base64url"),
    publicKey: cert.publicKey,
  };
}

/** What a verified access token says about who signed in. */
export interface TokenIdentity {
  objectId: string;
  appId: string;
  tenantId: string;
  audience: string;
}

export type AccessTokenCheck = { ok: true; identity: TokenIdentity } | { ok: false; reason: "expired" | "invalid"; expiredAt?: Date };

export class EntraTokenService {
  readonly directory = new EntraDirectory();
  /** The emulator's own origin (known once it listens): the GitHub-style issuer is `${origin}/_entra/github`. */
  origin = "";
  /** Token requests received, newest last (without secrets). */
  readonly requests: EntraRequestRecord[] = [];
  #signing: Key | undefined;
  #github: Key | undefined;
  #faults: EntraFault[] = [];
  #certificate: Promise<{ certificatePem: string; privateKeyPem: string }> | undefined;

  get signingKey(): Key {
    this.#signing ??= newKey();
    return this.#signing;
  }

  get githubKey(): Key {
    this.#github ??= newKey();
    return this.#github;
  }

  /** The authority host @azure/identity is pointed at. */
  get authorityHost(): string {
    return this.origin;
  }

  get githubIssuer(): string {
    return `${this.origin}/_entra/github`;
  }

  /** Answers the next `count` token requests (token, managed identity, Actions endpoints) with `fault`. */
  failNext(fault: EntraFault, count = 1): void {
    for (let i = 0; i < count; i++) this.#faults.push(fault);
  }

  reset(): void {
    this.#faults = [];
    this.requests.length = 0;
  }

  /**
   * The certificate application's certificate and private key (PEM), generated on first use and
   * registered on the application.
   */
  clientCertificate(): Promise<{ certificatePem: string; privateKeyPem: string }> {
    this.#certificate ??= (async () => {
      const { generate } = await import("selfsigned");
      const pems = await generate([{ name: "commonName", value: "batch-lookup-certificate" }], {
        keyType: "rsa",
        keySize: 2048,
        algorithm: "sha256",
        notBeforeDate: new Date(Date.now() - 3600_000),
        notAfterDate: new Date(Date.now() + 365 * 86400_000),
      });
      this.directory.application(ENTRA_CERTIFICATE_APP.clientId)!.certificates.push(pems.cert);
      return { certificatePem: pems.cert, privateKeyPem: pems.private };
    })();
    return this.#certificate;
  }

  /** A federated token of the emulator's GitHub-style issuer (what Actions' endpoint hands out). */
  issueFederatedToken(claims: { audience?: string; subject?: string; issuer?: string; expiresInSeconds?: number } = {}): string {
    const now = nowSeconds();
    return signJwt(
      {
        iss: claims.issuer ?? this.githubIssuer,
        sub: claims.subject ?? "repo:contoso/batch-stack:ref:refs/heads/main",
        aud: claims.audience ?? "api://AzureADTokenExchange",
        iat: now,
        nbf: now - 5,
        exp: now + (claims.expiresInSeconds ?? 300),
        repository: "contoso/batch-stack",
      },
      this.githubKey.privateKey,
      { kid: this.githubKey.kid },
    );
  }

  /** An access token of this Entra ID for `audience` (an ARM origin), as `az account get-access-token` would give a user. */
  issueAccessToken(audience: string, identity: { objectId: string; appId: string }): string {
    return this.#accessToken(audience, identity.objectId, identity.appId).token;
  }

  handles(pathname: string): boolean {
    return ENTRA_PATH.test(pathname);
  }

  /** Answers one request of the Entra ID's paths. */
  handle(req: EntraRequest): ArmResponse {
    const path = req.pathname;
    const isTokenRequest = /\/oauth2\/v2\.0\/token$/i.test(path) || path === ACTIONS_TOKEN_PATH || path === MANAGED_IDENTITY_PATH;
    if (isTokenRequest) {
      const fault = this.#faults.shift();
      if (fault !== undefined) {
        this.requests.push({ path, status: fault.status });
        const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { "Retry-After": String(fault.retryAfter) };
        return {
          ...entraError(fault.status, fault.status === 429 ? "temporarily_unavailable" : "server_error", 50196, "The server is busy."),
          headers,
        };
      }
    }
    if (path === ACTIONS_TOKEN_PATH) return this.#actionsToken(req);
    if (path === MANAGED_IDENTITY_PATH) return this.#managedIdentityToken(req);
    const m = /^\/([^/]+)\/(.*)$/.exec(path);
    const tenant = m?.[1] ?? "";
    const rest = m?.[2] ?? "";
    if (rest === "discovery/instance") return this.#instanceDiscovery(req);
    if (tenant.toLowerCase() !== this.directory.tenantId) {
      return entraError(400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`);
    }
    if (rest === "v2.0/.well-known/openid-configuration" && req.method === "GET") return this.#metadata(req, tenant);
    if (rest === "discovery/v2.0/keys" && req.method === "GET") return json(200, { keys: [this.#jwk(this.signingKey)] });
    if (rest === "oauth2/v2.0/token" && req.method === "POST") return this.#token(req, tenant);
    return entraError(404, "invalid_request", 900561, `The endpoint only accepts ${rest.includes("token") ? "POST" : "GET"} requests.`);
  }

  #jwk(key: Key): JwtClaims {
    return { ...key.publicKey.export({ format: "jwk" }), kid: key.kid, use: "sig", alg: "RS256" };
  }

  #instanceDiscovery(req: EntraRequest): ArmResponse {
    const host = new URL(req.origin).host;
    return json(200, {
      tenant_discovery_endpoint: `${req.origin}/${this.directory.tenantId}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  }

  #metadata(req: EntraRequest, tenant: string): ArmResponse {
    const base = `${req.origin}/${tenant}`;
    return json(200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${req.origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "tid", "oid"],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: "EU",
      cloud_instance_name: new URL(req.origin).host,
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
      rbac_url: "https://pas.windows.net",
    });
  }

  #accessToken(audience: string, objectId: string, appId: string): { token: string; expiresIn: number } {
    const now = nowSeconds();
    const token = signJwt(
      {
        aud: audience,
        iss: `https://sts.windows.net/${this.directory.tenantId}/`,
        iat: now,
        nbf: now - 5,
        exp: now + ACCESS_TOKEN_LIFETIME_S,
        tid: this.directory.tenantId,
        oid: objectId,
        sub: objectId,
        appid: appId,
        idtyp: "app",
        ver: "1.0",
      },
      this.signingKey.privateKey,
      { kid: this.signingKey.kid, x5t: this.signingKey.kid },
    );
    return { token, expiresIn: ACCESS_TOKEN_LIFETIME_S };
  }

  #token(req: EntraRequest, tenant: string): ArmResponse {
    const form = new URLSearchParams(req.body);
    const grantType = form.get("grant_type") ?? "";
    const clientId = form.get("client_id") ?? "";
    const record: EntraRequestRecord = { path: req.pathname, grantType, clientId, status: 200 };
    this.requests.push(record);
    const fail = (r: ArmResponse): ArmResponse => {
      record.status = r.status;
      return r;
    };
    if (grantType !== "client_credentials") {
      return fail(entraError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`));
    }
    if (clientId === "")
      return fail(entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'."));
    const scope = form.get("scope") ?? "";
    const resource = scope
      .split(" ")
      .find((s) => s.endsWith("/.default"))
      ?.slice(0, -"/.default".length);
    if (resource === undefined || resource === "") {
      return fail(
        entraError(
          400,
          "invalid_scope",
          1002012,
          `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
        ),
      );
    }
    const app = this.directory.application(clientId);
    if (app === undefined) {
      return fail(
        entraError(
          400,
          "unauthorized_client",
          700016,
          `Application with identifier '${clientId}' was not found in the directory '${this.directory.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
        ),
      );
    }
    const secret = form.get("client_secret");
    const assertion = form.get("client_assertion");
    let proof: string;
    if (secret !== null) {
      proof = "secret";
      if (!app.secrets.includes(secret)) {
        return fail(
          entraError(
            401,
            "invalid_client",
            7000215,
            `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
          ),
        );
      }
    } else if (assertion !== null) {
      if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
        return fail(
          entraError(
            400,
            "invalid_request",
            700023,
            "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
          ),
        );
      }
      const jwt = decodeJwt(assertion);
      if (jwt === undefined) return fail(entraError(400, "invalid_request", 50027, "JWT token is invalid or malformed."));
      const tokenEndpoint = `${req.origin}/${tenant}/oauth2/v2.0/token`;
      const isCertificate = jwt.header.x5t !== undefined || jwt.header["x5t#S256"] !== undefined;
      proof = isCertificate ? "certificate" : "federated";
      const failure = isCertificate ? this.#checkCertificateAssertion(jwt, app, tokenEndpoint) : this.#checkFederatedAssertion(jwt, app);
      if (failure !== undefined) return fail(failure);
    } else {
      return fail(
        entraError(
          401,
          "invalid_client",
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        ),
      );
    }
    record.proof = proof;
    const { token, expiresIn } = this.#accessToken(resource, app.objectId, app.clientId);
    return json(200, { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token });
  }

  #checkCertificateAssertion(jwt: DecodedJwt, app: EntraApplication, tokenEndpoint: string): ArmResponse | undefined {
    const x5t = jwt.header.x5t as string | undefined;
    const x5tS256 = jwt.header["x5t#S256"] as string | undefined;
    const registered = app.certificates.map(thumbprints).find((t) => t.sha1 === x5t || t.sha256 === x5tS256);
    if (registered === undefined) {
      return entraError(
        401,
        "invalid_client",
        700027,
        `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${x5tS256 ?? x5t ?? ""}']`,
      );
    }
    if (!verifyJwtSignature(jwt, registered.publicKey)) {
      return entraError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
    }
    return this.#checkAssertionClaims(jwt, app.clientId, app.clientId, [tokenEndpoint]);
  }

  #checkFederatedAssertion(jwt: DecodedJwt, app: EntraApplication): ArmResponse | undefined {
    const { iss, sub, aud } = jwt.payload as { iss?: unknown; sub?: unknown; aud?: unknown };
    const issuerOf = (i: string): string => (i === GITHUB_ISSUER ? this.githubIssuer : i);
    const audiences = Array.isArray(aud) ? aud : [aud];
    const record = app.federated.find(
      (f) => issuerOf(f.issuer) === iss && f.subject === sub && audiences.some((a) => typeof a === "string" && f.audiences.includes(a)),
    );
    if (record === undefined) {
      return entraError(
        400,
        "invalid_request",
        70021,
        `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(iss)}'. Assertion Subject: '${String(sub)}'. Assertion Audience: '${audiences.map(String).join(",")}'.`,
      );
    }
    if (!verifyJwtSignature(jwt, this.githubKey.publicKey)) {
      return entraError(401, "invalid_client", 700213, "Client assertion failed signature validation against the issuer's keys.");
    }
    const exp = jwt.payload.exp;
    if (typeof exp !== "number" || exp <= nowSeconds()) {
      return entraError(400, "invalid_client", 700024, "Client assertion is not within its valid time range.");
    }
    return undefined;
  }

  #checkAssertionClaims(jwt: DecodedJwt, iss: string, sub: string, audiences: string[]): ArmResponse | undefined {
    const p = jwt.payload as { iss?: unknown; sub?: unknown; aud?: unknown; exp?: unknown; nbf?: unknown };
    if (p.iss !== iss || p.sub !== sub) {
      return entraError(
        401,
        "invalid_client",
        700023,
        "Client assertion contains an invalid issuer or subject: both must be the client id.",
      );
    }
    const aud = Array.isArray(p.aud) ? p.aud : [p.aud];
    if (!aud.some((a) => typeof a === "string" && audiences.some((x) => x.toLowerCase() === a.toLowerCase()))) {
      return entraError(
        401,
        "invalid_client",
        700212,
        `Client assertion audience claim does not match Realm issuer (the token endpoint ${audiences[0]}).`,
      );
    }
    if (typeof p.exp !== "number" || p.exp <= nowSeconds()) {
      return entraError(401, "invalid_client", 700024, "Client assertion is not within its valid time range.");
    }
    return undefined;
  }

  #actionsToken(req: EntraRequest): ArmResponse {
    const record: EntraRequestRecord = { path: req.pathname, proof: "actions", status: 200 };
    this.requests.push(record);
    if (header(req.headers, "authorization") !== `Bearer ${ENTRA_ACTIONS_REQUEST_TOKEN}`) {
      record.status = 401;
      return json(401, { message: "Bad credentials" });
    }
    const audience = req.query.get("audience") ?? "api://AzureADTokenExchange";
    return json(200, { count: 1, value: this.issueFederatedToken({ audience }) });
  }

  #managedIdentityToken(req: EntraRequest): ArmResponse {
    const clientId = req.query.get("client_id") ?? undefined;
    const record: EntraRequestRecord = {
      path: req.pathname,
      proof: "managedIdentity",
      status: 200,
      ...(clientId === undefined ? {} : { clientId }),
    };
    this.requests.push(record);
    const fail = (status: number, message: string): ArmResponse => {
      record.status = status;
      return json(status, { statusCode: status, message, correlationId: crypto.randomUUID() });
    };
    if (header(req.headers, "x-identity-header") !== ENTRA_IDENTITY_HEADER) return fail(401, "The X-IDENTITY-HEADER is missing or wrong.");
    if (req.query.get("api-version") !== "2019-08-01") return fail(400, "Unsupported api-version: use 2019-08-01.");
    const resource = req.query.get("resource");
    if (resource === null || resource === "") return fail(400, "The resource parameter is missing.");
    const identity = this.directory.managedIdentity(clientId);
    if (identity === undefined) return fail(400, "No Managed Identity found for specified ClientId/ResourceId/PrincipalId.");
    const { token, expiresIn } = this.#accessToken(resource.replace(/\/\.default$/, ""), identity.objectId, identity.clientId);
    return json(200, {
      access_token: token,
      expires_on: String(nowSeconds() + expiresIn),
      resource,
      token_type: "Bearer",
      client_id: identity.clientId,
    });
  }

  /**
   * Checks an access token ARM received: signed by this Entra ID, for this tenant, not expired,
   * for ARM (`armPort`: the emulator's own origin on a loopback host, or the public cloud's).
   */
  checkAccessToken(token: string, armPort: number, now = new Date()): AccessTokenCheck | undefined {
    const jwt = decodeJwt(token);
    if (jwt === undefined || jwt.header.kid === undefined) return undefined;
    if (jwt.header.kid !== this.signingKey.kid || !verifyJwtSignature(jwt, this.signingKey.publicKey))
      return { ok: false, reason: "invalid" };
    const p = jwt.payload as { aud?: unknown; tid?: unknown; oid?: unknown; appid?: unknown; exp?: unknown };
    if (typeof p.exp !== "number" || p.exp * 1000 <= now.getTime()) {
      return { ok: false, reason: "expired", expiredAt: new Date(typeof p.exp === "number" ? p.exp * 1000 : now.getTime()) };
    }
    if (p.tid !== this.directory.tenantId || typeof p.oid !== "string" || typeof p.appid !== "string" || typeof p.aud !== "string") {
      return { ok: false, reason: "invalid" };
    }
    if (!isArmAudience(p.aud, armPort)) return { ok: false, reason: "invalid" };
    return { ok: true, identity: { objectId: p.oid, appId: p.appid, tenantId: p.tid, audience: p.aud } };
  }
}

function isArmAudience(aud: string, armPort: number): boolean {
  const trimmed = aud.replace(/\/+$/, "");
  if (PUBLIC_ARM_AUDIENCES.includes(trimmed)) return true;
  try {
    const url = new URL(trimmed);
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    return loopback && Number(url.port) === armPort;
  } catch {
    return false;
  }
}
