// The client a lookup sends its requests through: the ARM client of `opts.client`, else the
// default client of the lookup's configuration; and the subscription a lookup reads.

import type { ArmClient } from "../client/arm-client";
import { armClientOf } from "../client/batch-lookup-client";
import { defaultClient } from "../client/default-clients";
import { BatchLookupError } from "../errors";
import { validateSubscriptionId } from "../model/names";
import { azureCliSubscription } from "../settings/azure-cli";
import { resolveClientOptions } from "../settings/client-options";
import { resolveSetting } from "../settings/resolve";
import { checkLookupOptions, type LookupOptions } from "./lookup-options";

/** The client of a lookup: `opts.client`'s, else the default client for these options. */
export function clientFor(options: LookupOptions = {}): ArmClient {
  checkLookupOptions(options);
  if (options.client !== undefined) return armClientOf(options.client);
  return defaultClient(resolveClientOptions(options));
}

/**
 * The subscription of a lookup: the argument, else configuration, else (when `client` signs in
 * with nothing configured, as azure-native with the Azure CLI) the Azure CLI's default
 * subscription, else an error saying where to set it.
 */
export function resolveSubscriptionId(explicit: unknown, client?: ArmClient): string {
  if (explicit !== undefined && explicit !== null && explicit !== "") return validateSubscriptionId(explicit);
  const setting = resolveSetting("subscriptionId", undefined);
  if (setting === undefined && client?.options.credential.signIn?.method === "default") {
    const cli = azureCliSubscription();
    if (cli !== undefined) return cli.id;
  }
  if (setting === undefined) {
    throw new BatchLookupError({
      code: "InvalidArgument",
      target: "subscriptionId",
      message:
        "No subscriptionId: pass it as an argument, or set Pulumi config azure-batch-lookup:subscriptionId " +
        "(or azure-native:subscriptionId), or the ARM_SUBSCRIPTION_ID environment variable, " +
        "or choose a default subscription in the Azure CLI (`az login`, `az account set`).",
    });
  }
  // Pulumi ESC's azure-login gives the subscription as a resource id: /subscriptions/<id>.
  const value = /^\/subscriptions\/([^/]+)\/?$/i.exec(setting.value)?.[1] ?? setting.value;
  return validateSubscriptionId(value, `subscriptionId (from ${setting.source})`);
}
