/** One entry of ARM's error `details`. */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

export interface BatchLookupErrorInit {
  code: string;
  message: string;
  statusCode?: number;
  target?: string;
  details?: ArmErrorDetail[];
  requestId?: string;
  correlationId?: string;
  cause?: unknown;
}

/**
 * The codes of the failures the client detects itself, each produced somewhere in the library and
 * documented in the README's error table (a test holds all three together). ARM's own codes
 * (`ResourceNotFound`, `AuthorizationFailed`, ...) pass through as ARM sends them.
 */
export const CLIENT_ERROR_CODES = [
  "InvalidArgument",
  "InvalidConfiguration",
  "InvalidResponse",
  "ResponseTooLarge",
  "ListTooLarge",
  "ResultTruncated",
  "SubscriptionLimitExceeded",
  "NoReadableSubscriptions",
  "ProxyFailed",
  "RequestTimeout",
  "ConnectionFailed",
  "UnsafeNextLink",
  "CredentialUnavailable",
  "ClientClosed",
] as const;

/** A code of `CLIENT_ERROR_CODES`. */
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/**
 * Every failure of a lookup: ARM's error (`code`, `message`, `target`, `details` from its error
 * envelope, `statusCode`, and the `x-ms-request-id` / `x-ms-correlation-request-id` that identify
 * the request to Azure support), or a failure detected by the client, with a code of
 * `CLIENT_ERROR_CODES`.
 */
export class BatchLookupError extends Error {
  readonly code: string;
  readonly statusCode?: number;
  readonly target?: string;
  readonly details?: ArmErrorDetail[];
  readonly requestId?: string;
  readonly correlationId?: string;

  constructor(init: BatchLookupErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "BatchLookupError";
    this.code = init.code;
    if (init.statusCode !== undefined) this.statusCode = init.statusCode;
    if (init.target !== undefined) this.target = init.target;
    if (init.details !== undefined) this.details = init.details;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.correlationId !== undefined) this.correlationId = init.correlationId;
  }
}

export function invalidArgument(field: string, rule: string, value: unknown): BatchLookupError {
  return new BatchLookupError({
    code: "InvalidArgument",
    target: field,
    message: `Invalid ${field} ${describeValue(value)}: ${rule}.`,
  });
}

/**
 * The one way a value is shown in an error: a string quoted (cut at 64 characters), a number or
 * boolean as itself, otherwise what it is ("null", "an array", "an object").
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
