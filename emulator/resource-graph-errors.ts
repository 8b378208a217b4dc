/** Azure Resource Graph's error answers: BadRequest with the cause in `details`, and 429 RateLimiting. */
import { type ArmResponse, jsonResponse, type RetryAfterFormat } from "./arm-errors";
import { quotaHeaders } from "./resource-graph-quota";

/** ARG's error envelope: code BadRequest (or RateLimiting), a support message, the cause in `details`. */
export function graphError(
  status: number,
  code: string,
  correlationId: string,
  detailCode: string,
  detailMessage: string,
  headers: Record<string, string> = {},
): ArmResponse {
  return jsonResponse(
    status,
    {
      error: {
        code,
        message: `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${correlationId}.`,
        details: [{ code: detailCode, message: detailMessage }],
      },
    },
    headers,
  );
}

/**
 * ARG's 429: RateLimiting, no queries left, the window resetting after `resetsAfterMs`, and a
 * Retry-After in seconds (or an HTTP date, or none).
 */
export function resourceGraphThrottled(
  correlationId: string,
  resetsAfterMs: number,
  retryAfter: RetryAfterFormat = "seconds",
): ArmResponse {
  const headers = quotaHeaders({ remaining: 0, resetsAfterMs, throttled: true });
  const seconds = Math.max(1, Math.ceil(resetsAfterMs / 1000));
  if (retryAfter === "seconds") headers["Retry-After"] = String(seconds);
  if (retryAfter === "http-date") headers["Retry-After"] = new Date(Date.now() + seconds * 1000).toUTCString();
  return graphError(
    429,
    "RateLimiting",
    correlationId,
    "RateLimiting",
    "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. " +
      "Please see https://aka.ms/resourcegraph-throttling for help.",
    headers,
  );
}
