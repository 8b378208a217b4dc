import * as pulumi from "@pulumi/pulumi";
import {
  BATCH_ACCOUNT_FIELD_NAMES,
  BATCH_ACCOUNT_REFERENCE_MODULE,
  BATCH_ACCOUNT_REFERENCE_NAME,
  type BatchAccount,
} from "../model/batch-account";

export { BATCH_ACCOUNT_REFERENCE_TYPE } from "../model/batch-account";

export interface BatchAccountReferenceArgs {
  /** The name of the existing Batch account. */
  accountName: pulumi.Input<string>;
  /** The resource group that contains it. */
  resourceGroupName: pulumi.Input<string>;
  /** The subscription; default from configuration. */
  subscriptionId?: pulumi.Input<string>;
}

// The provider is serialized into the state and run by the engine in its own process. It loads
// the implementation there, so it captures no module, credential or token of this process.
const provider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("azure-batch-lookup/reference-provider").referenceProvider.configure(req),
  check: (olds, news) => require("azure-batch-lookup/reference-provider").referenceProvider.check(olds, news),
  diff: (id, olds, news) => require("azure-batch-lookup/reference-provider").referenceProvider.diff(id, olds, news),
  create: (inputs) => require("azure-batch-lookup/reference-provider").referenceProvider.create(inputs),
  read: (id, props) => require("azure-batch-lookup/reference-provider").referenceProvider.read(id, props),
  update: (id, olds, news) => require("azure-batch-lookup/reference-provider").referenceProvider.update(id, olds, news),
  delete: (id, props) => require("azure-batch-lookup/reference-provider").referenceProvider.delete(id, props),
};

/** An output per field of the model (`id` is the resource's own id output, the account's id). */
export type BatchAccountReferenceOutputs = {
  readonly [K in Exclude<keyof BatchAccount, "id">]: pulumi.Output<BatchAccount[K]>;
};

/**
 * A reference to an existing Azure Batch account. It reads the account on every preview, `up`
 * and `refresh`, exposes every field of the account as an output, and is visible to CrossGuard
 * policies. Deleting it from a program never deletes the account.
 */
export interface BatchAccountReference extends BatchAccountReferenceOutputs {
  /** The account name the reference was given. */
  readonly accountName: pulumi.Output<string>;
}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface declares the outputs the provider sets, one per model field
export class BatchAccountReference extends pulumi.dynamic.Resource {
  constructor(name: string, args: BatchAccountReferenceArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const key of BATCH_ACCOUNT_FIELD_NAMES) if (key !== "id") props[key] = undefined;
    props.accountName = args.accountName;
    props.resourceGroupName = args.resourceGroupName;
    props.subscriptionId = args.subscriptionId;
    super(provider, name, props, opts, BATCH_ACCOUNT_REFERENCE_MODULE, BATCH_ACCOUNT_REFERENCE_NAME);
  }
}
