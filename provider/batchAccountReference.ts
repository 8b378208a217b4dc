import * as pulumi from "@pulumi/pulumi";
import type {
  AuthenticationMode,
  AutoStorageProperties,
  BatchAccountIdentity,
  EncryptionProperties,
  KeyVaultReference,
  NetworkProfile,
  PoolAllocationMode,
  PrivateEndpointConnection,
  ProvisioningState,
  PublicNetworkAccessType,
  VirtualMachineFamilyCoreQuota,
} from "./model";

export { BATCH_ACCOUNT_REFERENCE_TYPE } from "./model";

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

const OUTPUT_NAMES = [
  "id", "name", "type", "location", "tags", "identity", "accountEndpoint", "nodeManagementEndpoint",
  "provisioningState", "poolAllocationMode", "keyVaultReference", "publicNetworkAccess", "networkProfile",
  "privateEndpointConnections", "autoStorage", "encryption", "dedicatedCoreQuota", "lowPriorityCoreQuota",
  "dedicatedCoreQuotaPerVMFamily", "dedicatedCoreQuotaPerVMFamilyEnforced", "poolQuota",
  "activeJobAndJobScheduleQuota", "allowedAuthenticationModes", "azureApiVersion",
] as const;

/**
 * A reference to an existing Azure Batch account. It reads the account on every preview, `up`
 * and `refresh`, exposes every field of the account as an output, and is visible to CrossGuard
 * policies. Deleting it from a program never deletes the account.
 */
export class BatchAccountReference extends pulumi.dynamic.Resource {
  declare public readonly accountName: pulumi.Output<string>;
  declare public readonly resourceGroupName: pulumi.Output<string>;
  declare public readonly subscriptionId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly type: pulumi.Output<string>;
  declare public readonly location: pulumi.Output<string>;
  declare public readonly tags: pulumi.Output<Record<string, string> | undefined>;
  declare public readonly identity: pulumi.Output<BatchAccountIdentity | undefined>;
  declare public readonly accountEndpoint: pulumi.Output<string | undefined>;
  declare public readonly nodeManagementEndpoint: pulumi.Output<string | undefined>;
  declare public readonly provisioningState: pulumi.Output<ProvisioningState | undefined>;
  declare public readonly poolAllocationMode: pulumi.Output<PoolAllocationMode | undefined>;
  declare public readonly keyVaultReference: pulumi.Output<KeyVaultReference | undefined>;
  declare public readonly publicNetworkAccess: pulumi.Output<PublicNetworkAccessType>;
  declare public readonly networkProfile: pulumi.Output<NetworkProfile | undefined>;
  declare public readonly privateEndpointConnections: pulumi.Output<PrivateEndpointConnection[] | undefined>;
  declare public readonly autoStorage: pulumi.Output<AutoStorageProperties | undefined>;
  declare public readonly encryption: pulumi.Output<EncryptionProperties | undefined>;
  declare public readonly dedicatedCoreQuota: pulumi.Output<number | undefined>;
  declare public readonly lowPriorityCoreQuota: pulumi.Output<number | undefined>;
  declare public readonly dedicatedCoreQuotaPerVMFamily: pulumi.Output<VirtualMachineFamilyCoreQuota[] | undefined>;
  declare public readonly dedicatedCoreQuotaPerVMFamilyEnforced: pulumi.Output<boolean | undefined>;
  declare public readonly poolQuota: pulumi.Output<number | undefined>;
  declare public readonly activeJobAndJobScheduleQuota: pulumi.Output<number | undefined>;
  declare public readonly allowedAuthenticationModes: pulumi.Output<AuthenticationMode[] | undefined>;
  declare public readonly azureApiVersion: pulumi.Output<string>;

  constructor(name: string, args: BatchAccountReferenceArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const key of OUTPUT_NAMES) if (key !== "id") props[key] = undefined;
    props.accountName = args.accountName;
    props.resourceGroupName = args.resourceGroupName;
    props.subscriptionId = args.subscriptionId;
    super(provider, name, props, opts, "azurebatch", "BatchAccountReference");
  }
}
