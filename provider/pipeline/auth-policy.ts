// Authentication through the Azure SDK's bearer-token policy (token cache, one shared refresh,
// CAE claims challenges), with three additions:
// - a wait for a token is the caller's own: when another lookup's deadline cancels the refresh
//   this request joined, this request asks again instead of failing;
// - a 401 whose challenge says the token is invalid or expired (ARM's ExpiredAuthenticationToken,
//   InvalidAuthenticationToken) is sent once more with a newly requested token;
// - plain http is accepted for a loopback endpoint (the emulator): the library refuses http for
//   any other host before a pipeline exists, and the SDK policy refuses it for every host.

import type { AuthorizeRequestOptions, PipelinePolicy } from "@azure/core-rest-pipeline";
import { parseArmError } from "../client/response-errors";
import { CredentialWaitCancelled, type GuardedCredential } from "../settings/credential";
import { corePipeline } from "./azure-core";

const authPolicyName = "azureBatchLookupAuth";

const TOKEN_REJECTED = new Set(["ExpiredAuthenticationToken", "InvalidAuthenticationToken"]);

export interface AuthPolicyOptions {
  credential: GuardedCredential;
  scope: string;
  /** The configured endpoint is http:// on a loopback address. */
  loopbackHttp: boolean;
}

async function authorize({ scopes, request, getAccessToken }: AuthorizeRequestOptions): Promise<void> {
  for (;;) {
    try {
      const token = await getAccessToken(scopes, {
        abortSignal: request.abortSignal,
        tracingOptions: request.tracingOptions,
        enableCae: true,
      });
      if (token !== null) request.headers.set("authorization", `Bearer ${token.token}`);
      return;
    } catch (err) {
      // Another request's deadline cancelled the refresh this one was waiting on.
      if (err instanceof CredentialWaitCancelled && request.abortSignal?.aborted !== true) continue;
      throw err;
    }
  }
}

export function authPolicy(options: AuthPolicyOptions): PipelinePolicy {
  const bearer = corePipeline().bearerTokenAuthenticationPolicy({
    credential: options.credential,
    scopes: options.scope,
    challengeCallbacks: {
      authorizeRequest: authorize,
      async authorizeRequestOnChallenge(challenge) {
        const header = challenge.response.headers.get("www-authenticate") ?? "";
        const code = parseArmError(challenge.response.bodyAsText ?? "")?.code;
        if (!/error\s*=\s*"?invalid_token/i.test(header) && !(code !== undefined && TOKEN_REJECTED.has(code))) return false;
        options.credential.invalidate();
        await authorize(challenge);
        return true;
      },
    },
  });
  return {
    name: authPolicyName,
    sendRequest(request, next) {
      if (!options.loopbackHttp || !request.url.startsWith("http://")) return bearer.sendRequest(request, next);
      const original = request.url;
      request.url = `https://${original.slice("http://".length)}`;
      return bearer
        .sendRequest(request, (req) => {
          req.url = original;
          return next(req);
        })
        .finally(() => {
          request.url = original;
        });
    },
  };
}
