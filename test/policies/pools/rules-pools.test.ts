// Pool rules, from the official pool examples (spec/examples/pools) and the references' semantics:
// built-in 1760f9d4 counts diskEncryptionConfiguration.targets entries containing "TemporaryDisk";
// the Batch security baseline asks for pools in a VNet, without public IPs, with simplified node
// communication; Batch certificates are retired.

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { toPoolPolicy } from "../../../policies/pack";
import { checkBatchPool } from "../../../policies/pools/check";
import type { BatchPool } from "../../../policies/pools/model";
import { POOL_RULES } from "../../../policies/registry";
import { AZURE_NATIVE_BATCH_POOL, CLASSIC_BATCH_POOL } from "../../../policies/resource-types";
import { poolInputs } from "../examples";
import { resourceArgs, UNKNOWN, validate } from "../policy-args";

function poolModel(file: string): BatchPool {
  const { poolName, accountName, resourceGroupName: _rg, ...properties } = poolInputs(file);
  return { name: poolName as string, accountName: accountName as string, ...(properties as Omit<BatchPool, "name">) };
}

function verdict(pool: BatchPool, rule: string, options: Record<string, unknown> = {}) {
  const r = checkBatchPool(pool, { all: "disabled", [rule]: { enforcementLevel: "mandatory", ...options } } as never);
  return {
    passed: r.passed.includes(rule),
    notApplicable: r.notApplicable.some((n) => n.policyName === rule),
    messages: r.violations.map((v) => v.message),
  };
}

function policy(name: string): ResourceValidationPolicy {
  return toPoolPolicy(POOL_RULES.find((r) => r.name === name)!);
}

describe("batch-pool-disk-encryption (built-in 1760f9d4)", () => {
  it("passes PoolCreate_VirtualMachineConfiguration (targets OsDisk and TemporaryDisk)", () => {
    expect(verdict(poolModel("PoolCreate_VirtualMachineConfiguration.json"), "batch-pool-disk-encryption").passed).toBe(true);
  });

  it("fails PoolCreate_NoPublicIPAddresses (no diskEncryptionConfiguration), naming the pool and the property", () => {
    const v = verdict(poolModel("PoolCreate_NoPublicIPAddresses.json"), "batch-pool-disk-encryption");
    expect(v.messages).toEqual([
      'Batch pool "testpool": deploymentConfiguration.virtualMachineConfiguration.diskEncryptionConfiguration.targets is []: ["TemporaryDisk"] not encrypted (required: ["TemporaryDisk"]).',
    ]);
  });

  it('fails OsDisk alone, like the built-in, and accepts "temporarydisk" in any case', () => {
    const pool: BatchPool = {
      name: "p",
      deploymentConfiguration: { virtualMachineConfiguration: { diskEncryptionConfiguration: { targets: ["OsDisk"] } } },
    };
    expect(verdict(pool, "batch-pool-disk-encryption").messages).toHaveLength(1);
    pool.deploymentConfiguration!.virtualMachineConfiguration!.diskEncryptionConfiguration!.targets = ["temporarydisk"];
    expect(verdict(pool, "batch-pool-disk-encryption").passed).toBe(true);
    expect(verdict(pool, "batch-pool-disk-encryption", { requiredTargets: ["OsDisk", "TemporaryDisk"] }).messages[0]).toContain(
      '["OsDisk"] not encrypted',
    );
  });
});

describe("batch-pool-no-public-ip, batch-pool-virtual-network, batch-pool-simplified-communication", () => {
  it("PoolCreate_NoPublicIPAddresses: in a subnet, no public IPs", () => {
    const pool = poolModel("PoolCreate_NoPublicIPAddresses.json");
    expect(verdict(pool, "batch-pool-no-public-ip").passed).toBe(true);
    expect(verdict(pool, "batch-pool-virtual-network").passed).toBe(true);
    expect(verdict(pool, "batch-pool-simplified-communication").messages[0]).toBe(
      'Batch pool "testpool": targetNodeCommunicationMode is absent; it must be "Simplified".',
    );
  });

  it("PoolCreate_VirtualMachineConfiguration: no subnet and no provision setting (BatchManaged public IPs)", () => {
    const pool = poolModel("PoolCreate_VirtualMachineConfiguration.json");
    expect(verdict(pool, "batch-pool-no-public-ip").messages[0]).toContain(
      'networkConfiguration.publicIPAddressConfiguration.provision is absent ("BatchManaged"',
    );
    expect(verdict(pool, "batch-pool-virtual-network").messages[0]).toContain("networkConfiguration.subnetId is not set");
  });

  it("compares provision and the communication mode case-insensitively", () => {
    const pool: BatchPool = {
      name: "p",
      networkConfiguration: { subnetId: "/s", publicIPAddressConfiguration: { provision: "nopublicipaddresses" } },
      targetNodeCommunicationMode: "simplified",
    };
    expect(verdict(pool, "batch-pool-no-public-ip").passed).toBe(true);
    expect(verdict(pool, "batch-pool-simplified-communication").passed).toBe(true);
    pool.targetNodeCommunicationMode = "Classic";
    expect(verdict(pool, "batch-pool-simplified-communication").messages[0]).toContain('"Classic"');
  });
});

describe("batch-pool-no-certificates", () => {
  it("fails a pool that references Batch certificates, and does not apply without any", () => {
    const pool: BatchPool = {
      name: "p",
      certificates: [{ id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/certificates/sha1-abc" }],
    };
    expect(verdict(pool, "batch-pool-no-certificates").messages[0]).toContain("certificates lists 1 Batch certificate(s)");
    expect(verdict({ name: "p" }, "batch-pool-no-certificates").notApplicable).toBe(true);
    expect(verdict({ name: "p", certificates: [] }, "batch-pool-no-certificates").passed).toBe(true);
  });
});

describe("pool policies under CrossGuard (resource inputs)", () => {
  it("maps azure-native inputs from the official example", async () => {
    const run = await validate(
      policy("batch-pool-no-public-ip"),
      resourceArgs(AZURE_NATIVE_BATCH_POOL, poolInputs("PoolCreate_VirtualMachineConfiguration.json")),
    );
    expect(run.violations).toEqual([
      'Batch pool "testpool": networkConfiguration.publicIPAddressConfiguration.provision is absent ("BatchManaged": Batch gives every node a public IP address); it must be "NoPublicIPAddresses".',
    ]);
  });

  it("maps classic inputs (diskEncryptions, publicAddressProvisioningType) and names the classic input", async () => {
    const classic = {
      name: "classicpool",
      accountName: "acct",
      resourceGroupName: "rg",
      diskEncryptions: [{ diskEncryptionTarget: "OsDisk" }],
      networkConfiguration: {
        subnetId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
        publicAddressProvisioningType: "BatchManaged",
      },
      targetNodeCommunicationMode: "Simplified",
    };
    const disk = await validate(policy("batch-pool-disk-encryption"), resourceArgs(CLASSIC_BATCH_POOL, classic));
    expect(disk.violations[0]).toContain("(input diskEncryptions[].diskEncryptionTarget)");
    const ip = await validate(policy("batch-pool-no-public-ip"), resourceArgs(CLASSIC_BATCH_POOL, classic));
    expect(ip.violations[0]).toContain('(input networkConfiguration.publicAddressProvisioningType) is "BatchManaged"');
    expect((await validate(policy("batch-pool-simplified-communication"), resourceArgs(CLASSIC_BATCH_POOL, classic))).violations).toEqual(
      [],
    );
    expect((await validate(policy("batch-pool-virtual-network"), resourceArgs(CLASSIC_BATCH_POOL, classic))).violations).toEqual([]);
  });

  it("reports a value that is not known yet as not checkable, never as a violation", async () => {
    const run = await validate(
      policy("batch-pool-virtual-network"),
      resourceArgs(AZURE_NATIVE_BATCH_POOL, { poolName: "p", accountName: "a", networkConfiguration: { subnetId: UNKNOWN } }),
    );
    expect(run.violations).toEqual([]);
    expect(run.notYetCheckable).toHaveLength(0); // a subnet that is computed is still a subnet
    const mode = await validate(
      policy("batch-pool-simplified-communication"),
      resourceArgs(AZURE_NATIVE_BATCH_POOL, { poolName: "p", targetNodeCommunicationMode: UNKNOWN }),
    );
    expect(mode.violations).toEqual([]);
    expect(mode.notYetCheckable[0]).toContain("targetNodeCommunicationMode is not known yet");
  });

  it("does not apply to other resource types", async () => {
    const run = await validate(policy("batch-pool-no-public-ip"), resourceArgs("azure-native:batch:BatchAccount", { accountName: "a" }));
    expect(run.notApplicable).toContain("azure-native:batch:Pool");
  });

  it("checkBatchPool rejects a misspelled option, naming the policy and the option", () => {
    expect(() => checkBatchPool({ name: "p" }, { "batch-pool-disk-encryption": { requiredTarget: ["OsDisk"] } } as never)).toThrow(
      'batch-pool-disk-encryption: unknown option "requiredTarget" (options: requiredTargets).',
    );
  });
});
