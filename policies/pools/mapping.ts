// Pool resource inputs → the BatchPool model.
//
// azure-native `azure-native:batch:Pool` (pulumi-azure-native batch/pool.ts, PoolArgs): accountName,
// resourceGroupName, poolName, deploymentConfiguration {virtualMachineConfiguration
// {diskEncryptionConfiguration {targets}}}, networkConfiguration {subnetId,
// publicIPAddressConfiguration {provision, ipAddressIds}}, targetNodeCommunicationMode,
// certificates [{id}]: the REST names.
//
// classic `azure:batch/pool:Pool` (Terraform azurerm_batch_pool): name, accountName,
// diskEncryptions [{diskEncryptionTarget}], networkConfiguration {subnetId,
// publicAddressProvisioningType, publicIps}, targetNodeCommunicationMode, certificates [{id}].
// The provider sends diskEncryptions as diskEncryptionConfiguration.targets and
// publicAddressProvisioningType as publicIPAddressConfiguration.provision.

import { InputReader } from "../mapping/mapped-account";
import { AZURE_NATIVE_BATCH_POOL, CLASSIC_BATCH_POOL } from "../resource-types";
import type { BatchPool } from "./model";

export interface MappedPool {
  resourceType: string;
  pool: BatchPool;
  /** Model paths (`pathKey`) whose values are not known yet. */
  unknown: ReadonlySet<string>;
  /** `Batch pool "name"`. */
  label: string;
  /** Model property → the resource input it comes from, where the names differ. */
  inputNames: Readonly<Record<string, string>>;
}

const DISK_TARGETS = ["deploymentConfiguration", "virtualMachineConfiguration", "diskEncryptionConfiguration", "targets"];
const PROVISION = ["networkConfiguration", "publicIPAddressConfiguration", "provision"];

function label(name: string | undefined, resourceName: string | undefined): string {
  if (name !== undefined && name !== "") return `Batch pool ${JSON.stringify(name)}`;
  return resourceName === undefined ? "Batch pool" : `Batch pool of resource ${JSON.stringify(resourceName)}`;
}

function certificates(r: InputReader, props: unknown): { id?: string }[] | undefined {
  return r.array(props, "certificates", ["certificates"], (c, path) => {
    const id = r.string(c, "id", [...path, "id"]);
    return id === undefined ? {} : { id };
  });
}

export function mapAzureNativePool(props: unknown, resourceName?: string): MappedPool {
  const r = new InputReader();
  const name = r.string(props, "poolName", ["name"]);
  const pool: BatchPool = { name: name ?? resourceName ?? "" };
  const accountName = r.string(props, "accountName", ["accountName"]);
  if (accountName !== undefined) pool.accountName = accountName;
  const deployment = r.object(props, "deploymentConfiguration", DISK_TARGETS.slice(0, 1));
  const vm = deployment === undefined ? undefined : r.object(deployment, "virtualMachineConfiguration", DISK_TARGETS.slice(0, 2));
  const encryption = vm === undefined ? undefined : r.object(vm, "diskEncryptionConfiguration", DISK_TARGETS.slice(0, 3));
  if (deployment !== undefined) {
    pool.deploymentConfiguration = {};
    if (vm !== undefined) {
      pool.deploymentConfiguration.virtualMachineConfiguration = {};
      if (encryption !== undefined) {
        const targets = r.stringArray(encryption, "targets", DISK_TARGETS);
        pool.deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration = targets === undefined ? {} : { targets };
      }
    }
  }
  const network = r.object(props, "networkConfiguration", ["networkConfiguration"]);
  if (network !== undefined) {
    pool.networkConfiguration = {};
    const subnetId = r.string(network, "subnetId", ["networkConfiguration", "subnetId"]);
    if (subnetId !== undefined) pool.networkConfiguration.subnetId = subnetId;
    const ip = r.object(network, "publicIPAddressConfiguration", PROVISION.slice(0, 2));
    if (ip !== undefined) {
      const provision = r.string(ip, "provision", PROVISION);
      pool.networkConfiguration.publicIPAddressConfiguration = provision === undefined ? {} : { provision };
    }
  }
  const mode = r.string(props, "targetNodeCommunicationMode", ["targetNodeCommunicationMode"]);
  if (mode !== undefined) pool.targetNodeCommunicationMode = mode;
  const certs = certificates(r, props);
  if (certs !== undefined) pool.certificates = certs;
  return {
    resourceType: AZURE_NATIVE_BATCH_POOL,
    pool,
    unknown: r.unknown,
    label: label(name, resourceName),
    inputNames: { name: "poolName" },
  };
}

export const CLASSIC_POOL_INPUT_NAMES: Readonly<Record<string, string>> = {
  "deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets": "diskEncryptions[].diskEncryptionTarget",
  "networkConfiguration.publicIPAddressConfiguration.provision": "networkConfiguration.publicAddressProvisioningType",
};

export function mapClassicPool(props: unknown, resourceName?: string): MappedPool {
  const r = new InputReader();
  const name = r.string(props, "name", ["name"]);
  const pool: BatchPool = { name: name ?? resourceName ?? "" };
  const accountName = r.string(props, "accountName", ["accountName"]);
  if (accountName !== undefined) pool.accountName = accountName;
  const disks = r.array(props, "diskEncryptions", DISK_TARGETS, (d, path) => r.string(d, "diskEncryptionTarget", path));
  if (disks !== undefined) {
    pool.deploymentConfiguration = {
      virtualMachineConfiguration: { diskEncryptionConfiguration: { targets: disks.filter((t): t is string => t !== undefined) } },
    };
  }
  const network = r.object(props, "networkConfiguration", ["networkConfiguration"]);
  if (network !== undefined) {
    pool.networkConfiguration = {};
    const subnetId = r.string(network, "subnetId", ["networkConfiguration", "subnetId"]);
    if (subnetId !== undefined) pool.networkConfiguration.subnetId = subnetId;
    const provision = r.string(network, "publicAddressProvisioningType", PROVISION);
    if (provision !== undefined) pool.networkConfiguration.publicIPAddressConfiguration = { provision };
  }
  const mode = r.string(props, "targetNodeCommunicationMode", ["targetNodeCommunicationMode"]);
  if (mode !== undefined) pool.targetNodeCommunicationMode = mode;
  const certs = certificates(r, props);
  if (certs !== undefined) pool.certificates = certs;
  return {
    resourceType: CLASSIC_BATCH_POOL,
    pool,
    unknown: r.unknown,
    label: label(name, resourceName),
    inputNames: CLASSIC_POOL_INPUT_NAMES,
  };
}

/** Maps a pool resource's inputs, or undefined when the type is not a Batch pool. */
export function mapPoolResource(type: string, props: unknown, resourceName?: string): MappedPool | undefined {
  if (type === AZURE_NATIVE_BATCH_POOL) return mapAzureNativePool(props, resourceName);
  if (type === CLASSIC_BATCH_POOL) return mapClassicPool(props, resourceName);
  return undefined;
}

/** A pool model handed over directly (`checkBatchPool`). */
export function mapPoolModel(pool: BatchPool): MappedPool {
  return { resourceType: "model", pool, unknown: new Set(), label: label(pool.name, undefined), inputNames: {} };
}
