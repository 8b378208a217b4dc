// The bearer token goes only to the configured ARM origin: a request for any other origin (a
// nextLink, a later operation's URL) fails here, before the authentication policy below adds
// the token and before anything is sent.

import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { OriginRefused } from "./failures";

const originPolicyName = "azureBatchLookupOrigin";

export function originPolicy(origin: string): PipelinePolicy {
  return {
    name: originPolicyName,
    sendRequest(request, next) {
      let actual: string;
      try {
        actual = new URL(request.url).origin;
      } catch {
        actual = "(not an absolute URL)";
      }
      if (actual !== origin) return Promise.reject(new OriginRefused(actual, origin));
      return next(request);
    },
  };
}
