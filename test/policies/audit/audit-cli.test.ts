// The `azure-batch-policies audit` command as a user runs it: the compiled bin in a child process,
// against the emulator over HTTPS (endpoint, token and CA through the library's environment
// settings). Reports are cross-checked against @azure/arm-batch's list of the same subscription and
// against checkBatchAccount on the library's getBatchAccount.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BatchManagementClient } from "@azure/arm-batch";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { closeClients, getBatchAccount } from "azure-batch-lookup";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONTOSO_MANAGEMENT_GROUP_ID,
  CONTOSO_SUBSCRIPTION_ID,
  EMPTY_SUBSCRIPTION_ID,
  EMULATOR_API_VERSION,
  EMULATOR_NO_ACCESS_TOKEN,
  EMULATOR_TOKEN,
  EXAMPLES_MANAGEMENT_GROUP_ID,
  EXAMPLES_SUBSCRIPTION_ID,
  FABRIKAM_SUBSCRIPTION_ID,
  type RunningEmulator,
  startEmulator,
} from "../../../emulator";
import { checkBatchAccount } from "../../../policies/check";
import { POOL_RULES, RULES, STACK_RULES } from "../../../policies/registry";
import { trustCa } from "../../emulator/helpers";
import { AUDIT_BIN, emulatorEnv, runAudit } from "../../support/audit-cli";
import { consumerEnv } from "../../support/consumer";

const TIMEOUT = 120_000;
let emulator: RunningEmulator;
let work: string;

beforeAll(async () => {
  emulator = await startEmulator();
  trustCa(emulator.caCertPem);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-audit-"));
});

afterAll(async () => {
  await closeClients();
  await emulator?.stop();
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

beforeEach(() => emulator.reset());

function writeConfig(name: string, content: unknown): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3600_000 };
  },
};

/** The subscription's account ids as the official SDK lists them (an independent client). */
async function sdkAccountIds(subscriptionId: string): Promise<string[]> {
  const sdk = new BatchManagementClient(credential, subscriptionId, {
    endpoint: emulator.url,
    apiVersion: EMULATOR_API_VERSION,
    credentialScopes: [`${emulator.url}/.default`],
  });
  const ids: string[] = [];
  for await (const a of sdk.batchAccountOperations.list()) ids.push(a.id!);
  return sortIds(ids);
}

/** The report's order: by id case-insensitively, then exactly (as listBatchAccounts sorts). */
function sortIds(ids: string[]): string[] {
  const key = (id: string) => [id.toLowerCase(), id] as const;
  return [...ids].sort((a, b) => {
    const [x, xa] = key(a);
    const [y, ya] = key(b);
    return x < y ? -1 : x > y ? 1 : xa < ya ? -1 : xa > ya ? 1 : 0;
  });
}

/** What a report says about each account: its id and every outcome (policy, level, result, message). */
function outcomes(report: any): unknown[] {
  return report.accounts.map((a: any) => [a.id, a.results.map((r: any) => [r.policy, r.level, r.result, r.message ?? ""])]);
}

describe("--format json", () => {
  it(
    "reports every account of the subscription with every account rule's outcome, as checkBatchAccount judges it",
    async () => {
      const r = await runAudit(emulator, ["audit", "--subscription", CONTOSO_SUBSCRIPTION_ID, "--format", "json"]);
      expect(r.stderr).toBe("");
      const report = JSON.parse(r.stdout);
      expect(report.formatVersion).toBe(2);
      expect(report.estate).toBe("full");
      expect(report.tool.name).toBe("azure-batch-policies");
      expect(report.scope).toEqual({ kind: "subscription", subscriptionId: CONTOSO_SUBSCRIPTION_ID });
      expect(report.source).toBe("arm");
      expect(report.endpoint).toBe(emulator.url);
      expect(report.accounts.map((a: any) => a.id)).toEqual(await sdkAccountIds(CONTOSO_SUBSCRIPTION_ID));
      expect(report.rules.map((x: any) => x.policy)).toEqual([...RULES, ...POOL_RULES, ...STACK_RULES].map((x) => x.name));
      // Nothing is left unjudged: pools, diagnostic settings and DNS zone groups are read.
      expect(report.notJudged).toEqual([]);
      const accountRuleNames = new Set(RULES.map((x) => x.name));

      for (const account of report.accounts) {
        const model = await getBatchAccount(
          { subscriptionId: account.subscriptionId, resourceGroupName: account.resourceGroupName, accountName: account.name },
          { endpoint: emulator.url, credential },
        );
        expect(account.location).toBe(model.location);
        const check = checkBatchAccount(model, {}, { existing: true });
        const accountResults = account.results.filter((x: any) => accountRuleNames.has(x.policy));
        const violated = accountResults.filter((x: any) => x.result === "violated");
        expect(violated.map((v: any) => [v.policy, v.level, v.property, v.message])).toEqual(
          check.violations.map((v) => [v.policyName, v.enforcementLevel, v.property, v.message]),
        );
        expect(accountResults.filter((x: any) => x.result === "passed").map((x: any) => x.policy)).toEqual(check.passed);
        expect(accountResults.filter((x: any) => x.result === "not-applicable").map((x: any) => x.policy)).toEqual(
          check.notApplicable.map((n) => n.policyName),
        );
      }

      // contosodevnew is still Creating: an existing-only mandatory rule fails on it.
      const devnew = report.accounts.find((a: any) => a.name === "contosodevnew");
      expect(devnew.results).toContainEqual(
        expect.objectContaining({
          policy: "batch-provisioning-succeeded",
          level: "mandatory",
          result: "violated",
          property: "provisioningState",
        }),
      );
      const mandatory = report.accounts
        .flatMap((a: any) => [
          ...a.results,
          ...a.pools.flatMap((p: any) => p.results),
          ...a.privateEndpoints.flatMap((e: any) => e.results),
        ])
        .filter((x: any) => x.result === "violated" && x.level === "mandatory");
      expect(report.summary).toMatchObject({ accounts: 6, failOn: "mandatory", exitCode: 1 });
      expect(report.summary.violations.mandatory).toBe(mandatory.length);
      expect(r.status).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "lists one resource group with --resource-group, and a subscription without accounts as an empty, passing report",
    async () => {
      const rg = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-g", "rg-batch-prod-westeurope", "-f", "json"]);
      const report = JSON.parse(rg.stdout);
      expect(report.scope).toEqual({
        kind: "subscription",
        subscriptionId: CONTOSO_SUBSCRIPTION_ID,
        resourceGroupName: "rg-batch-prod-westeurope",
      });
      expect(report.accounts.map((a: any) => a.name)).toEqual(["contosonetrules", "contosoprodweu"]);

      const empty = await runAudit(emulator, ["audit", "-s", EMPTY_SUBSCRIPTION_ID, "-f", "json"]);
      expect(empty.status).toBe(0);
      expect(JSON.parse(empty.stdout).summary).toMatchObject({ accounts: 0, failingAccounts: 0, exitCode: 0 });
    },
    TIMEOUT,
  );

  it(
    "audits the subscription of ARM_SUBSCRIPTION_ID when no --subscription is given",
    async () => {
      const r = await runAudit(emulator, ["audit", "--format", "json"], { env: { ARM_SUBSCRIPTION_ID: FABRIKAM_SUBSCRIPTION_ID } });
      const report = JSON.parse(r.stdout);
      expect(report.accounts.map((a: any) => a.subscriptionId)).toEqual(Array(3).fill(FABRIKAM_SUBSCRIPTION_ID));
      expect(report.accounts.map((a: any) => a.id)).toEqual(await sdkAccountIds(FABRIKAM_SUBSCRIPTION_ID));
    },
    TIMEOUT,
  );
});

describe("scopes beyond one subscription", () => {
  it(
    "--tenant audits every account of every readable subscription, through Resource Graph and through ARM alike",
    async () => {
      const graph = await runAudit(emulator, ["audit", "--tenant", "-f", "json"]);
      const arm = await runAudit(emulator, ["audit", "--tenant", "--source", "arm", "-f", "json"]);
      const g = JSON.parse(graph.stdout);
      const a = JSON.parse(arm.stdout);
      expect(g.scope).toEqual({ kind: "tenant" });
      expect(g.source).toBe("resourceGraph");
      expect(a.source).toBe("arm");
      const all = sortIds(emulator.listAccounts().map((x) => x.id!));
      expect(all).toHaveLength(16);
      expect(g.accounts.map((x: any) => x.id)).toEqual(all);
      // Same data, same verdicts, whichever source listed it.
      expect(outcomes(g)).toEqual(outcomes(a));
      expect(g.summary).toEqual(a.summary);
      expect(graph.status).toBe(1);
      expect(emulator.stats().byRoute).toMatchObject({ resourceGraph: expect.any(Number) });
    },
    TIMEOUT,
  );

  it(
    "--management-group audits the subscriptions under the group; several --subscription audit those subscriptions",
    async () => {
      const mg = JSON.parse((await runAudit(emulator, ["audit", "-m", EXAMPLES_MANAGEMENT_GROUP_ID, "-f", "json"])).stdout);
      expect(mg.scope).toEqual({ kind: "managementGroups", managementGroupIds: [EXAMPLES_MANAGEMENT_GROUP_ID] });
      expect(mg.accounts.map((x: any) => x.id)).toEqual(
        sortIds([...(await sdkAccountIds(EXAMPLES_SUBSCRIPTION_ID)), ...(await sdkAccountIds("5ab1d000-0000-4000-8000-000000000000"))]),
      );

      const two = ["-s", CONTOSO_SUBSCRIPTION_ID, "-s", FABRIKAM_SUBSCRIPTION_ID];
      const subs = JSON.parse((await runAudit(emulator, ["audit", ...two, "-f", "json"])).stdout);
      const subsArm = JSON.parse((await runAudit(emulator, ["audit", ...two, "--source", "arm", "-f", "json"])).stdout);
      expect(subs.scope).toEqual({ kind: "subscriptions", subscriptionIds: [CONTOSO_SUBSCRIPTION_ID, FABRIKAM_SUBSCRIPTION_ID] });
      expect(subs.source).toBe("resourceGraph");
      const expected = sortIds([...(await sdkAccountIds(CONTOSO_SUBSCRIPTION_ID)), ...(await sdkAccountIds(FABRIKAM_SUBSCRIPTION_ID))]);
      expect(subs.accounts.map((x: any) => x.id)).toEqual(expected);
      expect(outcomes(subs)).toEqual(outcomes(subsArm));

      const contosoGroup = await runAudit(emulator, ["audit", "-m", CONTOSO_MANAGEMENT_GROUP_ID, "--progress"]);
      expect(contosoGroup.stdout).toMatch(
        /^6 accounts \(3 pools, 2 private endpoints\) in management group contoso judged by \d+ rules: /m,
      );
      expect(contosoGroup.stderr).toContain("listing Batch accounts in management group contoso...");
    },
    TIMEOUT,
  );

  it(
    "--source resourceGraph with one --subscription reads Resource Graph for it",
    async () => {
      emulator.clearStats();
      const r = JSON.parse(
        (await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--source", "resourceGraph", "-f", "json"])).stdout,
      );
      expect(r.scope).toEqual({ kind: "subscriptions", subscriptionIds: [CONTOSO_SUBSCRIPTION_ID] });
      expect(r.source).toBe("resourceGraph");
      expect(r.accounts.map((x: any) => x.id)).toEqual(await sdkAccountIds(CONTOSO_SUBSCRIPTION_ID));
      expect(emulator.stats().byRoute).toMatchObject({ resourceGraph: 1 });
    },
    TIMEOUT,
  );
});

describe("the table", () => {
  it(
    "has a row per violation (account, subscription, resource group, location, policy, level, result, message) and a summary line",
    async () => {
      const r = await runAudit(emulator, ["audit", "--subscription", CONTOSO_SUBSCRIPTION_ID]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("");
      const lines = r.stdout.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^ACCOUNT +RESOURCE +SUBSCRIPTION +RESOURCE GROUP +LOCATION +POLICY +LEVEL +RESULT +MESSAGE$/);
      const row = lines.find((l) => l.startsWith("contosodevnew") && l.includes("batch-provisioning-succeeded"));
      expect(row).toMatch(
        new RegExp(
          `^contosodevnew +account +${CONTOSO_SUBSCRIPTION_ID} +rg-batch-dev-australiaeast +australiaeast +batch-provisioning-succeeded +mandatory +FAIL +provisioningState is "Creating" \\(allowed: \\["Succeeded"\\]\\)\\.$`,
        ),
      );
      const json = JSON.parse((await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "json"])).stdout);
      const violations = json.accounts
        .flatMap((a: any) => [
          ...a.results,
          ...a.pools.flatMap((p: any) => p.results),
          ...a.privateEndpoints.flatMap((e: any) => e.results),
        ])
        .filter((x: any) => x.result === "violated");
      // Grouped by account, then pool: contosoprodweu's pool rows follow its account rows.
      const legacy = lines.findIndex((l) => / pool render-legacy /.test(l));
      expect(legacy).toBeGreaterThan(0);
      expect(lines[legacy]!.startsWith("contosoprodweu ")).toBe(true);
      // header, one row per violation, a blank line, the summary
      expect(lines).toHaveLength(1 + violations.length + 2);
      expect(lines.at(-1)).toBe(
        `6 accounts (3 pools, 2 private endpoints) in subscription ${CONTOSO_SUBSCRIPTION_ID} judged by ${RULES.length + POOL_RULES.length + STACK_RULES.length} rules: violations ${json.summary.violations.mandatory} mandatory, ${json.summary.violations.advisory} advisory; ${json.summary.passed} passed, ${json.summary.notApplicable} not applicable; ${json.summary.failingAccounts} accounts fail (--fail-on mandatory).`,
      );
    },
    TIMEOUT,
  );

  it(
    "lists passed and not-applicable rules too with --show-passed",
    async () => {
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-g", "rg-batch-prod-westeurope", "--show-passed"]);
      const rows = r.stdout.split("\n").filter((l) => l.startsWith("contosoprodweu") && / account /.test(l));
      // The account rules and the two estate rules judged on the account.
      expect(rows).toHaveLength(RULES.length + 2);
      const poolRows = r.stdout.split("\n").filter((l) => / pool render-secure /.test(l));
      expect(poolRows).toHaveLength(POOL_RULES.length);
      expect(rows.some((l) => / batch-local-auth-disabled +mandatory +pass$/.test(l))).toBe(true);
      expect(rows.some((l) => / n\/a /.test(l))).toBe(true);
    },
    TIMEOUT,
  );
});

describe("exit codes and --fail-on", () => {
  it(
    "exits 0 when no mandatory rule fails, and 1 under --fail-on advisory when an advisory rule fails",
    async () => {
      const advisoryOnly = writeConfig("advisory.json", { all: "advisory" });
      const passing = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--config", advisoryOnly]);
      expect(passing.status).toBe(0);
      expect(passing.stdout).toMatch(/ 0 mandatory, \d+ advisory; .*no account fails \(--fail-on mandatory\)\.$/m);

      const strict = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--config", advisoryOnly, "--fail-on", "advisory"]);
      expect(strict.status).toBe(1);
      // Every account fails an advisory rule (contosoprodweu, which passes every account rule, through its legacy pool).
      expect(strict.stdout).toMatch(/6 accounts fail \(--fail-on advisory\)\.$/m);

      const never = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--fail-on", "none"]);
      expect(never.status).toBe(0);
      expect(never.stdout).toMatch(/--fail-on none: the audit does not fail\.$/m);
    },
    TIMEOUT,
  );

  it(
    "applies the configuration's levels and options, and leaves disabled rules out",
    async () => {
      const config = writeConfig("locations.json", {
        all: "disabled",
        "batch-allowed-locations": { enforcementLevel: "mandatory", allowedLocations: ["westeurope"] },
      });
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-c", config, "-f", "json"]);
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.rules).toEqual([expect.objectContaining({ policy: "batch-allowed-locations", level: "mandatory" })]);
      expect(report.notJudged).toContainEqual({ policy: "batch-local-auth-disabled", reason: "disabled by the configuration" });
      const failing = report.accounts.filter((a: any) => a.results.some((x: any) => x.result === "violated")).map((a: any) => a.location);
      expect(failing.sort()).toEqual(["australiaeast", "australiaeast", "eastus", "eastus"]);
      expect(report.summary.failingAccounts).toBe(4);
    },
    TIMEOUT,
  );

  it(
    "exits 3 naming the ARM error when the accounts cannot be listed, and prints no report",
    async () => {
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID], {
        env: { AZURE_BATCH_LOOKUP_TOKEN: EMULATOR_NO_ACCESS_TOKEN },
      });
      expect(r.status).toBe(3);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(
        `azure-batch-policies audit: could not list the Batch accounts in subscription ${CONTOSO_SUBSCRIPTION_ID}:`,
      );
      expect(r.stderr).toMatch(/AuthorizationFailed, HTTP 403/);
    },
    TIMEOUT,
  );
});

describe("--output and progress", () => {
  it(
    "writes the report to --output and nothing to stdout; no progress when stderr is not a terminal",
    async () => {
      const file = path.join(work, "report.json");
      const r = await runAudit(emulator, ["audit", "-s", EXAMPLES_SUBSCRIPTION_ID, "-f", "json", "-o", file]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe("");
      expect(JSON.parse(fs.readFileSync(file, "utf8")).summary.accounts).toBe(2);
    },
    TIMEOUT,
  );

  it(
    "prints progress on stderr with --progress (the report stays on stdout alone)",
    async () => {
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "json", "--progress"]);
      expect(JSON.parse(r.stdout).summary.accounts).toBe(6);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines[0]).toBe(`azure-batch-policies audit: listing Batch accounts in subscription ${CONTOSO_SUBSCRIPTION_ID}...`);
      expect(lines[1]).toMatch(/^azure-batch-policies audit: listed 6 accounts in \d+\.\d s$/);
      expect(lines.at(-1)).toBe("azure-batch-policies audit: judged 6/6 accounts");
      const quiet = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--no-progress"]);
      expect(quiet.stderr).toBe("");
    },
    TIMEOUT,
  );
});

describe("a reader that stops early (| head)", () => {
  it(
    "ends quietly with the audit's exit code",
    async () => {
      const child = spawn(process.execPath, [AUDIT_BIN, "audit", "--tenant", "--format", "sarif"], {
        env: consumerEnv(emulatorEnv(emulator)),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      // The reader goes away before the report is written.
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).toBe("");
      expect(code).toBe(1);
    },
    TIMEOUT,
  );
});
