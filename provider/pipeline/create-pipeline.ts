// The request path of a client, top to bottom (a response travels back up):
//   user agent, client request id        (Azure SDK)
//   deadline                             the lookup's total time
//   retry                                which failures are tried again, and when (strategies: throttling, transport, exponential)
//   tracing                              an OpenTelemetry span per attempt (Azure SDK, @azure/core-tracing)
//   origin                               the token goes only to the configured ARM origin
//   auth                                 bearer token, CAE challenges (Azure SDK) + a rejected token renewed once
//   limiter                              the in-flight bound, body included
//   log                                  per attempt, at AZURE_LOG_LEVEL=info (Azure SDK + one line with the duration)
//   body cap                             reads the body, stops at the byte cap
//   decompress                           Accept-Encoding; gzip, deflate, br decoded while streaming
//   NodeHttpClient                       node:https, one pooled keep-alive Agent; the proxy's CONNECT tunnel

import type { Pipeline } from "@azure/core-rest-pipeline";
import type { Limiter } from "../client/concurrency";
import type { RetryOptions, TimeoutOptions } from "../settings/client-options";
import type { GuardedCredential } from "../settings/credential";
import { authPolicy } from "./auth-policy";
import { corePipeline } from "./azure-core";
import { bodyCapPolicy } from "./body-cap-policy";
import { deadlinePolicy } from "./deadline-policy";
import { decompressPolicy } from "./decompress-policy";
import { limiterPolicy } from "./limiter-policy";
import { originPolicy } from "./origin-policy";
import { requestLogPolicy } from "./request-log-policy";
import { retryPolicy } from "./retry-policy";
import { defaultRetryStrategies } from "./retry-strategies";

export interface PipelineSettings {
  /** The ARM origin. */
  endpoint: string;
  credential: GuardedCredential;
  scope: string;
  limiter: Limiter;
  retry: Required<RetryOptions>;
  timeouts: Required<TimeoutOptions>;
  userAgentPrefix: string;
}

export function createLookupPipeline(settings: PipelineSettings): Pipeline {
  const { createEmptyPipeline, logPolicy, setClientRequestIdPolicy, tracingPolicy, userAgentPolicy } = corePipeline();
  const url = new URL(settings.endpoint);
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: settings.userAgentPrefix }));
  pipeline.addPolicy(setClientRequestIdPolicy());
  pipeline.addPolicy(deadlinePolicy());
  pipeline.addPolicy(
    retryPolicy({ strategies: defaultRetryStrategies(settings.retry), maxRetries: settings.retry.maxRetries, timeouts: settings.timeouts }),
  );
  pipeline.addPolicy(tracingPolicy({ userAgentPrefix: settings.userAgentPrefix }));
  pipeline.addPolicy(originPolicy(settings.endpoint));
  pipeline.addPolicy(authPolicy({ credential: settings.credential, scope: settings.scope, loopbackHttp: url.protocol === "http:" }));
  pipeline.addPolicy(limiterPolicy(settings.limiter));
  pipeline.addPolicy(
    logPolicy({
      additionalAllowedHeaderNames: [
        "x-ms-correlation-request-id",
        "x-ms-ratelimit-remaining-subscription-reads",
        "retry-after-ms",
        "x-ms-retry-after-ms",
        "x-ms-user-quota-remaining",
        "x-ms-user-quota-resets-after",
        "x-ms-tenant-subscription-limit-hit",
      ],
    }),
  );
  pipeline.addPolicy(requestLogPolicy());
  pipeline.addPolicy(bodyCapPolicy());
  pipeline.addPolicy(decompressPolicy());
  return pipeline;
}
