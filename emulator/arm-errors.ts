/**
 * ARM's error responses: the `{"error":{"code","message"}}` envelope with the codes, messages and
 * headers Azure Resource Manager uses.
 */
import { BATCH_LOCATIONS, BATCH_READ_ACTION } from "./constants";

/** A complete response before delivery: status, extra headers, body. */
export interface ArmResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ArmErrorBody {
  error: { code: string; message: string; target?: string; details?: Array<{ code: string; message: string }> };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ArmResponse {
  return { status, headers, body: JSON.stringify(body) };
}

export function armError(status: number, code: string, message: string, headers: Record<string, string> = {}): ArmResponse {
  const body: ArmErrorBody = { error: { code, message } };
  return jsonResponse(status, body, headers);
}

export function missingApiVersion(): ArmResponse {
  return armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
}

export function invalidApiVersion(apiVersion: string, supported: readonly string[]): ArmResponse {
  return armError(
    400,
    "InvalidApiVersionParameter",
    `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(",")}'.`,
  );
}

export function noRegisteredProviderFound(apiVersion: string, location: string, supported: readonly string[]): ArmResponse {
  return armError(
    400,
    "NoRegisteredProviderFound",
    `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type 'batchAccounts'. ` +
      `The supported api-versions are '${supported.join(", ")}'. The supported locations are '${BATCH_LOCATIONS.map((l) =>
        l.toLowerCase().replace(/ /g, ""),
      ).join(", ")}'.`,
  );
}

export function invalidSubscriptionId(subscriptionId: string): ArmResponse {
  return armError(400, "InvalidSubscriptionId", `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`);
}

export function subscriptionNotFound(subscriptionId: string): ArmResponse {
  return armError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
}

export function resourceGroupNotFound(resourceGroupName: string): ArmResponse {
  return armError(404, "ResourceGroupNotFound", `Resource group '${resourceGroupName}' could not be found.`);
}

export function resourceNotFound(accountName: string, resourceGroupName: string): ArmResponse {
  return armError(
    404,
    "ResourceNotFound",
    `The Resource 'Microsoft.Batch/batchAccounts/${accountName}' under resource group '${resourceGroupName}' was not found. ` +
      "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
  );
}

/** `WWW-Authenticate` value of ARM's 401 answers. */
export function bearerChallenge(tenantId: string, description: string): string {
  return (
    `Bearer authorization_uri="https://login.microsoftonline.com/${tenantId}", error="invalid_token", ` +
    `error_description="${description}"`
  );
}

function unauthorized(tenantId: string, code: string, message: string, description: string): ArmResponse {
  return armError(401, code, message, { "WWW-Authenticate": bearerChallenge(tenantId, description) });
}

export function authenticationMissing(tenantId: string): ArmResponse {
  return unauthorized(
    tenantId,
    "AuthenticationFailed",
    "Authentication failed. The 'Authorization' header is missing.",
    "The authentication failed because of missing 'Authorization' header.",
  );
}

export function authenticationMalformed(tenantId: string): ArmResponse {
  return unauthorized(
    tenantId,
    "AuthenticationFailed",
    "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    "The authentication failed because the 'Authorization' header is provided in an invalid format.",
  );
}

export function invalidAuthenticationToken(tenantId: string): ArmResponse {
  return unauthorized(tenantId, "InvalidAuthenticationToken", "The access token is invalid.", "The access token is invalid.");
}

/** .NET-style UTC time, as ARM prints it: 11/21/2026 3:04:05 PM. */
export function armUtcTime(d: Date): string {
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ` +
    `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`
  );
}

export function expiredAuthenticationToken(tenantId: string, expiredAt: Date, now = new Date()): ArmResponse {
  const message = `The access token expiry UTC time '${armUtcTime(expiredAt)}' is earlier than current UTC time '${armUtcTime(now)}'.`;
  return unauthorized(tenantId, "ExpiredAuthenticationToken", message, message);
}

export function authorizationFailed(principalId: string, scope: string, action: string = BATCH_READ_ACTION): ArmResponse {
  return armError(
    403,
    "AuthorizationFailed",
    `The client '${principalId}' with object id '${principalId}' does not have authorization to perform action ` +
      `'${action}' over scope '${scope}' or the scope is invalid. ` +
      "If access was recently granted, please refresh your credentials.",
  );
}

export type RetryAfterFormat = "seconds" | "http-date" | "none";

/** ARM's count of the reads a subscription has left in the current window. */
export const REMAINING_READS_HEADER = "x-ms-ratelimit-remaining-subscription-reads";

export function subscriptionRequestsThrottled(
  subscriptionId: string,
  principalId: string,
  retryAfterSeconds: number,
  format: RetryAfterFormat = "seconds",
): ArmResponse {
  const headers: Record<string, string> = { [REMAINING_READS_HEADER]: "0" };
  if (format === "seconds") headers["Retry-After"] = String(retryAfterSeconds);
  if (format === "http-date") headers["Retry-After"] = new Date(Date.now() + retryAfterSeconds * 1000).toUTCString();
  return armError(
    429,
    "SubscriptionRequestsThrottled",
    `Number of 'read' requests for subscription '${subscriptionId}' actor '${principalId}' exceeded. ` +
      `Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. ` +
      "Refer to https://aka.ms/arm-throttling",
    headers,
  );
}

const TRANSIENT: Record<number, [string, string]> = {
  408: ["RequestTimeout", "The request timed out. Please retry the request."],
  500: ["InternalServerError", "Encountered internal server error. Diagnostic information: timestamp '{time}'."],
  502: ["BadGateway", "The gateway did not receive a valid response from 'Microsoft.Batch'. Please retry the request."],
  503: ["ServiceUnavailable", "The resource provider 'Microsoft.Batch' is temporarily unavailable. Please retry the request."],
  504: ["GatewayTimeout", "The gateway did not receive a response from 'Microsoft.Batch' within the specified time period."],
};

/** An ARM-style error for an arbitrary status (408 and 5xx get ARM's codes and messages). */
export function statusError(status: number, code?: string, message?: string): ArmResponse {
  const [c, m] = TRANSIENT[status] ?? ["Error", `The request failed with status ${status}.`];
  return armError(status, code ?? c, message ?? m.replace("{time}", new Date().toISOString()));
}

export function unknownRoute(path: string): ArmResponse {
  if (/^\/subscriptions\//i.test(path)) {
    return armError(
      404,
      "InvalidResourceType",
      `The resource type could not be found for '${path}'. The emulator serves only the Microsoft.Batch/batchAccounts ` +
        "read operations (Get, List, List By Resource Group).",
    );
  }
  return armError(404, "NotFound", `The requested path '${path}' is not served by the Azure Batch ARM emulator.`);
}

export function methodNotAllowed(method: string): ArmResponse {
  return armError(
    405,
    "MethodNotAllowed",
    `The emulator is read-only: '${method}' is not supported here. Change data through the admin endpoint /_emulator/accounts.`,
    { allow: "GET" },
  );
}

export function invalidSkipToken(): ArmResponse {
  return armError(400, "InvalidSkipToken", "The $skiptoken query parameter is malformed or has expired.");
}
