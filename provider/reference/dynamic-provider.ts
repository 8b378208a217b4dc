// The dynamic provider behind the TypeScript BatchAccountReference, run by the engine in its own
// process (loaded there as `azure-batch-lookup/reference-provider`): an adapter of the reference's
// lifecycle (lifecycle.ts) on the library's `getBatchAccount` and Pulumi configuration.

import type * as pulumi from "@pulumi/pulumi";
import { getBatchAccount } from "../lookups/get-batch-account";
import { setPulumiConfigReader } from "../settings/resolve";
import { type AccountKey, referenceLifecycle } from "./lifecycle";

type Inputs = Record<string, unknown>;

const lifecycle = referenceLifecycle((key: AccountKey) => getBatchAccount(key as Parameters<typeof getBatchAccount>[0]));

export const referenceProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    setPulumiConfigReader((key) => req.config.get(key));
  },
  check: (_olds: Inputs, news: Inputs) => lifecycle.check(news),
  diff: async (_id: string, olds: Inputs, news: Inputs) => {
    const { changes, replaces, deleteBeforeReplace } = lifecycle.diff(olds, news);
    return { changes, replaces, deleteBeforeReplace };
  },
  create: (inputs: Inputs) => lifecycle.create(inputs),
  async read(_id: string, props: Inputs): Promise<pulumi.dynamic.ReadResult> {
    // Gone from Azure: an undefined id makes refresh drop the reference from the state.
    return (await lifecycle.read(props)) ?? { id: undefined as unknown as string, props: {} };
  },
  update: async (_id: string, _olds: Inputs, news: Inputs) => lifecycle.update(news),
  delete: async () => lifecycle.delete(),
};
