// The options of a lookup: a client's options or an explicit client, plus, for the Output forms,
// `dependsOn`; and the Pulumi invoke options a lookup over ARM's REST API refuses.

import type * as pulumi from "@pulumi/pulumi";
import type { BatchLookupClient } from "../client/batch-lookup-client";
import { BatchLookupError } from "../errors";
import type { ClientOptions } from "../settings/client-options";

/** Options of the Promise forms: where and how to reach ARM, or an explicit client. */
export interface LookupOptions extends ClientOptions {
  /**
   * The client to send the lookup with (its endpoint, credential, limits and connections); the
   * other options must then be left out. Default: a client shared by every lookup with the same
   * options.
   */
  client?: BatchLookupClient;
}

/** Options of the Output forms: as LookupOptions, plus `dependsOn` as in `pulumi.InvokeOutputOptions`. */
export interface LookupOutputOptions extends LookupOptions {
  dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>;
}

/**
 * Pulumi invoke options that a lookup over ARM's REST API cannot honour, with what to use instead.
 * They are not in the type; a JavaScript caller (or a cast) that passes one gets an error rather
 * than a lookup that silently ignores it.
 */
const UNSUPPORTED: Record<string, string> = {
  provider:
    "the lookups call ARM directly, not through a Pulumi provider: pass `credential`, `endpoint` or `environment` (and the subscriptionId argument) to choose the identity, cloud and subscription, or `client`",
  providers: "the lookups call ARM directly, not through a Pulumi provider: pass `credential`, `endpoint` or `environment`, or `client`",
  parent: "a lookup creates no resource, so it has no parent; use `dependsOn` (Output forms) to order it after a resource",
  version: "no provider plugin is involved, so there is no plugin version to choose",
  pluginDownloadURL: "no provider plugin is involved, so there is nothing to download",
  async: "the Promise forms are always asynchronous",
};

const CLIENT_OPTION_KEYS = [
  "credential",
  "endpoint",
  "environment",
  "audience",
  "ca",
  "proxy",
  "maxConcurrentRequests",
  "retry",
  "timeouts",
  "limits",
] as const;

/** Fails on an option the lookups cannot honour, naming it and what to use instead. */
export function checkLookupOptions(options: LookupOptions | undefined): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new BatchLookupError({ code: "InvalidArgument", target: "opts", message: "Invalid opts: must be an object of lookup options." });
  }
  for (const key in UNSUPPORTED) {
    const instead = UNSUPPORTED[key];
    if ((options as Record<string, unknown>)[key] !== undefined) {
      throw new BatchLookupError({
        code: "InvalidArgument",
        target: `opts.${key}`,
        message: `The option ${key} is not supported by the azure-batch-lookup lookups: ${instead}.`,
      });
    }
  }
  if (options.client !== undefined) {
    const conflicting = CLIENT_OPTION_KEYS.filter((k) => options[k] !== undefined);
    if (conflicting.length > 0) {
      throw new BatchLookupError({
        code: "InvalidArgument",
        target: `opts.${conflicting[0]}`,
        message: `The option ${conflicting.join(", ")} cannot be combined with client: the client was created with its own; pass them to new BatchLookupClient(...) instead.`,
      });
    }
  }
}
