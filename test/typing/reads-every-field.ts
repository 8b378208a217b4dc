// A program that reads every field of azure-native's `batch.GetBatchAccountResult`, written against
// `@pulumi/azure-native`. test/typing/drop-in.test.ts compiles this file unchanged except for the
// import below, once as it is and once against azure-batch-lookup, under `strict`: switching a
// program from azure-native's lookup to ours needs no change to the code that reads the result.
//
// Where azure-native types a value as always present but ARM omits it when it does not apply
// (`autoStorage` of an account without auto-storage, the quotas of a UserSubscription account),
// the code guards with `?.` / `??`, as a program must to survive such an account at run time:
// those fields are listed in docs/model.md.

import * as batch from "@pulumi/azure-native/batch";
import * as pulumi from "@pulumi/pulumi";

const args: batch.GetBatchAccountArgs = { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast" };
const outputArgs: batch.GetBatchAccountOutputArgs = { accountName: pulumi.output("sampleacct"), resourceGroupName: args.resourceGroupName };

/** Takes inputs the way a resource's arguments do. */
function use(_values: Record<string, pulumi.Input<unknown>>): void {}
function useString(_value: pulumi.Input<string>): void {}

/** Every field through Pulumi's lifted properties of an Output. */
export function readLifted(): void {
  const account: pulumi.Output<batch.GetBatchAccountResult> = batch.getBatchAccountOutput(outputArgs);
  useString(account.id);
  useString(account.name);
  useString(account.type);
  useString(account.location);
  useString(account.accountEndpoint);
  useString(account.azureApiVersion);
  useString(account.accountEndpoint.apply((endpoint) => `https://${endpoint.toLowerCase()}`));
  const url: pulumi.Output<string> = pulumi.interpolate`https://${account.accountEndpoint}/jobs`;
  use({
    url,
    tags: account.tags,
    identity: account.identity,
    systemData: account.systemData,
    nodeManagementEndpoint: account.nodeManagementEndpoint,
    provisioningState: account.provisioningState,
    poolAllocationMode: account.poolAllocationMode,
    keyVaultReference: account.keyVaultReference,
    publicNetworkAccess: account.publicNetworkAccess,
    networkProfile: account.networkProfile,
    privateEndpointConnections: account.privateEndpointConnections,
    autoStorage: account.autoStorage,
    encryption: account.encryption,
    dedicatedCoreQuota: account.dedicatedCoreQuota,
    lowPriorityCoreQuota: account.lowPriorityCoreQuota,
    dedicatedCoreQuotaPerVMFamily: account.dedicatedCoreQuotaPerVMFamily,
    dedicatedCoreQuotaPerVMFamilyEnforced: account.dedicatedCoreQuotaPerVMFamilyEnforced,
    poolQuota: account.poolQuota,
    activeJobAndJobScheduleQuota: account.activeJobAndJobScheduleQuota,
    allowedAuthenticationModes: account.allowedAuthenticationModes,
  });
  const succeeded: pulumi.Output<boolean> = account.provisioningState.apply((state) => state === "Succeeded");
  const storageId: pulumi.Output<string | undefined> = account.autoStorage.apply((s) => s?.storageAccountId);
  const aadOnly: pulumi.Output<boolean> = account.allowedAuthenticationModes.apply((modes) => (modes ?? []).every((m) => m === "AAD"));
  const principal: pulumi.Output<string | undefined> = account.apply((a) => a.identity?.principalId);
  use({ succeeded, storageId, aadOnly, principal });
}

/** Every field, nested ones included, of the Promise form's result. */
export async function readAll(): Promise<string[]> {
  const a: batch.GetBatchAccountResult = await batch.getBatchAccount(args);
  const out: string[] = [a.id, a.name, a.type, a.location, a.accountEndpoint, a.azureApiVersion];
  out.push(a.accountEndpoint.toUpperCase(), a.location.toLowerCase());
  for (const [key, value] of Object.entries(a.tags ?? {})) out.push(`${key}=${value.trim()}`);

  const identity = a.identity;
  if (identity !== undefined) {
    out.push(identity.type, identity.principalId ?? "", identity.tenantId ?? "");
    for (const [id, user] of Object.entries(identity.userAssignedIdentities ?? {}))
      out.push(id, user.principalId ?? "", user.clientId ?? "");
  }
  const sd = a.systemData;
  out.push(
    sd?.createdBy ?? "",
    sd?.createdByType ?? "",
    sd?.createdAt ?? "",
    sd?.lastModifiedBy ?? "",
    sd?.lastModifiedByType ?? "",
    sd?.lastModifiedAt ?? "",
  );

  out.push(a.nodeManagementEndpoint ?? "", a.provisioningState ?? "", a.poolAllocationMode ?? "", a.publicNetworkAccess ?? "Enabled");
  out.push(a.keyVaultReference?.id ?? "", a.keyVaultReference?.url ?? "");

  for (const access of [a.networkProfile?.accountAccess, a.networkProfile?.nodeManagementAccess]) {
    if (access === undefined) continue;
    out.push(access.defaultAction);
    for (const rule of access.ipRules ?? []) out.push(rule.action, rule.value);
  }
  for (const pec of a.privateEndpointConnections ?? []) {
    out.push(pec.id ?? "", pec.name ?? "", pec.type ?? "", pec.etag ?? "", pec.provisioningState ?? "", pec.privateEndpoint?.id ?? "");
    out.push(...(pec.groupIds ?? []), ...Object.keys(pec.tags ?? {}), pec.systemData?.createdAt ?? "");
    const state = pec.privateLinkServiceConnectionState;
    if (state !== undefined) out.push(state.status, state.description ?? "", state.actionsRequired ?? "");
  }
  const storage = a.autoStorage;
  if (storage !== undefined) {
    out.push(
      storage.storageAccountId,
      storage.lastKeySync,
      storage.authenticationMode ?? "StorageKeys",
      storage.nodeIdentityReference?.resourceId ?? "",
    );
  }
  out.push(a.encryption?.keySource ?? "", a.encryption?.keyVaultProperties?.keyIdentifier ?? "");
  const quotas: (number | undefined)[] = [a.dedicatedCoreQuota, a.lowPriorityCoreQuota, a.poolQuota, a.activeJobAndJobScheduleQuota];
  for (const family of a.dedicatedCoreQuotaPerVMFamily ?? []) quotas.push(family.coreQuota);
  out.push(...(a.dedicatedCoreQuotaPerVMFamily ?? []).map((f) => f.name ?? ""), String(quotas.reduce((s: number, q) => s + (q ?? 0), 0)));
  out.push(String(a.dedicatedCoreQuotaPerVMFamilyEnforced ?? false), ...(a.allowedAuthenticationModes ?? []));
  return out;
}
