/**
 * Deterministic generator of large, fully populated data sets (benchmarks, load tests): accounts
 * in one subscription, or a whole tenant of subscriptions under management groups.
 */
import { BATCH_ACCOUNT_RESOURCE_TYPE } from "../provider/model/batch-account";
import { isGuid, isResourceGroupName } from "../provider/model/names";
import { accountId } from "./account-id";
import { EMULATOR_TENANT_ID } from "./constants";
import type { ArmBatchAccount, EmulatorData, SubscriptionDeclaration } from "./data-file";
import type { ArmChildResource } from "./estate-data";
import type { ManagementGroupDeclaration } from "./management-groups";

export interface GenerateOptions {
  /** Number of accounts. */
  count: number;
  /** Subscription (GUID) that holds them. */
  subscriptionId: string;
  /** Resource group names, or how many to create (default: one per 100 accounts, at least 1). */
  resourceGroups?: number | string[];
  /** Prefix of generated resource group names (default "rg-generated"): `{prefix}-{n}`. */
  resourceGroupPrefix?: string;
  /** Prefix of account names (letters/digits, default "gen"): `{prefix}{000042}`. */
  namePrefix?: string;
  /** Regions used round-robin per resource group (default six Azure regions). */
  locations?: string[];
  /** Tenant of the system-assigned identities (default EMULATOR_TENANT_ID). */
  tenantId?: string;
  /** First account index (default 0), to generate several disjoint batches. */
  startIndex?: number;
  /** Pools per account (default 0), with every pool setting the policy rules judge, varied by index. */
  poolsPerAccount?: number;
  /**
   * Diagnostic settings and DNS zone groups too (default false): two accounts in three get a
   * setting (the second sends no log category), three private endpoints in four a zone group.
   */
  estate?: boolean;
}

const DEFAULT_LOCATIONS = ["westeurope", "eastus", "japaneast", "australiaeast", "uksouth", "centralindia"];
const VM_FAMILIES = ["standardDv3Family", "standardEv5Family", "standardFSv2Family", "standardNCADSH100v5Family"];

/** A stable GUID derived from a string (cyrb128: four 32-bit lanes; fast, not cryptographic). */
function guid(seed: string): string {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  const h = [h1 ^ h2 ^ h3 ^ h4, h2 ^ h1, h3 ^ h1, h4 ^ h1].map((x) => (x >>> 0).toString(16).padStart(8, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function resourceGroupNames(opts: GenerateOptions): string[] {
  if (Array.isArray(opts.resourceGroups)) {
    if (opts.resourceGroups.length === 0) throw new Error("generate: resourceGroups must not be empty");
    for (const rg of opts.resourceGroups) if (!isResourceGroupName(rg)) throw new Error(`generate: invalid resource group name ${rg}`);
    return opts.resourceGroups;
  }
  const n = opts.resourceGroups ?? Math.max(1, Math.ceil(opts.count / 100));
  if (!Number.isInteger(n) || n < 1) throw new Error("generate: resourceGroups must be an integer >= 1");
  const prefix = opts.resourceGroupPrefix ?? "rg-generated";
  return Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(3, "0")}`);
}

function check(opts: GenerateOptions): void {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error("generate: count must be an integer >= 0");
  if (!isGuid(opts.subscriptionId)) throw new Error("generate: subscriptionId must be a GUID");
  const prefix = opts.namePrefix ?? "gen";
  if (!/^[a-zA-Z0-9]*$/.test(prefix)) throw new Error("generate: namePrefix may contain only letters and digits");
  const last = (opts.startIndex ?? 0) + opts.count;
  if (prefix.length + Math.max(6, String(last).length) > 24)
    throw new Error("generate: namePrefix too long (account names are at most 24 characters)");
}

/** One fully populated account: identity, encryption, network profile, private endpoints, quotas, tags. */
function account(opts: GenerateOptions, index: number, rg: string, location: string): ArmBatchAccount {
  const sub = opts.subscriptionId;
  const name = `${opts.namePrefix ?? "gen"}${String(index).padStart(6, "0")}`;
  const id = accountId(sub, rg, name);
  const rgId = `/subscriptions/${sub}/resourceGroups/${rg}`;
  const systemAssigned = index % 2 === 0;
  const userSubscription = index % 5 === 4;
  const uami = `${rgId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-identity`;
  const storage = `st${name.toLowerCase()}`.slice(0, 24);
  const vault = `kv-${name.toLowerCase()}`.slice(0, 24);
  const access = ["Enabled", "Disabled", "SecuredByPerimeter"][index % 3];
  const identity = systemAssigned
    ? { type: "SystemAssigned", principalId: guid(`${id}/principal`), tenantId: opts.tenantId ?? EMULATOR_TENANT_ID }
    : {
        type: "UserAssigned",
        userAssignedIdentities: { [uami]: { principalId: guid(`${uami}/principal`), clientId: guid(`${uami}/client`) } },
      };
  const properties: Record<string, unknown> = {
    accountEndpoint: `${name}.${location}.batch.azure.com`,
    nodeManagementEndpoint: `${guid(`${id}/nm`)}.${location}.service.batch.azure.com`,
    provisioningState: "Succeeded",
    poolAllocationMode: userSubscription ? "UserSubscription" : "BatchService",
    publicNetworkAccess: access,
    networkProfile: {
      accountAccess: {
        defaultAction: "Deny",
        ipRules: [
          { action: "Allow", value: `20.${index % 250}.${(index >> 8) % 250}.0/24` },
          { action: "Allow", value: `40.${(index * 7) % 250}.1.${index % 250}` },
        ],
      },
      nodeManagementAccess: { defaultAction: "Allow", ipRules: [{ action: "Allow", value: "10.0.0.0/8" }] },
    },
    privateEndpointConnections: [
      {
        id: `${id}/privateEndpointConnections/${name}-pe.${guid(`${id}/pe1`)}`,
        name: `${name}-pe.${guid(`${id}/pe1`)}`,
        type: `${BATCH_ACCOUNT_RESOURCE_TYPE}/privateEndpointConnections`,
        etag: `W/"${guid(`${id}/etag1`)}"`,
        properties: {
          provisioningState: "Succeeded",
          privateEndpoint: { id: `${rgId}/providers/Microsoft.Network/privateEndpoints/${name}-pe` },
          groupIds: ["batchAccount"],
          privateLinkServiceConnectionState: {
            status: index % 7 === 3 ? "Pending" : "Approved",
            description: "Auto-approved",
            actionsRequired: "None",
          },
        },
      },
    ],
    autoStorage: {
      storageAccountId: `${rgId}/providers/Microsoft.Storage/storageAccounts/${storage}`,
      lastKeySync: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
      authenticationMode: systemAssigned ? "BatchAccountManagedIdentity" : "StorageKeys",
      nodeIdentityReference: { resourceId: uami },
    },
    encryption: systemAssigned
      ? {
          keySource: "Microsoft.KeyVault",
          keyVaultProperties: { keyIdentifier: `https://${vault}.vault.azure.net/keys/batch/${guid(`${id}/key`).replace(/-/g, "")}` },
        }
      : { keySource: "Microsoft.Batch" },
    poolQuota: 100,
    activeJobAndJobScheduleQuota: 300,
    allowedAuthenticationModes: [["AAD"], ["AAD", "TaskAuthenticationToken"], ["SharedKey", "AAD", "TaskAuthenticationToken"]][index % 3],
  };
  if (userSubscription) {
    properties.keyVaultReference = { id: `${rgId}/providers/Microsoft.KeyVault/vaults/${vault}`, url: `https://${vault}.vault.azure.net/` };
    properties.dedicatedCoreQuotaPerVMFamilyEnforced = false;
  } else {
    properties.dedicatedCoreQuota = 500;
    properties.lowPriorityCoreQuota = 100;
    properties.dedicatedCoreQuotaPerVMFamily = VM_FAMILIES.map((f, i) => ({ name: f, coreQuota: (i + 1) * 100 }));
    properties.dedicatedCoreQuotaPerVMFamilyEnforced = index % 2 === 1;
  }
  return {
    id,
    name,
    type: BATCH_ACCOUNT_RESOURCE_TYPE,
    location,
    tags: { environment: ["prod", "test", "dev"][index % 3], costCenter: `cc-${1000 + (index % 17)}`, generated: "true" },
    identity,
    properties,
  };
}

/** Pool `p` of an account: compliant, exposed or legacy by index, so every pool rule both passes and fails. */
function pool(accountIdValue: string, rgId: string, p: number): ArmChildResource {
  const name = `pool${String(p).padStart(2, "0")}`;
  const kind = p % 3;
  const properties: Record<string, unknown> = {
    provisioningState: "Succeeded",
    allocationState: "Steady",
    vmSize: ["STANDARD_D4S_V3", "STANDARD_E8S_V5", "STANDARD_NC24ADS_A100_V4"][kind],
    deploymentConfiguration: {
      virtualMachineConfiguration: {
        imageReference: { publisher: "microsoft-dsvm", offer: "ubuntu-hpc", sku: "2204", version: "latest" },
        nodeAgentSkuId: "batch.node.ubuntu 22.04",
        ...(kind === 1 ? {} : { diskEncryptionConfiguration: { targets: kind === 0 ? ["OsDisk", "TemporaryDisk"] : ["OsDisk"] } }),
      },
    },
    targetNodeCommunicationMode: ["Simplified", "Default", "Classic"][kind],
    currentNodeCommunicationMode: kind === 2 ? "Classic" : "Simplified",
  };
  if (kind !== 1) {
    properties.networkConfiguration = {
      subnetId: `${rgId}/providers/Microsoft.Network/virtualNetworks/vnet-batch/subnets/pools`,
      publicIPAddressConfiguration: { provision: kind === 0 ? "NoPublicIPAddresses" : "BatchManaged" },
    };
  }
  if (kind === 2)
    properties.certificates = [{ id: `${accountIdValue}/certificates/sha1-${p}`, storeLocation: "LocalMachine", storeName: "My" }];
  return {
    id: `${accountIdValue}/pools/${name}`,
    name,
    type: "Microsoft.Batch/batchAccounts/pools",
    etag: `W/"0x8DC${String(p).padStart(9, "0")}"`,
    properties,
  };
}

/** What belongs to generated accounts: pools, diagnostic settings, DNS zone groups of their private endpoints. */
export function generateEstate(
  opts: GenerateOptions,
  accounts: readonly ArmBatchAccount[],
): Pick<EmulatorData, "pools" | "diagnosticSettings" | "privateDnsZoneGroups"> {
  const pools: ArmChildResource[] = [];
  const diagnosticSettings: ArmChildResource[] = [];
  const privateDnsZoneGroups: ArmChildResource[] = [];
  const start = opts.startIndex ?? 0;
  accounts.forEach((a, i) => {
    const index = start + i;
    const rgId = a.id.slice(0, a.id.indexOf("/providers/"));
    for (let p = 0; p < (opts.poolsPerAccount ?? 0); p++) pools.push(pool(a.id, rgId, index + p));
    if (!opts.estate) return;
    if (index % 3 !== 2) {
      const logs = index % 3 === 0 ? [{ categoryGroup: "allLogs", enabled: true }] : [{ category: "ServiceLogs", enabled: false }];
      diagnosticSettings.push({
        id: `${a.id}/providers/microsoft.insights/diagnosticSettings/to-workspace`,
        name: "to-workspace",
        type: "Microsoft.Insights/diagnosticSettings",
        properties: {
          workspaceId: `${rgId}/providers/Microsoft.OperationalInsights/workspaces/logs`,
          logs,
          metrics: [{ category: "AllMetrics", enabled: true }],
        },
      });
    }
    if (index % 4 !== 3) {
      const endpoint = `${rgId}/providers/Microsoft.Network/privateEndpoints/${a.name}-pe`;
      privateDnsZoneGroups.push({
        id: `${endpoint}/privateDnsZoneGroups/default`,
        name: "default",
        properties: {
          provisioningState: "Succeeded",
          privateDnsZoneConfigs: [
            {
              name: "privatelink-batch-azure-com",
              properties: {
                privateDnsZoneId: `${rgId}/providers/Microsoft.Network/privateDnsZones/privatelink.batch.azure.com`,
                recordSets: [
                  {
                    recordType: "A",
                    recordSetName: a.name,
                    fqdn: `${a.name}.${a.location}.privatelink.batch.azure.com`,
                    ttl: 10,
                    ipAddresses: ["10.1.0.4"],
                  },
                ],
              },
            },
          ],
        },
      });
    }
  });
  const out: Pick<EmulatorData, "pools" | "diagnosticSettings" | "privateDnsZoneGroups"> = {};
  if (pools.length > 0) out.pools = pools;
  if (diagnosticSettings.length > 0) out.diagnosticSettings = diagnosticSettings;
  if (privateDnsZoneGroups.length > 0) out.privateDnsZoneGroups = privateDnsZoneGroups;
  return out;
}

/** `count` fully populated accounts spread round-robin over the resource groups. */
export function generateAccounts(opts: GenerateOptions): ArmBatchAccount[] {
  check(opts);
  const rgs = resourceGroupNames(opts);
  const locations = opts.locations ?? DEFAULT_LOCATIONS;
  const start = opts.startIndex ?? 0;
  return Array.from({ length: opts.count }, (_, i) => {
    const g = (start + i) % rgs.length;
    return account(opts, start + i, rgs[g], locations[g % locations.length]);
  });
}

/** A data set: the subscription, its resource groups and the generated accounts. */
export function generateDataSet(opts: GenerateOptions & { displayName?: string }): EmulatorData {
  const rgs = resourceGroupNames(opts);
  const locations = opts.locations ?? DEFAULT_LOCATIONS;
  const accounts = generateAccounts(opts);
  return {
    ...generateEstate(opts, accounts),
    formatVersion: 1,
    description: `${opts.count} generated accounts`,
    subscriptions: [
      {
        subscriptionId: opts.subscriptionId,
        displayName: opts.displayName ?? "Generated accounts",
        resourceGroups: rgs.map((name, g) => ({ name, location: locations[g % locations.length] })),
      },
    ],
    accounts,
  };
}

export interface TenantGenerateOptions {
  /** Number of subscriptions. */
  subscriptions: number;
  /** Accounts in each subscription. */
  accountsPerSubscription: number;
  /** Seed of the subscription ids: the same seed gives the same data set (default 1). */
  seed?: number;
  /** Management groups the subscriptions are spread over, round-robin, all below one root group (default: one per 100 subscriptions). */
  managementGroups?: number;
  /** Prefix of the management group ids (default "mg-generated"): `{prefix}-root`, `{prefix}-{n}`. */
  managementGroupPrefix?: string;
  /** Resource groups per subscription (default: one per 100 accounts, at least 1). */
  resourceGroupsPerSubscription?: number;
  /** Prefix of account names (default "gen"). */
  namePrefix?: string;
  locations?: string[];
  tenantId?: string;
  /** Pools per account (default 0), see GenerateOptions. */
  poolsPerAccount?: number;
  /** Diagnostic settings and DNS zone groups too (default false), see GenerateOptions. */
  estate?: boolean;
}

/** The subscription ids of a generated tenant, in order (deterministic by seed). */
export function tenantSubscriptionIds(subscriptions: number, seed = 1): string[] {
  return Array.from({ length: subscriptions }, (_, i) => guid(`tenant/${seed}/subscription/${i}`));
}

function checkTenant(opts: TenantGenerateOptions): void {
  for (const k of ["subscriptions", "accountsPerSubscription"] as const) {
    if (!Number.isInteger(opts[k]) || opts[k] < 0) throw new Error(`generate: ${k} must be an integer >= 0`);
  }
  if (opts.managementGroups !== undefined && (!Number.isInteger(opts.managementGroups) || opts.managementGroups < 1)) {
    throw new Error("generate: managementGroups must be an integer >= 1");
  }
  if (opts.seed !== undefined && !Number.isInteger(opts.seed)) throw new Error("generate: seed must be an integer");
}

/**
 * A tenant: `subscriptions` subscriptions of `accountsPerSubscription` fully populated accounts
 * each, and management groups over them (`{prefix}-root` holding `{prefix}-1` ... `{prefix}-K`,
 * subscription i in group i mod K). Accounts of the same index share their contents apart from
 * ids and names; the objects are built once and the store shares them.
 */
export function generateTenantDataSet(opts: TenantGenerateOptions): EmulatorData {
  checkTenant(opts);
  const ids = tenantSubscriptionIds(opts.subscriptions, opts.seed ?? 1);
  const groupCount = opts.managementGroups ?? Math.max(1, Math.ceil(opts.subscriptions / 100));
  const prefix = opts.managementGroupPrefix ?? "mg-generated";
  const groups: ManagementGroupDeclaration[] = Array.from({ length: groupCount }, (_, g) => ({
    id: `${prefix}-${g + 1}`,
    displayName: `Generated group ${g + 1}`,
    subscriptions: [] as string[],
  }));
  const subscriptions: SubscriptionDeclaration[] = [];
  const accounts: ArmBatchAccount[] = [];
  const pools: ArmChildResource[] = [];
  const diagnosticSettings: ArmChildResource[] = [];
  const privateDnsZoneGroups: ArmChildResource[] = [];
  ids.forEach((subscriptionId, i) => {
    const one = generateDataSet({
      count: opts.accountsPerSubscription,
      subscriptionId,
      displayName: `Generated subscription ${String(i + 1).padStart(4, "0")}`,
      resourceGroups: opts.resourceGroupsPerSubscription,
      namePrefix: opts.namePrefix,
      locations: opts.locations,
      tenantId: opts.tenantId,
      poolsPerAccount: opts.poolsPerAccount,
      estate: opts.estate,
    });
    for (const r of one.pools ?? []) pools.push(r);
    for (const r of one.diagnosticSettings ?? []) diagnosticSettings.push(r);
    for (const r of one.privateDnsZoneGroups ?? []) privateDnsZoneGroups.push(r);
    subscriptions.push({ ...one.subscriptions[0], tenantId: opts.tenantId ?? EMULATOR_TENANT_ID });
    for (const a of one.accounts) accounts.push(a);
    groups[i % groupCount].subscriptions!.push(subscriptionId);
  });
  return {
    formatVersion: 1,
    description: `${opts.subscriptions} generated subscriptions x ${opts.accountsPerSubscription} accounts`,
    subscriptions,
    accounts,
    ...(pools.length > 0 ? { pools } : {}),
    ...(diagnosticSettings.length > 0 ? { diagnosticSettings } : {}),
    ...(privateDnsZoneGroups.length > 0 ? { privateDnsZoneGroups } : {}),
    managementGroups: [{ id: `${prefix}-root`, displayName: "Generated tenant root", children: groups.map((g) => g.id) }, ...groups],
  };
}
