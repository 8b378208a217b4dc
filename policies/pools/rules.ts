// Batch pools: disk encryption, network placement and exposure, node communication, certificates.
// The Azure security baseline for Batch (MCSB) and the Batch built-ins judge pools, not accounts.

import type { NoOptions } from "../policy-definition";
import { definePoolRule, finding, notApplicable, show } from "../rule";
import { azureDocs, azurePolicy, mcsb } from "../rules/anchors";
import { enumIn, sameEnum } from "../rules/enums";
import { isSet } from "../unknowns";
import type { BatchPool } from "./model";

const TARGETS_PATH = "deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets";

// ---------------------------------------------------------------------------------------------
// batch-pool-disk-encryption

export interface PoolDiskEncryptionConfig {
  /** Disk encryption targets every pool must list. */
  requiredTargets: ("OsDisk" | "TemporaryDisk")[];
}

export const poolDiskEncryption = definePoolRule<PoolDiskEncryptionConfig>({
  name: "batch-pool-disk-encryption",
  description:
    "Batch pools list TemporaryDisk (by default) in deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets (compared case-insensitively).",
  displayName: "Pool disk encryption",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "encryption",
  anchors: [azurePolicy("1760f9d4-7206-436e-a28f-d9f3a5c8a227", "Azure Batch pools should have disk encryption enabled"), mcsb("DP-4")],
  remediationSteps:
    'Set deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets to ["OsDisk", "TemporaryDisk"] (classic provider: diskEncryptions with diskEncryptionTarget "OsDisk" and "TemporaryDisk").',
  options: {
    requiredTargets: {
      type: "array",
      items: { type: "string", enum: ["OsDisk", "TemporaryDisk"] },
      uniqueItems: true,
      default: ["TemporaryDisk"],
      description: 'Targets every pool must encrypt; the built-in requires "TemporaryDisk", add "OsDisk" to require both.',
    },
  },
  check(pool: BatchPool, config: PoolDiskEncryptionConfig) {
    const targets = pool.deploymentConfiguration?.virtualMachineConfiguration?.diskEncryptionConfiguration?.targets ?? [];
    const missing = config.requiredTargets.filter((t) => !enumIn(t, targets));
    if (missing.length === 0) return [];
    return [
      finding(
        TARGETS_PATH,
        `${TARGETS_PATH} is ${show(targets)}: ${show(missing)} not encrypted (required: ${show(config.requiredTargets)}).`,
      ),
    ];
  },
});

// ---------------------------------------------------------------------------------------------
// batch-pool-no-public-ip

/** The rule has no options. */
export type PoolPublicIpConfig = NoOptions;

const PROVISION_PATH = "networkConfiguration.publicIPAddressConfiguration.provision";

export const poolNoPublicIp = definePoolRule<PoolPublicIpConfig>({
  name: "batch-pool-no-public-ip",
  description:
    'Batch pools provision no public IP addresses: networkConfiguration.publicIPAddressConfiguration.provision is "NoPublicIPAddresses" (absent means "BatchManaged").',
  displayName: "Pool without public IP addresses",
  enforcementLevel: "advisory",
  severity: "high",
  concern: "network",
  anchors: [
    mcsb(
      "NS-2",
      'the Batch security baseline recommends pools without public IP addresses (simplified communication, provision "NoPublicIPAddresses"); no built-in audits it',
    ),
    azureDocs(
      "simplified-compute-node-communication",
      "Create a simplified node communication pool without public IP addresses",
      "https://learn.microsoft.com/azure/batch/simplified-node-communication-pool-no-public-ip",
    ),
  ],
  remediationSteps:
    'Place the pool in a subnet (networkConfiguration.subnetId) and set networkConfiguration.publicIPAddressConfiguration.provision to "NoPublicIPAddresses" (classic provider: networkConfiguration.publicAddressProvisioningType).',
  options: {},
  check(pool: BatchPool) {
    const provision = pool.networkConfiguration?.publicIPAddressConfiguration?.provision;
    if (sameEnum(provision, "NoPublicIPAddresses")) return [];
    const shown = provision === undefined ? 'absent ("BatchManaged": Batch gives every node a public IP address)' : show(provision);
    return [finding(PROVISION_PATH, `${PROVISION_PATH} is ${shown}; it must be "NoPublicIPAddresses".`)];
  },
});

// ---------------------------------------------------------------------------------------------
// batch-pool-virtual-network

/** The rule has no options. */
export type PoolVirtualNetworkConfig = NoOptions;

export const poolVirtualNetwork = definePoolRule<PoolVirtualNetworkConfig>({
  name: "batch-pool-virtual-network",
  description: "Batch pools are placed in a virtual network: networkConfiguration.subnetId is set.",
  displayName: "Pool in a virtual network",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "network",
  anchors: [
    mcsb("NS-1", "the Batch security baseline: deploy pools into a virtual network; no built-in audits it"),
    azureDocs(
      "batch-virtual-network",
      "Create an Azure Batch pool in a virtual network",
      "https://learn.microsoft.com/azure/batch/batch-virtual-network",
    ),
  ],
  remediationSteps:
    "Set networkConfiguration.subnetId to a subnet of a virtual network in the account's region (classic provider: networkConfiguration.subnetId).",
  options: {},
  check(pool: BatchPool) {
    if (isSet(pool.networkConfiguration, "subnetId")) return [];
    return [
      finding(
        "networkConfiguration.subnetId",
        "networkConfiguration.subnetId is not set, so the pool's nodes are not in a virtual network you control.",
      ),
    ];
  },
});

// ---------------------------------------------------------------------------------------------
// batch-pool-simplified-communication

/** The rule has no options. */
export type PoolNodeCommunicationConfig = NoOptions;

export const poolSimplifiedCommunication = definePoolRule<PoolNodeCommunicationConfig>({
  name: "batch-pool-simplified-communication",
  description: 'Batch pools use simplified node communication: targetNodeCommunicationMode is "Simplified" (compared case-insensitively).',
  displayName: "Pool uses simplified node communication",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "network",
  anchors: [
    mcsb(
      "NS-2",
      'the Batch security baseline; classic communication needs inbound access to the nodes; "Default" follows the account, so the rule asks for an explicit "Simplified"',
    ),
    azureDocs(
      "simplified-compute-node-communication",
      "Use simplified compute node communication",
      "https://learn.microsoft.com/azure/batch/simplified-compute-node-communication",
    ),
  ],
  remediationSteps: 'Set targetNodeCommunicationMode to "Simplified".',
  options: {},
  check(pool: BatchPool) {
    const mode = pool.targetNodeCommunicationMode;
    if (sameEnum(mode, "Simplified")) return [];
    return [finding("targetNodeCommunicationMode", `targetNodeCommunicationMode is ${show(mode)}; it must be "Simplified".`)];
  },
});

// ---------------------------------------------------------------------------------------------
// batch-pool-no-certificates

/** The rule has no options. */
export type PoolCertificatesConfig = NoOptions;

export const poolNoCertificates = definePoolRule<PoolCertificatesConfig>({
  name: "batch-pool-no-certificates",
  description: "Batch pools reference no Batch certificates (the certificates feature is retired): certificates is absent or empty.",
  displayName: "Pool without Batch certificates",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "lifecycle",
  anchors: [
    azureDocs(
      "batch-certificate-migration",
      "Batch certificates are retired (29 February 2024): use the Azure Key Vault VM extension instead",
      "https://learn.microsoft.com/azure/batch/batch-certificate-migration-guide",
    ),
  ],
  remediationSteps:
    "Remove certificates from the pool and install secrets with the Azure Key Vault VM extension and a user-assigned identity on the pool.",
  options: {},
  check(pool: BatchPool) {
    if (!isSet(pool, "certificates")) return notApplicable("The pool references no certificates.");
    const certs = pool.certificates!;
    if (certs.length === 0) return [];
    return [
      finding(
        "certificates",
        `certificates lists ${certs.length} Batch certificate(s) (${show(certs.map((c) => c.id))}); the feature is retired.`,
      ),
    ];
  },
});

export const poolRules = [poolDiskEncryption, poolNoPublicIp, poolVirtualNetwork, poolSimplifiedCommunication, poolNoCertificates];
