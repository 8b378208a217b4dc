/**
 * Compact JWS (JWT) with node:crypto: signing with RS256 and verifying RS256 and PS256 (MSAL signs
 * certificate assertions with PS256 when it knows the SHA-256 thumbprint).
 */
import * as crypto from "node:crypto";

export type JwtClaims = Record<string, unknown>;

export interface DecodedJwt {
  header: JwtClaims;
  payload: JwtClaims;
  /** `header.payload`, the signed bytes. */
  signingInput: string;
  signature: Buffer;
}

const b64 = (data: Buffer | string): string => Buffer.from(data).toString("base64url");

export function signJwt(payload: JwtClaims, key: crypto.KeyObject, header: JwtClaims = {}): string {
  const head = b64(JSON.stringify({ alg: "RS256", typ: "JWT", ...header }));
  const body = b64(JSON.stringify(payload));
  const signature = crypto.sign("sha256", Buffer.from(`${head}.${body}`), key);
  return `${head}.${body}.${b64(signature)}`;
}

/** The parts of a JWT, or undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8"));
    const payload = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    if (typeof header !== "object" || header === null || typeof payload !== "object" || payload === null) return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, "base64url") };
  } catch {
    return undefined;
  }
}

/** Whether `jwt` is signed by `key` (RS256 or PS256, as its header says). */
export function verifyJwtSignature(jwt: DecodedJwt, key: crypto.KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput);
  try {
    if (jwt.header.alg === "RS256") return crypto.verify("sha256", data, key, jwt.signature);
    if (jwt.header.alg === "PS256") {
      return crypto.verify("sha256", data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, jwt.signature);
    }
  } catch {
    return false;
  }
  return false;
}

/** Seconds since the epoch. */
export function nowSeconds(now = Date.now()): number {
  return Math.floor(now / 1000);
}
