// Server-supplied text (ARM's error messages, details, targets) may echo the request, and with it
// the Authorization header: the token of the request and any `Bearer ...` credential are removed
// before the text goes into an error a user or a log sees.

const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;

export const REDACTED = "[REDACTED]";

/** The bearer token a request carried, from its Authorization header. */
export function tokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const m = /^\s*\S+\s+(.+?)\s*$/.exec(authorization);
  return m?.[1];
}

export function redact(text: string, token: string | undefined): string {
  let out = text;
  if (token !== undefined && token.length >= 4) out = out.split(token).join(REDACTED);
  return out.replace(BEARER, `$1 ${REDACTED}`);
}
