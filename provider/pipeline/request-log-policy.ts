// One line per attempt at `AZURE_LOG_LEVEL=info` (through @azure/logger, like every Azure SDK
// client): method, URL, status, duration, x-ms-request-id and the client request id. The SDK's
// log policy beside it prints the request and response headers with Authorization redacted.

import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { lookupLogger } from "./azure-core";

const requestLogPolicyName = "azureBatchLookupRequestLog";

export function requestLogPolicy(): PipelinePolicy {
  return {
    name: requestLogPolicyName,
    async sendRequest(request, next) {
      const logger = lookupLogger();
      if (!logger.info.enabled && !logger.warning.enabled) return next(request);
      const started = performance.now();
      const line = `${request.method} ${withoutQuerySecrets(request.url)}`;
      try {
        const response = await next(request);
        const ms = Math.round(performance.now() - started);
        logger.info(
          `${line} -> ${response.status} in ${ms} ms (x-ms-request-id: ${response.headers.get("x-ms-request-id") ?? "none"}, x-ms-client-request-id: ${request.headers.get("x-ms-client-request-id") ?? "none"})`,
        );
        return response;
      } catch (err) {
        const ms = Math.round(performance.now() - started);
        logger.warning(`${line} -> failed in ${ms} ms: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
        throw err;
      }
    },
  };
}

/** The URL with query values other than api-version replaced (a $skiptoken may be long and opaque). */
function withoutQuerySecrets(url: string): string {
  const u = new URL(url);
  for (const key of [...u.searchParams.keys()]) {
    if (key.toLowerCase() !== "api-version") u.searchParams.set(key, "REDACTED");
  }
  return u.href;
}
