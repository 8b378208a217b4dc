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
      expect(report.formatVersion).toBe(3);
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
      expect(contosoGroup.stdout).toMatch(/^Summary: 6 accounts \(3 pools, 2 private endpoints\) in management group contoso, \d+ rules$/m);
      expect(contosoGroup.stderr).toContain("listing Batch accounts in management group contoso (");
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

describe("the table, piped", () => {
  it(
    "has one line per finding (account, resource, subscription, resource group, location, severity, policy, result, message) and a summary by outcome, severity and rule",
    async () => {
      const r = await runAudit(emulator, ["audit", "--subscription", CONTOSO_SUBSCRIPTION_ID]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("");
      // Piped: no colour, whatever the terminal.
      expect(r.stdout).not.toContain("\x1b[");
      const lines = r.stdout.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^ACCOUNT +RESOURCE +SUBSCRIPTION +RESOURCE GROUP +LOCATION +SEVERITY +POLICY +RESULT +MESSAGE$/);
      const row = lines.find((l) => l.startsWith("contosodevnew") && l.includes("batch-provisioning-succeeded"));
      expect(row).toMatch(
        new RegExp(
          `^contosodevnew +account +${CONTOSO_SUBSCRIPTION_ID} +rg-batch-dev-australiaeast +australiaeast +high +batch-provisioning-succeeded +FAIL +provisioningState is "Creating" \\(allowed: \\["Succeeded"\\]\\)\\.$`,
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
      // A mandatory failure and an advisory warning have words of their own.
      const findings = lines.slice(1, 1 + violations.length);
      expect(findings.filter((l) => / FAIL /.test(l))).toHaveLength(json.summary.violations.mandatory);
      expect(findings.filter((l) => / WARN /.test(l))).toHaveLength(json.summary.violations.advisory);
      // Grouped by account, then pool: contosoprodweu's pool rows follow its account rows.
      const legacy = lines.findIndex((l) => / pool render-legacy /.test(l));
      expect(legacy).toBeGreaterThan(0);
      expect(lines[legacy]!.startsWith("contosoprodweu ")).toBe(true);
      // header, one line per violation, a blank line, then the summary
      expect(lines[violations.length + 1]).toBe("");
      const summary = lines.slice(violations.length + 2);
      expect(summary[0]).toBe(
        `Summary: 6 accounts (3 pools, 2 private endpoints) in subscription ${CONTOSO_SUBSCRIPTION_ID}, ${RULES.length + POOL_RULES.length + STACK_RULES.length} rules`,
      );
      expect(summary[1]).toBe(
        `  ${json.summary.violations.mandatory} FAIL (mandatory), ${json.summary.violations.advisory} WARN (advisory), 0 EXEMPT, 0 NOT JUDGED; ${json.summary.passed} passed, ${json.summary.notApplicable} not applicable`,
      );
      const bySeverity = json.summary.bySeverity;
      expect(summary[2]).toBe(
        `  by severity: critical ${bySeverity.critical}, high ${bySeverity.high}, medium ${bySeverity.medium}, low ${bySeverity.low}`,
      );
      expect(bySeverity.critical + bySeverity.high + bySeverity.medium + bySeverity.low).toBe(violations.length);
      expect(summary[3]).toBe("  by rule:");
      const ruleLines = summary.slice(4, 4 + json.summary.byRule.length);
      for (const [i, rule] of json.summary.byRule.entries()) {
        const count = violations.filter((v: any) => v.policy === rule.policy).length;
        expect(rule.violations).toBe(count);
        expect(ruleLines[i]).toMatch(
          new RegExp(`^    ${rule.policy} +${rule.severity} +${count} ${rule.level === "advisory" ? "WARN" : "FAIL"}$`),
        );
      }
      expect(summary.at(-1)).toBe(`${json.summary.failingAccounts} of 6 accounts fail (--fail-on mandatory): exit code 1.`);
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
      expect(rows.some((l) => / high +batch-local-auth-disabled +pass$/.test(l))).toBe(true);
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
      expect(passing.stdout).toMatch(/^ {2}0 FAIL \(mandatory\), \d+ WARN \(advisory\)/m);
      expect(passing.stdout).toMatch(/^No account fails \(--fail-on mandatory\): exit code 0\.$/m);

      const strict = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--config", advisoryOnly, "--fail-on", "advisory"]);
      expect(strict.status).toBe(1);
      // Every account fails an advisory rule (contosoprodweu, which passes every account rule, through its legacy pool).
      expect(strict.stdout).toMatch(/^6 of 6 accounts fail \(--fail-on advisory\): exit code 1\.$/m);

      const never = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--fail-on", "none"]);
      expect(never.status).toBe(0);
      expect(never.stdout).toMatch(/^--fail-on none: the audit does not fail \(exit code 0\)\.$/m);

      // By severity: every violation of that severity or higher fails, whatever its level.
      const json = JSON.parse(
        (await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-c", advisoryOnly, "-f", "json"])).stdout,
      );
      const subjects = (a: any) => [a, ...(a.pools ?? []), ...(a.privateEndpoints ?? [])];
      const failingAt = (severities: string[]) =>
        json.accounts.filter((a: any) =>
          subjects(a).some((x: any) => x.results.some((res: any) => res.result === "violated" && severities.includes(res.severity))),
        ).length;
      expect(failingAt(["critical"])).toBe(0);
      expect(failingAt(["critical", "high"])).toBeGreaterThan(0);
      const high = await runAudit(emulator, [
        "audit",
        "-s",
        CONTOSO_SUBSCRIPTION_ID,
        "-c",
        advisoryOnly,
        "--fail-on",
        "high",
        "-f",
        "json",
      ]);
      expect(high.status).toBe(1);
      expect(JSON.parse(high.stdout).summary).toMatchObject({
        failOn: "high",
        failingAccounts: failingAt(["critical", "high"]),
        exitCode: 1,
      });
      const critical = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--fail-on", "critical"]);
      expect(critical.status).toBe(0);
      expect(critical.stdout).toMatch(
        /^No account fails \(--fail-on critical: a violation of severity critical or higher\): exit code 0\.$/m,
      );
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
        `azure-batch-policies audit: the credential may not list the Batch accounts in subscription ${CONTOSO_SUBSCRIPTION_ID} (AuthorizationFailed, HTTP 403, request id `,
      );
      expect(r.stderr).toContain("assign it Reader (Microsoft.Batch/batchAccounts/read) on the scope");
      // The subscription is named once.
      expect(r.stderr.split(CONTOSO_SUBSCRIPTION_ID)).toHaveLength(2);
    },
    TIMEOUT,
  );
});

describe("--output and progress", () => {
  it(
    "writes the report to --output, nothing to stdout, and the summary to stderr (none with -q); no progress when stderr is not a terminal",
    async () => {
      const file = path.join(work, "report.json");
      const r = await runAudit(emulator, ["audit", "-s", EXAMPLES_SUBSCRIPTION_ID, "-f", "json", "-o", file]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      const report = JSON.parse(fs.readFileSync(file, "utf8"));
      expect(report.summary.accounts).toBe(2);
      const stderr = r.stderr.trimEnd().split("\n");
      expect(stderr[0]).toBe(`Summary: 2 accounts (0 pools, 0 private endpoints) in subscription ${EXAMPLES_SUBSCRIPTION_ID}, 19 rules`);
      expect(stderr).toContain(`${report.summary.failingAccounts} of 2 accounts fail (--fail-on mandatory): exit code 1.`);
      expect(stderr.at(-1)).toBe(`azure-batch-policies audit: wrote ${file}`);
      expect(r.stderr).not.toContain("\x1b[");

      const quiet = await runAudit(emulator, ["audit", "-s", EXAMPLES_SUBSCRIPTION_ID, "-f", "json", "-o", file, "-q"]);
      expect(quiet.status).toBe(1);
      expect(quiet.stdout).toBe("");
      expect(quiet.stderr).toBe("");
    },
    TIMEOUT,
  );

  it(
    "writes several reports in one run: the table on stdout, --output-json and --output-sarif files with the same findings",
    async () => {
      const json = path.join(work, "several.json");
      const sarif = path.join(work, "several.sarif");
      emulator.clearStats();
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--output-json", json, "--output-sarif", sarif]);
      expect(r.status).toBe(1);
      // The estate was read once for the three reports.
      const once = emulator.stats().byRoute;
      emulator.clearStats();
      await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "json"]);
      expect(once).toEqual(emulator.stats().byRoute);
      expect(r.stdout).toMatch(/^ACCOUNT +RESOURCE/);
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        `azure-batch-policies audit: wrote ${json}`,
        `azure-batch-policies audit: wrote ${sarif}`,
      ]);
      const report = JSON.parse(fs.readFileSync(json, "utf8"));
      const log = JSON.parse(fs.readFileSync(sarif, "utf8"));
      const violated = report.accounts.flatMap((a: any) =>
        [a, ...a.pools, ...a.privateEndpoints].flatMap((x: any) => x.results.filter((res: any) => res.result === "violated")),
      );
      const notJudged = report.accounts.flatMap((a: any) =>
        [a, ...a.pools, ...a.privateEndpoints].flatMap((x: any) => x.results.filter((res: any) => res.result === "not-judged")),
      );
      expect(log.runs[0].results).toHaveLength(violated.length + notJudged.length);
      const rows = r.stdout.slice(0, r.stdout.indexOf("\n\n")).split("\n").slice(1);
      expect(rows.filter((l) => / (FAIL|WARN) /.test(l))).toHaveLength(violated.length);

      const same = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-o", json, "--output-json", json]);
      expect(same.status).toBe(2);
      expect(same.stderr).toContain("is given to two of --output, --output-json and --output-sarif");
    },
    TIMEOUT,
  );

  it(
    "prints progress on stderr with --progress, a line at most every few seconds when not a terminal (the report stays on stdout alone)",
    async () => {
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "json", "--progress"]);
      expect(JSON.parse(r.stdout).summary.accounts).toBe(6);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines[0]).toMatch(
        new RegExp(`^azure-batch-policies audit: listing Batch accounts in subscription ${CONTOSO_SUBSCRIPTION_ID} \\(\\d+\\.\\d s\\)$`),
      );
      // A quick audit: the first line and the last state.
      expect(lines).toHaveLength(2);
      expect(lines.at(-1)).toMatch(/^azure-batch-policies audit: judged 6\/6 accounts \(\d+\.\d s\)$/);
      const quiet = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--no-progress"]);
      expect(quiet.stderr).toBe("");
    },
    TIMEOUT,
  );

  it(
    "shows the retries of an unreachable endpoint in its progress, and names --endpoint when it gives up",
    async () => {
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--progress", "--endpoint", "https://127.0.0.1:1"]);
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/^azure-batch-policies audit: listing Batch accounts in subscription .* \(\d+\.\d s\); \d+ retr(y|ies)/m);
      expect(r.stderr).toContain("(ConnectionFailed): the connection failed (ECONNREFUSED");
      // The subscription once per line.
      for (const line of r.stderr.trimEnd().split("\n")) expect(line.split(CONTOSO_SUBSCRIPTION_ID).length).toBeLessThanOrEqual(2);
      expect(r.stderr).toContain(
        "azure-batch-policies audit: could not reach https://127.0.0.1:1 to list the Batch accounts in subscription",
      );
      expect(r.stderr).toContain("Check --endpoint (or ARM_RESOURCE_MANAGER_ENDPOINT)");
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
