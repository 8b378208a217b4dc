// The @azure/identity credential of a chosen way of signing in (sign-in.ts). Every credential
// sends its token requests through the client's transport (credential-transport.ts), so the
// `proxy` option and `azure-batch-lookup:proxy` apply to Microsoft Entra ID as to ARM; a
// managed identity's endpoint (loopback or link-local) is never proxied. Files are read here,
// when the client is made, so a missing or unreadable one fails before any request.

import * as fs from "node:fs";
import type { TokenCredential } from "@azure/core-auth";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { BatchLookupError } from "../errors";
import { corePipeline } from "../pipeline/azure-core";
import { credentialHttpClient, type TransportFactory } from "../pipeline/credential-transport";
import { bodyStreamOf } from "../pipeline/request-settings";
import { readClientCertificate } from "./client-certificate";
import type { Cloud } from "./resolve";
import { describeSignIn, type OidcAssertionSource, type SignIn } from "./sign-in";

type Identity = typeof import("@azure/identity");

/** Where a credential's requests go: the client's transport, and transports of their own for a managed identity. */
export interface CredentialTransports {
  /** The client's transport (its proxy, CA and timeouts). */
  shared: HttpClient;
  /** A new transport without proxy (same CA and timeouts), for one request to a managed identity's endpoint. */
  direct: TransportFactory;
}

/** The credential for `signIn`, whose requests go through `transports`. */
export function signInCredential(
  signIn: Exclude<SignIn, { method: "token" }>,
  cloud: Cloud,
  transports: CredentialTransports,
): TokenCredential {
  const identity = require("@azure/identity") as Identity;
  const transport = transports.shared;
  const httpClient = credentialHttpClient(transport);
  const authorityHost = signIn.authorityHost ?? cloud.authorityHost;
  const common = { authorityHost, httpClient, disableInstanceDiscovery: signIn.disableInstanceDiscovery };
  switch (signIn.method) {
    case "default":
    case "defaultAzureCredential":
      return new identity.DefaultAzureCredential({
        ...common,
        additionallyAllowedTenants: signIn.auxiliaryTenantIds,
        ...(signIn.tenantId === undefined ? {} : { tenantId: signIn.tenantId }),
      });
    case "clientCertificate":
      return new identity.ClientCertificateCredential(
        signIn.tenantId,
        signIn.clientId,
        { certificate: readClientCertificate(signIn) },
        { ...common, additionallyAllowedTenants: signIn.auxiliaryTenantIds },
      );
    case "clientSecret":
      return new identity.ClientSecretCredential(signIn.tenantId, signIn.clientId, signIn.clientSecret, {
        ...common,
        additionallyAllowedTenants: signIn.auxiliaryTenantIds,
      });
    case "oidc":
      return new identity.ClientAssertionCredential(signIn.tenantId, signIn.clientId, federatedToken(signIn, transport), common);
    case "managedIdentity":
      return new identity.ManagedIdentityCredential({
        ...(signIn.clientId === undefined ? {} : { clientId: signIn.clientId }),
        httpClient: credentialHttpClient(transports.direct),
      });
  }
}

function unusable(signIn: SignIn, setting: string, what: string): BatchLookupError {
  return new BatchLookupError({
    code: "InvalidConfiguration",
    target: setting,
    message: `Signing in with ${describeSignIn(signIn)}: ${what}`,
  });
}

/** The callback that gives ClientAssertionCredential the federated token, read at each sign-in. */
function federatedToken(signIn: Extract<SignIn, { method: "oidc" }>, transport: HttpClient): () => Promise<string> {
  const source: OidcAssertionSource = signIn.assertion;
  switch (source.kind) {
    case "token":
      return async () => source.token;
    case "file":
      if (!fs.existsSync(source.path)) throw unusable(signIn, "oidcTokenFilePath", `the OIDC token file ${source.path} does not exist.`);
      return async () => {
        const token = (await fs.promises.readFile(source.path, "utf8")).trim();
        if (token === "") throw unusable(signIn, "oidcTokenFilePath", `the OIDC token file ${source.path} is empty.`);
        return token;
      };
    case "request":
      return () => requestFederatedToken(signIn, source, transport);
  }
}

/** GitHub Actions' token request: GET the URL with `audience`, the request token as bearer; the answer is `{ "value": token }`. */
async function requestFederatedToken(
  signIn: SignIn,
  source: Extract<OidcAssertionSource, { kind: "request" }>,
  transport: HttpClient,
): Promise<string> {
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    throw unusable(signIn, "oidcRequestUrl", "oidcRequestUrl is not an absolute URL.");
  }
  url.searchParams.set("audience", source.audience);
  const shown = `${url.origin}${url.pathname}`;
  const core = corePipeline();
  const request = core.createPipelineRequest({ url: url.href, method: "GET", timeout: 30_000 });
  request.headers.set("accept", "application/json");
  request.headers.set("authorization", `Bearer ${source.requestToken}`);
  const response = await transport.sendRequest(request);
  const chunks: Buffer[] = [];
  for await (const chunk of bodyStreamOf(response) ?? []) chunks.push(Buffer.from(chunk as Buffer));
  const text = Buffer.concat(chunks).toString("utf8");
  let body: { value?: unknown; message?: unknown } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status < 200 || response.status > 299) {
    const message = typeof body?.message === "string" ? `: ${body.message.slice(0, 200)}` : "";
    throw new Error(`the OIDC token request to ${shown} was answered ${response.status}${message}`);
  }
  if (typeof body?.value !== "string" || body.value === "") {
    throw new Error(`the OIDC token request to ${shown} answered without a token ("value")`);
  }
  return body.value;
}
