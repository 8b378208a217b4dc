// The plugin's BatchAccountReference (`azure-batch-lookup:index:BatchAccountReference`): an adapter
// of the reference's lifecycle (provider/reference/lifecycle.ts) on the lookups of the provider that
// owns the resource. The engine sends secrets to the plugin (it accepts them): the adapter reveals
// them for the lifecycle and marks the same keys secret again in what it answers.

import {
  type CheckResult,
  type CreateResult,
  type DiffResult,
  type ReadResult,
  type ReferenceLifecycle,
  referenceLifecycle,
} from "../reference/lifecycle";
import type { ProviderLookups } from "./lookups";
import { type PropertyMap, reveal, secretKeys, withSecrets } from "./values";

const plain = (props: PropertyMap): PropertyMap => reveal(props) as PropertyMap;

/** The resource operations of one configured provider. */
export class ReferenceResource {
  readonly #lifecycle: ReferenceLifecycle;

  constructor(lookups: ProviderLookups) {
    this.#lifecycle = referenceLifecycle((key) => lookups.getBatchAccount(key));
  }

  async check(news: PropertyMap): Promise<CheckResult> {
    const result = await this.#lifecycle.check(plain(news));
    return result.failures === undefined
      ? { inputs: withSecrets(result.inputs, secretKeys(news)) }
      : { inputs: news, failures: result.failures };
  }

  diff(olds: PropertyMap, news: PropertyMap): DiffResult {
    return this.#lifecycle.diff(plain(olds), plain(news));
  }

  async create(inputs: PropertyMap): Promise<CreateResult> {
    const result = await this.#lifecycle.create(plain(inputs));
    return { id: result.id, outs: withSecrets(result.outs, secretKeys(inputs)) };
  }

  /** Refresh from the stored outputs and inputs; undefined when the account is gone from Azure. */
  async read(props: PropertyMap, inputs: PropertyMap | undefined): Promise<ReadResult | undefined> {
    const secrets = [...new Set([...secretKeys(props), ...secretKeys(inputs ?? {})])];
    const result = await this.#lifecycle.read(plain({ ...props, ...inputs }));
    if (result === undefined) return undefined;
    return { id: result.id, props: withSecrets(result.props, secrets), inputs: withSecrets(result.inputs, secrets) };
  }

  update(news: PropertyMap): { outs: PropertyMap } {
    return { outs: withSecrets(this.#lifecycle.update(plain(news)).outs, secretKeys(news)) };
  }

  delete(): void {
    this.#lifecycle.delete();
  }
}
