// What the audit says when the accounts (or what belongs to them) cannot be read, in the command's
// own terms: each id once, and the next step named with the command's flags (--subscription,
// --resource-group, --endpoint ...) rather than the library's settings.

import { BatchLookupError } from "azure-batch-lookup";
import { UsageError } from "./args";

/** Library fields named in InvalidArgument errors, and the flag a user sets them with. */
const FLAG_OF_FIELD: Record<string, string> = {
  subscriptionId: "--subscription",
  subscriptionIds: "--subscription",
  resourceGroupName: "--resource-group",
  managementGroupIds: "--management-group",
  scope: "--tenant",
  source: "--source",
  endpoint: "--endpoint",
  option: "--endpoint",
};

/** The error's code, status and request id: `(SubscriptionNotFound, HTTP 404, request id …)`. */
export function errorFacts(e: BatchLookupError): string {
  const facts = [e.code, e.statusCode === undefined ? undefined : `HTTP ${e.statusCode}`, e.requestId && `request id ${e.requestId}`];
  return `(${facts.filter(Boolean).join(", ")})`;
}

/** A library error about the caller's input (bad id, no subscription, bad endpoint) is a usage error naming the flag. */
export function usageFromLookupError(e: BatchLookupError): UsageError | undefined {
  if (e.code !== "InvalidArgument" && e.code !== "InvalidConfiguration") return undefined;
  const field = (e.target ?? "").replace(/\[\d+\]$/, "");
  if (field === "subscriptionId" && /^No subscriptionId/.test(e.message))
    return new UsageError(
      "no subscription to audit: give --subscription ID (repeatable), --management-group ID or --tenant, or set ARM_SUBSCRIPTION_ID.",
    );
  const flag = FLAG_OF_FIELD[field];
  return new UsageError(flag === undefined ? e.message : `${flag}: ${e.message}`);
}

/** The library's message without its `Reading … failed after N attempts: ` lead, which names the scope again. */
function cause(e: BatchLookupError): string {
  return e.message.replace(/^Reading .*? failed(?: after \d+ attempts)?: /, "");
}

const SIGN_IN =
  "sign in with `az login`, or set ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID (or AZURE_BATCH_LOOKUP_TOKEN for the emulator)";

/**
 * Why `scope` (as describeScope says it) could not be listed, and what to do: one sentence per
 * known cause, the library's own message otherwise.
 */
export function listingFailure(e: unknown, scope: string, endpoint: string): string {
  if (!(e instanceof BatchLookupError))
    return `could not list the Batch accounts in ${scope}: ${e instanceof Error ? e.message : String(e)}`;
  const facts = errorFacts(e);
  switch (e.code) {
    case "SubscriptionNotFound":
      // The default subscription is named by its setting, so ARM's message is the one that holds its id.
      return `${scope} was not found ${facts}: check --subscription, and that the signed-in tenant holds it (\`az account show\`).${scope.startsWith("the default") ? ` ${e.message}` : ""}`;
    case "ResourceGroupNotFound":
      return `${scope} was not found ${facts}: check --resource-group and --subscription.`;
    case "AuthorizationFailed":
      return `the credential may not list the Batch accounts in ${scope} ${facts}: assign it Reader (Microsoft.Batch/batchAccounts/read) on the scope, or audit another with --subscription, --management-group or --tenant.`;
    case "AuthenticationFailed":
    case "InvalidAuthenticationToken":
    case "ExpiredAuthenticationToken":
    case "CredentialUnavailable":
      return `could not sign in to list the Batch accounts in ${scope} ${facts}: ${SIGN_IN}. ${cause(e)}`;
    case "ConnectionFailed":
    case "RequestTimeout":
    case "ProxyFailed":
      return `could not reach ${endpoint} to list the Batch accounts in ${scope} ${facts}: ${cause(e)} Check --endpoint (or ARM_RESOURCE_MANAGER_ENDPOINT), the network and the proxy settings.`;
    case "ListTooLarge":
      return `the Batch accounts in ${scope} pass the listing's caps ${facts}: ${cause(e)} Raise them with --max-accounts and --max-list-bytes, or audit a narrower scope.`;
    case "NoReadableSubscriptions":
    case "SubscriptionLimitExceeded":
      return `could not list the Batch accounts in ${scope} ${facts}: ${cause(e)}`;
    default:
      return `could not list the Batch accounts in ${scope} ${facts}: ${cause(e)}`;
  }
}
