// BatchAccountReference on the real engine: `up` stores it with every field of the account,
// `refresh` re-reads it, a change of the account in Azure shows up in the next preview, removing
// it from the program never deletes the account, and neither the state nor the serialized
// provider holds the credential. One stack, operations in order (each test builds on the last).

import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES_SUBSCRIPTION_ID } from "../../emulator";
import { BATCH_ACCOUNT_REFERENCE_TYPE } from "../../provider/model/batch-account";
import { PulumiCli, parseJsonLines } from "../support/pulumi-cli";
import {
  ENGINE_TIMEOUT_MS,
  type EngineSuite,
  expectSucceeded,
  filesContaining,
  REPO_ROOT,
  type RunStackResult,
  SAMPLE,
  type StateResource,
  sampleAccount,
  startEngineSuite,
  stateResources,
} from "./engine";

const REFERENCE_TYPE = BATCH_ACCOUNT_REFERENCE_TYPE;
const WITHOUT_REFERENCE = path.join(__dirname, "fixtures", "quickstart-without-reference.ts");
// A token no other file could contain by chance: any occurrence is a leak.
const TOKEN = `e2e-token-${crypto.randomBytes(16).toString("hex")}`;

let suite: EngineSuite;
beforeAll(async () => {
  suite = await startEngineSuite("reference", { tokens: [{ token: TOKEN, subscriptions: "*" }] });
}, 60_000);
afterAll(async () => {
  await suite?.stop();
});

const run = (operation: "preview" | "up" | "refresh" | "export", program?: string) =>
  suite.run({ dir: REPO_ROOT, operation, stackName: "reference", program });

async function exportedReference(): Promise<StateResource | undefined> {
  const exported = expectSucceeded(await run("export"));
  return stateResources(exported).find((r) => r.type === REFERENCE_TYPE);
}

function referenceStep(result: RunStackResult) {
  return result.steps.find((s) => s.type === REFERENCE_TYPE);
}

describe("BatchAccountReference on the real engine", () => {
  it("the emulator only accepts this suite's token", () => {
    expect(suite.emulator.token).toBe(TOKEN);
  });

  it(
    "up stores the reference in the state, with every field of the account as an output",
    async () => {
      const account = sampleAccount(suite);
      const up = expectSucceeded(await run("up"));
      expect(referenceStep(up)?.op).toBe("create");
      expect(up.outputs.referencedAccountEndpoint).toBe(account.properties.accountEndpoint);

      const reference = await exportedReference();
      expect(reference?.id).toBe(account.id);
      const outputs = reference!.outputs!;
      expect(outputs).toMatchObject({
        id: account.id,
        name: account.name,
        type: "Microsoft.Batch/batchAccounts",
        location: account.location,
        accountName: "sampleacct",
        resourceGroupName: "default-azurebatch-japaneast",
        subscriptionId: EXAMPLES_SUBSCRIPTION_ID,
        azureApiVersion: "2024-07-01",
        identity: account.identity,
      });
      // Every ARM property, flattened onto the reference as azure-native does it.
      for (const [key, value] of Object.entries(account.properties)) {
        expect(outputs[key], key).toMatchObject(value as object);
      }
      // Documented defaults applied where ARM omits them.
      expect(outputs.autoStorage).toMatchObject({ authenticationMode: "StorageKeys" });
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "the credential never reaches the state, the backend files or the serialized provider",
    async () => {
      expect(filesContaining(suite.stateDir, TOKEN)).toEqual([]);
      const exported = expectSucceeded(await run("export"));
      expect(JSON.stringify(exported.deployment)).not.toContain(TOKEN);

      const reference = stateResources(exported).find((r) => r.type === REFERENCE_TYPE)!;
      const serialized = reference.inputs!.__provider as string;
      expect(typeof serialized).toBe("string");
      expect(serialized).not.toContain(TOKEN);
      expect(serialized).not.toMatch(/Bearer|azure-batch-lookup:token|credential/i);
      // Small: it loads the implementation at run time instead of capturing modules.
      expect(serialized.length).toBeLessThan(8_000);
      const required = [...serialized.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      expect(new Set(required)).toEqual(new Set(["azure-batch-lookup/reference-provider"]));
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "a preview right after up shows no changes",
    async () => {
      const preview = expectSucceeded(await run("preview"));
      expect(referenceStep(preview)?.op).toBe("same");
      expect(preview.changeSummary).toEqual({ same: 2 });
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "after the account changed in Azure, the next preview shows the difference",
    async () => {
      suite.emulator.patchAccount(SAMPLE, { properties: { publicNetworkAccess: "Disabled" }, tags: { costCenter: "4711" } });
      const preview = expectSucceeded(await run("preview"));
      const step = referenceStep(preview);
      expect(step?.op).toBe("update");
      expect(step?.changedKeys).toEqual(["publicNetworkAccess", "tags"]);
      expect(preview.stdout).toMatch(/BatchAccountReference\s+batch-account\s+update/);
      expect(preview.stdout).toContain("publicNetworkAccess");
      expect(preview.outputs.referencedPublicNetworkAccess).toBe("Disabled");
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "refresh re-reads the account into the state; the preview after it has nothing left to show",
    async () => {
      const refresh = expectSucceeded(await run("refresh"));
      expect(referenceStep(refresh)?.op).toBe("refresh");
      expect(refresh.changeSummary).toMatchObject({ update: 1 });
      const reference = await exportedReference();
      expect(reference?.outputs).toMatchObject({ publicNetworkAccess: "Disabled", tags: { costCenter: "4711" } });

      const preview = expectSucceeded(await run("preview"));
      expect(referenceStep(preview)?.op).toBe("same");
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "deleting the reference from the program forgets it and leaves the account in Azure",
    async () => {
      suite.emulator.clearStats();
      const up = expectSucceeded(await run("up", WITHOUT_REFERENCE));
      expect(referenceStep(up)?.op).toBe("delete");
      expect(up.changeSummary).toMatchObject({ delete: 1 });
      expect(await exportedReference()).toBeUndefined();

      expect(suite.emulator.getAccount(SAMPLE)?.id).toBe(sampleAccount(suite).id);
      const methods = new Set(suite.emulator.stats().requests.map((r) => r.method));
      expect([...methods]).toEqual(["GET"]);
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "refresh forgets a reference whose account was deleted in Azure, and a preview names the missing account",
    async () => {
      expectSucceeded(await run("up"));
      expect((await exportedReference())?.id).toBe(sampleAccount(suite).id);
      suite.emulator.deleteAccount(SAMPLE);
      try {
        const refresh = expectSucceeded(await run("refresh"));
        expect(refresh.changeSummary).toMatchObject({ delete: 1 });
        expect(await exportedReference()).toBeUndefined();

        const preview = await run("preview");
        expect(preview.ok).toBe(false);
        expect(`${preview.stdout}\n${preview.error}`).toMatch(/sampleacct/);
        expect(`${preview.stdout}\n${preview.error}`).toMatch(/ResourceNotFound|not found/i);
      } finally {
        suite.emulator.resetData();
      }
    },
    ENGINE_TIMEOUT_MS,
  );

  it(
    "pulumi policy analyze after refresh judges the refreshed account, not the inputs stored before it",
    async () => {
      expectSucceeded(await run("up"));
      const cli = await PulumiCli.create();
      try {
        /** The policy findings on the reference for the stack's current state. */
        const analyze = async () => {
          const stateFile = path.join(cli.root, `state-${crypto.randomBytes(4).toString("hex")}.json`);
          fs.writeFileSync(stateFile, JSON.stringify(expectSucceeded(await run("export")).deployment));
          const r = await cli.run(["policy", "analyze", "--policy-pack", path.join(REPO_ROOT, "policies"), "--file", stateFile, "--json"], {
            timeoutMs: 180_000,
          });
          const events = parseJsonLines(r.stdout)
            .map((line) => line.policyEvent as { resourceUrn: string; policyName: string; message: string } | undefined)
            .filter((e) => e?.resourceUrn.endsWith("::batch-account"));
          return { code: r.code, policies: new Set(events.map((e) => e!.policyName)), messages: events.map((e) => e!.message).join("\n") };
        };
        const before = await analyze();
        expect(before.policies.has("batch-provisioning-succeeded")).toBe(false);

        suite.emulator.patchAccount(SAMPLE, { properties: { provisioningState: "Failed", allowedAuthenticationModes: ["SharedKey"] } });
        // Stored inputs are still the account as it was: analyze alone cannot see the change.
        expect((await analyze()).policies).toEqual(before.policies);

        expectSucceeded(await run("refresh"));
        const reference = await exportedReference();
        expect(reference?.inputs).toMatchObject({ provisioningState: "Failed", allowedAuthenticationModes: ["SharedKey"] });
        const after = await analyze();
        expect(after.code).toBe(1);
        expect(after.policies.has("batch-provisioning-succeeded")).toBe(true);
        expect(after.policies.has("batch-local-auth-disabled")).toBe(true);
        expect(after.messages).toContain("Failed");
        expect(after.messages).toContain("SharedKey");
      } finally {
        suite.emulator.resetData();
        await cli.dispose();
      }
    },
    3 * ENGINE_TIMEOUT_MS,
  );
});
