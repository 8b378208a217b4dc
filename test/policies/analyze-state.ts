// The state file `pulumi policy analyze` judges in analyze.test.ts: azure-native and classic Batch
// accounts (compliant and not), their pools, diagnostic settings and private endpoints, and an
// existing account referenced through BatchAccountReference.

import * as fs from "node:fs";
import * as path from "node:path";
import {
  AZURE_NATIVE_BATCH_ACCOUNT,
  AZURE_NATIVE_BATCH_POOL,
  AZURE_NATIVE_DIAGNOSTIC_SETTING,
  AZURE_NATIVE_PRIVATE_DNS_ZONE_GROUP,
  AZURE_NATIVE_PRIVATE_ENDPOINT,
  BATCH_ACCOUNT_REFERENCE,
  CLASSIC_BATCH_ACCOUNT,
  CLASSIC_BATCH_POOL,
  CLASSIC_DIAGNOSTIC_SETTING,
  CLASSIC_PRIVATE_ENDPOINT,
} from "../../policies/resource-types";
import { REPO_ROOT } from "../support/pulumi-cli";
import { example, exampleBody, poolInputs } from "./examples";
import { StackState } from "./state-file";

export const SUB = "/subscriptions/12345678-1234-1234-1234-123456789012/resourceGroups/batch-rg/providers";
export const NATIVE = { name: "azure-native", version: "3.5.1" };
const CLASSIC = { name: "azure", version: "6.20.0" };

/** The stack state, exported as `pulumi stack export` of `cliVersion` writes it. */
export function buildAnalyzeState(cliVersion: string): Record<string, unknown> {
  const s = new StackState("batch-policy-analyze", "dev");

  // azure-native, compliant: AAD only, private, identity, CMK, auto-storage through the identity.
  const goodNative = {
    accountName: "goodnative",
    resourceGroupName: "batch-rg",
    location: "westeurope",
    tags: { costCenter: "42" },
    identity: { type: "SystemAssigned" },
    autoStorage: {
      storageAccountId: `${SUB}/Microsoft.Storage/storageAccounts/goodstorage`,
      authenticationMode: "BatchAccountManagedIdentity",
    },
    encryption: {
      keySource: "Microsoft.KeyVault",
      keyVaultProperties: { keyIdentifier: "https://goodvault.vault.azure.net/keys/batch/0123456789abcdef" },
    },
    publicNetworkAccess: "Disabled",
    allowedAuthenticationModes: ["AAD"],
  };
  const goodNativeUrn = s.add(AZURE_NATIVE_BATCH_ACCOUNT, "goodnative", NATIVE, {
    id: `${SUB}/Microsoft.Batch/batchAccounts/goodnative`,
    inputs: goodNative,
    outputs: {
      ...goodNative,
      name: "goodnative",
      provisioningState: "Succeeded",
      accountEndpoint: "goodnative.westeurope.batch.azure.com",
      poolAllocationMode: "BatchService",
    },
  });

  // azure-native, not compliant: the official BatchAccountCreate_Default request (auto-storage with
  // the SDK's default StorageKeys), plus shared keys and an open account endpoint.
  const request = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "spec/examples/BatchAccountCreate_Default.json"), "utf8")).parameters;
  const badNative = {
    accountName: request.accountName,
    resourceGroupName: request.resourceGroupName,
    location: request.parameters.location,
    autoStorage: { ...request.parameters.properties.autoStorage, authenticationMode: "StorageKeys" },
    allowedAuthenticationModes: ["AAD", "SharedKey"],
    networkProfile: { accountAccess: { defaultAction: "Allow", ipRules: [{ action: "Allow", value: "0.0.0.0/0" }] } },
  };
  const response = exampleBody("BatchAccountCreate_Default.json");
  s.add(AZURE_NATIVE_BATCH_ACCOUNT, "badnative", NATIVE, {
    id: response.id as string,
    inputs: badNative,
    outputs: {
      ...(response.properties as Record<string, unknown>),
      name: response.name,
      location: response.location,
      identity: response.identity,
      type: response.type,
    },
  });

  // classic, compliant.
  const goodClassic = {
    name: "goodclassic",
    resourceGroupName: "batch-rg",
    location: "westeurope",
    tags: { costCenter: "42" },
    identity: { type: "SystemAssigned" },
    publicNetworkAccessEnabled: false,
    allowedAuthenticationModes: ["AAD"],
    encryption: { keyVaultKeyId: "https://goodvault.vault.azure.net/keys/batch" },
    storageAccountId: `${SUB}/Microsoft.Storage/storageAccounts/goodstorage`,
    storageAccountAuthenticationMode: "BatchAccountManagedIdentity",
    poolAllocationMode: "BatchService",
  };
  const goodClassicUrn = s.add(CLASSIC_BATCH_ACCOUNT, "goodclassic", CLASSIC, {
    id: `${SUB}/Microsoft.Batch/batchAccounts/goodclassic`,
    inputs: goodClassic,
    outputs: { ...goodClassic, accountEndpoint: "goodclassic.westeurope.batch.azure.com", primaryAccessKey: "", secondaryAccessKey: "" },
  });

  // classic, not compliant: SharedKey only, public with a /8, UserSubscription without a key vault.
  const badClassic = {
    name: "badclassic",
    resourceGroupName: "batch-rg",
    location: "japaneast",
    publicNetworkAccessEnabled: true,
    allowedAuthenticationModes: ["SharedKey"],
    poolAllocationMode: "UserSubscription",
    networkProfile: {
      accountAccess: { defaultAction: "Deny", ipRules: [{ action: "Allow", ipRange: "10.0.0.0/8" }] },
      nodeManagementAccess: { defaultAction: "Deny", ipRules: [{ action: "Allow", ipRange: "203.0.113.0/24" }] },
    },
  };
  s.add(CLASSIC_BATCH_ACCOUNT, "badclassic", CLASSIC, {
    id: `${SUB}/Microsoft.Batch/batchAccounts/badclassic`,
    inputs: badClassic,
    outputs: { ...badClassic },
  });

  // An existing account the stack depends on, as a BatchAccountReference's inputs after check:
  // PrivateBatchAccountGet.json, but its provisioning failed.
  const existing = { ...example("PrivateBatchAccountGet.json"), provisioningState: "Failed" };
  const reference = { ...existing, accountName: existing.name, __provider: "exports.handler = __provider;" };
  s.add(BATCH_ACCOUNT_REFERENCE, "existing", { name: "pulumi-nodejs" }, { id: existing.id, inputs: reference, outputs: { ...existing } });

  // The good accounts' estate: resource logs, and a private endpoint with its DNS zone group.
  const workspace = `${SUB}/Microsoft.OperationalInsights/workspaces/logs`;
  const zone = `${SUB}/Microsoft.Network/privateDnsZones/privatelink.batch.azure.com`;
  const nativeLogs = {
    resourceUri: `${SUB}/Microsoft.Batch/batchAccounts/goodnative`,
    name: "batch-logs",
    logs: [{ categoryGroup: "allLogs", enabled: true }],
    workspaceId: workspace,
  };
  s.add(AZURE_NATIVE_DIAGNOSTIC_SETTING, "goodnative-logs", NATIVE, {
    id: "goodnative-logs",
    inputs: nativeLogs,
    outputs: nativeLogs,
    propertyDependencies: { resourceUri: [goodNativeUrn] },
  });
  const classicLogs = {
    targetResourceId: `${SUB}/Microsoft.Batch/batchAccounts/goodclassic`,
    name: "batch-logs",
    enabledLogs: [{ categoryGroup: "allLogs" }],
    logAnalyticsWorkspaceId: workspace,
  };
  s.add(CLASSIC_DIAGNOSTIC_SETTING, "goodclassic-logs", CLASSIC, {
    id: "goodclassic-logs",
    inputs: classicLogs,
    outputs: classicLogs,
    propertyDependencies: { targetResourceId: [goodClassicUrn] },
  });
  const endpoint = {
    privateEndpointName: "goodnative-pe",
    resourceGroupName: "batch-rg",
    subnet: { id: `${SUB}/Microsoft.Network/virtualNetworks/vnet/subnets/pe` },
    privateLinkServiceConnections: [
      { name: "batch", privateLinkServiceId: `${SUB}/Microsoft.Batch/batchAccounts/goodnative`, groupIds: ["batchAccount"] },
    ],
  };
  const endpointUrn = s.add(AZURE_NATIVE_PRIVATE_ENDPOINT, "goodnative-pe", NATIVE, {
    id: `${SUB}/Microsoft.Network/privateEndpoints/goodnative-pe`,
    inputs: endpoint,
    outputs: endpoint,
    propertyDependencies: { privateLinkServiceConnections: [goodNativeUrn] },
  });
  const zoneGroup = {
    privateEndpointName: "goodnative-pe",
    resourceGroupName: "batch-rg",
    privateDnsZoneGroupName: "default",
    privateDnsZoneConfigs: [{ name: "batch", privateDnsZoneId: zone }],
  };
  s.add(AZURE_NATIVE_PRIVATE_DNS_ZONE_GROUP, "goodnative-dns", NATIVE, {
    id: "goodnative-dns",
    inputs: zoneGroup,
    outputs: zoneGroup,
    propertyDependencies: { privateEndpointName: [endpointUrn] },
  });
  const classicEndpoint = {
    name: "goodclassic-pe",
    resourceGroupName: "batch-rg",
    location: "westeurope",
    subnetId: `${SUB}/Microsoft.Network/virtualNetworks/vnet/subnets/pe`,
    privateServiceConnection: {
      name: "batch",
      privateConnectionResourceId: `${SUB}/Microsoft.Batch/batchAccounts/goodclassic`,
      subresourceNames: ["batchAccount"],
      isManualConnection: false,
    },
    privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [zone] },
  };
  s.add(CLASSIC_PRIVATE_ENDPOINT, "goodclassic-pe", CLASSIC, {
    id: `${SUB}/Microsoft.Network/privateEndpoints/goodclassic-pe`,
    inputs: classicEndpoint,
    outputs: classicEndpoint,
    propertyDependencies: { privateServiceConnection: [goodClassicUrn] },
  });

  // Pools: the official NoPublicIPAddresses example hardened (azure-native), and a bare classic pool.
  const goodPool = {
    ...poolInputs("PoolCreate_NoPublicIPAddresses.json"),
    targetNodeCommunicationMode: "Simplified",
  } as Record<string, unknown>;
  const deployment = goodPool.deploymentConfiguration as { virtualMachineConfiguration: Record<string, unknown> };
  deployment.virtualMachineConfiguration.diskEncryptionConfiguration = { targets: ["OsDisk", "TemporaryDisk"] };
  s.add(AZURE_NATIVE_BATCH_POOL, "goodpool", NATIVE, {
    id: `${SUB}/Microsoft.Batch/batchAccounts/goodnative/pools/testpool`,
    inputs: goodPool,
    outputs: goodPool,
  });
  const badPool = {
    name: "badpool",
    accountName: "badclassic",
    resourceGroupName: "batch-rg",
    vmSize: "STANDARD_D4",
    nodeAgentSkuId: "batch.node.ubuntu 22.04",
    certificates: [
      { id: `${SUB}/Microsoft.Batch/batchAccounts/badclassic/certificates/sha1-0123456789abcdef`, storeLocation: "CurrentUser" },
    ],
  };
  s.add(CLASSIC_BATCH_POOL, "badpool", CLASSIC, {
    id: `${SUB}/Microsoft.Batch/batchAccounts/badclassic/pools/badpool`,
    inputs: badPool,
    outputs: badPool,
  });

  return s.export(cliVersion);
}
