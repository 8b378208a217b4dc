// The part of a Batch pool (REST `Microsoft.Batch/batchAccounts/pools`, api-version 2024-07-01,
// `Pool.properties`) the pool rules judge. Names and nesting are the REST schema's, which
// azure-native's `batch.Pool` inputs follow too.

/** `DiskEncryptionTarget`: "OsDisk" | "TemporaryDisk" (compared case-insensitively). */
export type DiskEncryptionTarget = "OsDisk" | "TemporaryDisk" | (string & {});

/** `IPAddressProvisioningType`: "BatchManaged" (the default) | "UserManaged" | "NoPublicIPAddresses". */
export type IPAddressProvisioningType = "BatchManaged" | "UserManaged" | "NoPublicIPAddresses" | (string & {});

/** `NodeCommunicationMode`: "Default" | "Classic" | "Simplified". */
export type NodeCommunicationMode = "Default" | "Classic" | "Simplified" | (string & {});

export interface BatchPool {
  /** The pool's name (for messages). */
  name: string;
  /** The account the pool belongs to, when the inputs say. */
  accountName?: string;
  deploymentConfiguration?: {
    virtualMachineConfiguration?: {
      diskEncryptionConfiguration?: { targets?: DiskEncryptionTarget[] };
    };
  };
  networkConfiguration?: {
    subnetId?: string;
    publicIPAddressConfiguration?: { provision?: IPAddressProvisioningType; ipAddressIds?: string[] };
  };
  targetNodeCommunicationMode?: NodeCommunicationMode;
  /** Certificate references (`CertificateReference[]`; the Batch certificates feature is retired). */
  certificates?: { id?: string }[];
}
