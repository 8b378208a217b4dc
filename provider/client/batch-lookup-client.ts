// BatchLookupClient: an explicit client for the lookups, with a connection pool and in-flight
// bound of its own, for programs that want to choose when connections close (or to keep two
// configurations apart). Lookups without one use the default client of their configuration.

import { type ClientOptions, type ResolvedClientOptions, resolveClientOptions } from "../settings/client-options";
import { type ArmClient, ArmClient as Client, createClientResources } from "./arm-client";

const armClients = new WeakMap<BatchLookupClient, ArmClient>();

/**
 * A client for the Batch account lookups: pass it as `opts.client` to `getBatchAccount`,
 * `listBatchAccounts` and their Output forms, and `close()` it when done. Lookups without a
 * client use a default client for their configuration.
 */
export class BatchLookupClient {
  /** The ARM origin. */
  readonly endpoint: string;
  /** The resolved options (defaults applied). */
  readonly options: ResolvedClientOptions;

  constructor(options: ClientOptions = {}) {
    this.options = resolveClientOptions(options);
    this.endpoint = this.options.endpoint;
    armClients.set(this, new Client(this.options, createClientResources(this.options), true));
  }

  /** Closes the client's connections; later lookups with it fail with `ClientClosed`. */
  close(): Promise<void> {
    return armClientOf(this).close();
  }
}

/** What a BatchLookupClient sends its lookups through. */
export function armClientOf(client: BatchLookupClient): ArmClient {
  const arm = armClients.get(client);
  if (arm === undefined) throw new TypeError("opts.client must be a BatchLookupClient created with new BatchLookupClient(...)");
  return arm;
}
