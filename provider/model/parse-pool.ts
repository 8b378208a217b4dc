// Turns ARM's Batch pool JSON (api-version 2024-07-01) into the flattened BatchPool model, checking
// each field the model holds against the schema; pool properties the model does not hold are not
// read. A body that contradicts the schema is an error naming the field; `null` counts as absent.

import { BATCH_API_VERSION } from "./batch-account";
import {
  BATCH_POOL_RESOURCE_TYPE,
  type BatchPool,
  type BatchPoolIdentity,
  type CertificateReference,
  type DeploymentConfiguration,
  type ImageReference,
  type PoolNetworkConfiguration,
} from "./estate";
import {
  at,
  checked,
  itemAt,
  type ListPage,
  object,
  optArray,
  optBool,
  optObject,
  optStr,
  readListPage,
  ShapeError,
  str,
  strItem,
  underRule,
} from "./json-check";
import { userAssignedIdentityMap } from "./parse-batch-account";

const POOL_RULE = `the ${BATCH_API_VERSION} Pool schema requires`;
const ID_PATTERN =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)\/pools\/([^/]+)$/i;

function imageReference(value: unknown, base: string, key: string): ImageReference {
  const o = object(value, at(base, key));
  const path = at(base, key);
  const out: ImageReference = {};
  for (const field of ["publisher", "offer", "sku", "version", "id", "sharedGalleryImageId", "communityGalleryImageId"] as const) {
    const v = optStr(o[field], path, field);
    if (v !== undefined) out[field] = v;
  }
  return out;
}

function deploymentConfiguration(value: unknown, base: string, key: string): DeploymentConfiguration | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  const out: DeploymentConfiguration = {};
  const vm = optObject(o.virtualMachineConfiguration, path, "virtualMachineConfiguration");
  if (vm === undefined) return out;
  const vp = at(path, "virtualMachineConfiguration");
  out.virtualMachineConfiguration = {
    imageReference: imageReference(vm.imageReference, vp, "imageReference"),
    nodeAgentSkuId: str(vm.nodeAgentSkuId, vp, "nodeAgentSkuId"),
  };
  const disk = optObject(vm.diskEncryptionConfiguration, vp, "diskEncryptionConfiguration");
  if (disk !== undefined) {
    const targets = optArray(disk.targets, at(vp, "diskEncryptionConfiguration"), "targets", strItem);
    out.virtualMachineConfiguration.diskEncryptionConfiguration = targets === undefined ? {} : { targets };
  }
  return out;
}

function networkConfiguration(value: unknown, base: string, key: string): PoolNetworkConfiguration | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  const out: PoolNetworkConfiguration = {};
  const subnetId = optStr(o.subnetId, path, "subnetId");
  if (subnetId !== undefined) out.subnetId = subnetId;
  const scope = optStr(o.dynamicVnetAssignmentScope, path, "dynamicVnetAssignmentScope");
  if (scope !== undefined) out.dynamicVnetAssignmentScope = scope;
  const accelerated = optBool(o.enableAcceleratedNetworking, path, "enableAcceleratedNetworking");
  if (accelerated !== undefined) out.enableAcceleratedNetworking = accelerated;
  const ip = optObject(o.publicIPAddressConfiguration, path, "publicIPAddressConfiguration");
  if (ip !== undefined) {
    const ipPath = at(path, "publicIPAddressConfiguration");
    out.publicIPAddressConfiguration = {};
    const provision = optStr(ip.provision, ipPath, "provision");
    if (provision !== undefined) out.publicIPAddressConfiguration.provision = provision;
    const ids = optArray(ip.ipAddressIds, ipPath, "ipAddressIds", strItem);
    if (ids !== undefined) out.publicIPAddressConfiguration.ipAddressIds = ids;
  }
  return out;
}

function certificate(value: unknown, base: string, key: string, index: number): CertificateReference {
  const path = itemAt(base, key, index);
  const o = object(value, path);
  const out: CertificateReference = { id: str(o.id, path, "id") };
  const storeLocation = optStr(o.storeLocation, path, "storeLocation");
  if (storeLocation !== undefined) out.storeLocation = storeLocation;
  const storeName = optStr(o.storeName, path, "storeName");
  if (storeName !== undefined) out.storeName = storeName;
  const visibility = optArray(o.visibility, path, "visibility", strItem);
  if (visibility !== undefined) out.visibility = visibility;
  return out;
}

function identity(value: unknown, base: string, key: string): BatchPoolIdentity | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  const out: BatchPoolIdentity = { type: str(o.type, path, "type") };
  const users = userAssignedIdentityMap(o.userAssignedIdentities, path, "userAssignedIdentities");
  if (users !== undefined) out.userAssignedIdentities = users;
  return out;
}

/** Reads one ARM pool (`path` names it in errors); throws a ShapeError on a schema contradiction. */
export function readBatchPool(body: unknown, path: string): BatchPool {
  return underRule(POOL_RULE, () => {
    const o = object(body, path);
    const id = str(o.id, path, "id");
    const match = ID_PATTERN.exec(id);
    if (match === null) throw new ShapeError(at(path, "id"), `a ${BATCH_POOL_RESOURCE_TYPE} resource id`, id, "a Batch pool's id must be");
    const pool: BatchPool = {
      id,
      name: optStr(o.name, path, "name") ?? match[4]!,
      type: optStr(o.type, path, "type") ?? BATCH_POOL_RESOURCE_TYPE,
      subscriptionId: match[1]!,
      resourceGroupName: match[2]!,
      accountName: match[3]!,
      azureApiVersion: BATCH_API_VERSION,
    };
    const etag = optStr(o.etag, path, "etag");
    if (etag !== undefined) pool.etag = etag;
    const id_ = identity(o.identity, path, "identity");
    if (id_ !== undefined) pool.identity = id_;
    const p = optObject(o.properties, path, "properties") ?? {};
    const pp = at(path, "properties");
    for (const field of [
      "displayName",
      "vmSize",
      "provisioningState",
      "allocationState",
      "targetNodeCommunicationMode",
      "currentNodeCommunicationMode",
    ] as const) {
      const v = optStr(p[field], pp, field);
      if (v !== undefined) pool[field] = v;
    }
    const deployment = deploymentConfiguration(p.deploymentConfiguration, pp, "deploymentConfiguration");
    if (deployment !== undefined) pool.deploymentConfiguration = deployment;
    const network = networkConfiguration(p.networkConfiguration, pp, "networkConfiguration");
    if (network !== undefined) pool.networkConfiguration = network;
    const certificates = optArray(p.certificates, pp, "certificates", certificate);
    if (certificates !== undefined) pool.certificates = certificates;
    return pool;
  });
}

/** One page of Pool - List By Batch Account. */
export type BatchPoolPage = ListPage<BatchPool>;

export function parseBatchPoolPage(body: unknown, offset = 0): BatchPoolPage {
  return checked(() => readListPage(body, offset, readBatchPool), "Azure Resource Manager returned a Batch pool list", POOL_RULE);
}
