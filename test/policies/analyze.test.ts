// The pack under the real engine: `pulumi policy analyze --policy-pack policies --file <state>` on a
// state file holding azure-native and classic Batch accounts (compliant and not) and an existing
// account referenced through BatchAccountReference. The azure-native and azure provider plugins
// are not installed here: analyzing a state file needs none.

import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AZURE_NATIVE_BATCH_ACCOUNT } from "../../policies/resource-types";
import { describeRun, PulumiCli, parseJsonLines, REPO_ROOT, type RunResult } from "../support/pulumi-cli";
import { buildAnalyzeState, NATIVE, SUB } from "./analyze-state";
import { UNKNOWN } from "./policy-args";
import { StackState } from "./state-file";

const PACK = path.join(REPO_ROOT, "policies");

interface PolicyEvent {
  resource: string;
  policyName: string;
  enforcementLevel: string;
  message: string;
}

interface Analysis {
  run: RunResult;
  events: PolicyEvent[];
  remediations: { resource: string; policyName: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
  result?: string;
}

/** The resource name at the end of a URN. */
const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

let cli: PulumiCli;
let stateFile: string;
let defaultRun: Promise<Analysis> | undefined;

/** The analysis without a config (shared by the tests that only read it). */
const defaultAnalysis = () => (defaultRun ??= analyze());

async function analyze(config?: Record<string, unknown>, file = stateFile): Promise<Analysis> {
  const args = ["policy", "analyze", "--policy-pack", PACK, "--file", file, "--json"];
  if (config !== undefined) {
    const configFile = path.join(cli.root, `config-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    args.push("--policy-pack-config", configFile);
  }
  const run = await cli.run(args, { timeoutMs: 180_000 });
  expect(run.timedOut, describeRun(run)).toBe(false);
  const lines = run.stdout.trim() === "" ? [] : parseJsonLines(run.stdout);
  const analysis: Analysis = { run, events: [], remediations: [] };
  for (const line of lines) {
    const pe = line.policyEvent as Record<string, string> | undefined;
    if (pe !== undefined)
      analysis.events.push({
        resource: nameOf(pe.resourceUrn!),
        policyName: pe.policyName!,
        enforcementLevel: pe.enforcementLevel!,
        message: pe.message!,
      });
    const re = line.policyRemediationEvent as Record<string, unknown> | undefined;
    if (re !== undefined) {
      analysis.remediations.push({
        resource: nameOf(re.resourceUrn as string),
        policyName: re.policyName as string,
        before: re.before as Record<string, unknown>,
        after: re.after as Record<string, unknown>,
      });
    }
    const summary = line.summaryEvent as Record<string, string> | undefined;
    if (summary !== undefined) analysis.result = summary.result;
  }
  return analysis;
}

/** "resource policy level" for every event, sorted, with repeats (one per finding). */
const triples = (a: Analysis) => a.events.map((e) => `${e.resource} ${e.policyName} ${e.enforcementLevel}`).sort();

describe("pulumi policy analyze --policy-pack policies", () => {
  beforeAll(async () => {
    cli = await PulumiCli.create();
    stateFile = path.join(cli.root, "state.json");
    fs.writeFileSync(stateFile, JSON.stringify(buildAnalyzeState(await cli.version()), null, 2));
  }, 30 * 60_000);

  afterAll(async () => {
    await cli?.dispose();
  });

  it("reports each non-compliant account at the policies' default levels and fails on the mandatory ones", async () => {
    const a = await defaultAnalysis();
    expect(a.run.code, describeRun(a.run)).toBe(1);
    expect(a.run.stderr).toContain("one or more mandatory policy violations were found");
    expect(a.result).toBe("failed");
    expect(triples(a)).toEqual(
      [
        "badnative batch-local-auth-disabled mandatory",
        "badnative batch-public-network-access-disabled advisory",
        "badnative batch-network-rules-restricted mandatory", // defaultAction Allow
        "badnative batch-network-rules-restricted mandatory", // 0.0.0.0/0
        "badnative batch-network-rules-restricted mandatory", // no nodeManagementAccess
        "badnative batch-customer-managed-key advisory",
        "badnative batch-managed-identity advisory",
        "badnative batch-auto-storage-managed-identity advisory",
        "badclassic batch-local-auth-disabled mandatory", // SharedKey not allowed (no AAD fails only with requireAad)
        "badclassic batch-public-network-access-disabled advisory",
        "badclassic batch-network-rules-restricted mandatory", // 10.0.0.0/8
        "badclassic batch-user-subscription-key-vault mandatory",
        "badclassic batch-customer-managed-key advisory",
        "badclassic batch-managed-identity advisory",
        "existing batch-provisioning-succeeded mandatory",
        "existing batch-local-auth-disabled mandatory",
        "existing batch-customer-managed-key advisory",
        "existing batch-managed-identity advisory",
        "existing batch-auto-storage-managed-identity advisory",
        // The estate: accounts without resource logs, and the bare pool.
        "badnative batch-resource-logs-enabled advisory",
        "badclassic batch-resource-logs-enabled advisory",
        "existing batch-resource-logs-enabled advisory",
        "badpool batch-pool-disk-encryption advisory",
        "badpool batch-pool-no-public-ip advisory",
        "badpool batch-pool-virtual-network advisory",
        "badpool batch-pool-simplified-communication advisory",
        "badpool batch-pool-no-certificates advisory",
      ].sort(),
    );
    // Compliant accounts, their estate, the hardened pool, the stack and the providers draw nothing.
    const quiet = [
      "goodnative",
      "goodclassic",
      "goodnative-logs",
      "goodclassic-logs",
      "goodnative-pe",
      "goodnative-dns",
      "goodclassic-pe",
      "goodpool",
      "batch-policy-analyze-dev",
    ];
    for (const name of quiet) expect(a.events.filter((e) => e.resource === name)).toEqual([]);
  }, 180_000);

  it("names the account and the property (and the classic input) in every message", async () => {
    const a = await defaultAnalysis();
    const message = (resource: string, policy: string, text: string) =>
      a.events.find((e) => e.resource === resource && e.policyName === policy && e.message.includes(text))?.message;
    expect(message("badnative", "batch-network-rules-restricted", "0.0.0.0/0")).toContain(
      'Batch account "sampleacct": networkProfile.accountAccess.ipRules[0].value is "0.0.0.0/0", wider than /16',
    );
    expect(message("badclassic", "batch-public-network-access-disabled", "Enabled")).toContain(
      'Batch account "badclassic": publicNetworkAccess (input publicNetworkAccessEnabled) is "Enabled"',
    );
    expect(message("badclassic", "batch-network-rules-restricted", "10.0.0.0/8")).toContain(
      "(input networkProfile.accountAccess.ipRules[0].ipRange)",
    );
    expect(message("existing", "batch-provisioning-succeeded", "Failed")).toContain(
      'Batch account "sampleacct": provisioningState is "Failed"',
    );
    expect(message("badpool", "batch-pool-no-public-ip", "BatchManaged")).toContain(
      'Batch pool "badpool": networkConfiguration.publicIPAddressConfiguration.provision (input networkConfiguration.publicAddressProvisioningType) is absent',
    );
    // The engine shows a stack policy's description above its message.
    expect(message("existing", "batch-resource-logs-enabled", "")).toContain(
      'Batch account "sampleacct": resource logs are not enabled: no diagnostic setting in the stack targets it.',
    );
    for (const e of a.events) expect(e.message, `${e.resource} ${e.policyName}`).toMatch(/Batch (account|pool) "[a-z0-9]+": /);
  }, 180_000);

  it("applies a --policy-pack-config: all, a disabled policy, and per-policy options", async () => {
    const a = await analyze({
      all: "advisory",
      "batch-customer-managed-key": "disabled",
      "batch-network-rules-restricted": { minimumPrefixLength: 8, endpoints: ["accountAccess"] },
      "batch-allowed-locations": { allowedLocations: ["westeurope"] },
      "batch-required-tags": { enforcementLevel: "advisory", requiredTags: ["costCenter"] },
    });
    expect(a.run.code, describeRun(a.run)).toBe(0);
    expect(a.result).toBe("succeeded");
    expect(new Set(a.events.map((e) => e.enforcementLevel))).toEqual(new Set(["advisory"]));
    expect(a.events.filter((e) => e.policyName === "batch-customer-managed-key")).toEqual([]);
    // /8 is now allowed and node management access is not checked: only badnative's account endpoint.
    expect(triples(a).filter((t) => t.includes("network-rules"))).toEqual([
      "badnative batch-network-rules-restricted advisory",
      "badnative batch-network-rules-restricted advisory",
    ]);
    // The official examples (badnative, existing) and badclassic are in japaneast; only the good accounts carry costCenter.
    expect(triples(a).filter((t) => t.includes("allowed-locations"))).toEqual([
      "badclassic batch-allowed-locations advisory",
      "badnative batch-allowed-locations advisory",
      "existing batch-allowed-locations advisory",
    ]);
    expect(triples(a).filter((t) => t.includes("required-tags"))).toEqual([
      "badclassic batch-required-tags advisory",
      "badnative batch-required-tags advisory",
      "existing batch-required-tags advisory",
    ]);
  }, 180_000);

  it("reports remediations of declared resources at level remediate, without changing the state", async () => {
    const before = fs.readFileSync(stateFile, "utf8");
    const a = await analyze({
      all: "disabled",
      "batch-public-network-access-disabled": "remediate",
      "batch-local-auth-disabled": "remediate",
    });
    const fixes = a.remediations.map((r) => `${r.resource} ${r.policyName}`).sort();
    expect(fixes).toEqual([
      "badclassic batch-local-auth-disabled",
      "badclassic batch-public-network-access-disabled",
      "badnative batch-local-auth-disabled",
      "badnative batch-public-network-access-disabled",
    ]);
    const after = (resource: string, policy: string) =>
      a.remediations.find((r) => r.resource === resource && r.policyName === policy)!.after;
    expect(after("badnative", "batch-public-network-access-disabled").publicNetworkAccess).toBe("Disabled");
    expect(after("badclassic", "batch-public-network-access-disabled").publicNetworkAccessEnabled).toBe(false);
    expect(after("badnative", "batch-local-auth-disabled").allowedAuthenticationModes).toEqual(["AAD"]);
    expect(after("badclassic", "batch-local-auth-disabled").allowedAuthenticationModes).toEqual(["AAD"]);
    expect(after("badnative", "batch-local-auth-disabled").accountName).toBe("sampleacct");
    // The existing account is never "fixed" (changing a reference's inputs changes nothing in Azure).
    expect(a.remediations.filter((r) => r.resource === "existing")).toEqual([]);
    // `policy analyze` validates the unremediated state, and reports what is still wrong there at
    // level mandatory (the SDK downgrades remediate to mandatory for violations): the run fails.
    expect(a.run.code, describeRun(a.run)).toBe(1);
    expect(triples(a).filter((t) => t.startsWith("existing"))).toEqual(["existing batch-local-auth-disabled mandatory"]);
    expect(fs.readFileSync(stateFile, "utf8")).toBe(before);
  }, 180_000);

  it("reports rules that need unknown values as advisory 'can't run during preview', never as violations", async () => {
    // Unknown values travel to the analyzer as the sentinel string; an input holding it in a state
    // file reaches the pack exactly as an unknown does during preview.
    const s = new StackState("batch-policy-analyze", "pending");
    s.add(AZURE_NATIVE_BATCH_ACCOUNT, "pendingnative", NATIVE, {
      id: `${SUB}/Microsoft.Batch/batchAccounts/pendingnative`,
      inputs: {
        accountName: "pendingnative",
        resourceGroupName: "batch-rg",
        location: "westeurope",
        publicNetworkAccess: UNKNOWN,
        allowedAuthenticationModes: UNKNOWN,
      },
      outputs: {},
    });
    const file = path.join(cli.root, "pending.json");
    fs.writeFileSync(file, JSON.stringify(s.export(await cli.version())));
    const a = await analyze(undefined, file);
    expect(a.run.code, describeRun(a.run)).toBe(0); // batch-local-auth-disabled is mandatory, but could not run
    const pending = a.events.filter((e) => e.message.includes("during preview"));
    expect(pending.map((e) => `${e.policyName} ${e.enforcementLevel}`).sort()).toEqual([
      "batch-local-auth-disabled advisory",
      "batch-network-rules-restricted advisory",
      "batch-public-network-access-disabled advisory",
    ]);
    expect(pending.find((e) => e.policyName === "batch-local-auth-disabled")!.message).toBe(
      "can't run policy 'batch-local-auth-disabled' from policy pack 'azure-batch-policies@v0.1.0' during preview: " +
        'Batch account "pendingnative": allowedAuthenticationModes is not known yet (it is computed during the deployment), so batch-local-auth-disabled cannot be checked until it is.',
    );
    // Rules that need no unknown value still judge the account (and the stack has no diagnostic setting).
    expect(
      a.events
        .filter((e) => !e.message.includes("during preview"))
        .map((e) => e.policyName)
        .sort(),
    ).toEqual(["batch-customer-managed-key", "batch-managed-identity", "batch-resource-logs-enabled"]);
  }, 180_000);

  it("fails at load, naming the policy and the option, on an option the policy does not have (a typo)", async () => {
    const a = await analyze({ "batch-network-rules-restricted": { minimumPrefixLenght: 8 } });
    expect(a.run.code).not.toBe(0);
    expect(a.run.stderr).toContain(
      'batch-network-rules-restricted: unknown option "minimumPrefixLenght" (options: minimumPrefixLength, endpoints)',
    );
    // No resource was judged and nothing reports the pack as passing.
    expect(a.events).toEqual([]);
    expect(a.result).not.toBe("succeeded");
  }, 180_000);

  it("lets the CLI reject option values of the wrong type against the policy's JSON schema", async () => {
    const a = await analyze({ "batch-network-rules-restricted": { minimumPrefixLength: "24" } });
    expect(a.run.code).not.toBe(0);
    expect(a.run.stderr).toMatch(
      /validating policy config for "azure-batch-policies": batch-network-rules-restricted: minimumPrefixLength: Invalid type/,
    );
  }, 180_000);
});
