// `azure-batch-policies audit --format sarif`: the compiled bin against the emulator; the log is
// validated against the SARIF 2.1.0 JSON schema (vendored in test/support/sarif, with its origin)
// and GitHub code scanning's ingestion rules and limits (test/support/sarif/validate.ts, which
// runAudit applies to every SARIF log the tests produce), and matched, result for result, against
// the JSON report of the same run.

import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../../emulator";
import { FINGERPRINT_KEY, SARIF_MAX_RESULTS, sarifWriter } from "../../../policies/audit/format-sarif";
import type { AuditedAccount } from "../../../policies/audit/judge";
import { reportHeader, SummaryCounter } from "../../../policies/audit/report";
import { resourcePath } from "../../../policies/audit/resource-path";
import { ALL_POLICIES as RULES } from "../../../policies/registry";
import { runAudit } from "../../support/audit-cli";
import { GITHUB_LIMITS, githubSarifProblems, sarifSchemaValidator } from "../../support/sarif/validate";

const TIMEOUT = 120_000;

let emulator: RunningEmulator;
let sarif: any;
let report: any;
let exitCode: number | null;

const validator = sarifSchemaValidator;

beforeAll(async () => {
  emulator = await startEmulator();
  const config = path.join(emulator.caCertPath!, "..", "audit-config.json");
  // One rule disabled, one raised: the driver's default levels follow the configuration.
  fs.writeFileSync(config, JSON.stringify({ "batch-managed-identity": "disabled", "batch-customer-managed-key": "mandatory" }));
  const s = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--format", "sarif", "--config", config]);
  const j = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--format", "json", "--config", config]);
  exitCode = s.status;
  sarif = JSON.parse(s.stdout);
  report = JSON.parse(j.stdout);
}, TIMEOUT);

afterAll(async () => {
  await emulator?.stop();
});

describe("the SARIF log", () => {
  it("is valid SARIF 2.1.0 (the schema, with formats)", () => {
    const validate = validator();
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
    expect(exitCode).toBe(1);
  });

  it("is what GitHub code scanning ingests: a physical location on every result, repository-relative URIs, no originalUriBaseIds, within the limits", () => {
    expect(githubSarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].originalUriBaseIds).toBeUndefined();
  });

  it("GitHub's rules would catch what GitHub refuses (a result with only a logical location, an absolute URI, a base id, too many results)", () => {
    const logicalOnly = structuredClone(sarif);
    delete logicalOnly.runs[0].results[0].locations[0].physicalLocation;
    expect(githubSarifProblems(logicalOnly)).toEqual(["runs[0].results[0].locations[0] has no physicalLocation.artifactLocation.uri"]);
    const absolute = structuredClone(sarif);
    absolute.runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri = "file:///subscriptions/x";
    absolute.runs[0].originalUriBaseIds = { ROOT: { uri: "file:///" } };
    expect(githubSarifProblems(absolute)).toEqual([
      "runs[0].originalUriBaseIds is set",
      'runs[0].results[1].locations[0] uri "file:///subscriptions/x" is not a repository-relative URI reference',
    ]);
    const many = structuredClone(sarif);
    many.runs[0].results = Array(GITHUB_LIMITS.resultsPerRun + 1).fill(sarif.runs[0].results[0]);
    expect(githubSarifProblems(many)).toContain(`runs[0]: 25001 results > ${GITHUB_LIMITS.resultsPerRun}`);
  });

  it("the validation would catch a broken log (the schema is really applied)", () => {
    const validate = validator();
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = "fatal";
    delete broken.runs[0].tool.driver.name;
    expect(validate(broken)).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(["/runs/0/results/0/level", "/runs/0/tool/driver"]),
    );
  });

  it("describes every rule in tool.driver: id, short description, help from the anchors, level from the configuration", () => {
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe("azure-batch-policies");
    expect(driver.version).toBe(report.tool.version);
    expect(driver.rules.map((r: any) => r.id)).toEqual(RULES.map((r) => r.name));
    for (const [i, rule] of RULES.entries()) {
      const d = driver.rules[i];
      expect(d.shortDescription.text).toBe(rule.description);
      expect(d.help.text).toContain(rule.remediationSteps);
      for (const anchor of rule.anchors) expect(d.help.text).toContain(anchor.id);
      expect(d.helpUri).toBe(rule.anchors.find((a) => a.url !== undefined)?.url);
      expect(d.properties.tags).toContain(rule.concern);
    }
    const byId = (id: string) => driver.rules.find((r: any) => r.id === id);
    expect(byId("batch-managed-identity").defaultConfiguration).toEqual({ enabled: false });
    expect(byId("batch-customer-managed-key").defaultConfiguration).toEqual({ level: "error" });
    expect(byId("batch-local-auth-disabled").defaultConfiguration).toEqual({ level: "error" });
    expect(byId("batch-public-network-access-disabled").defaultConfiguration).toEqual({ level: "warning" });
  });

  it("has one result per violation of the JSON report: ruleId, level, message, the account's, pool's or endpoint's ARM id as logical location", () => {
    const expected = report.accounts.flatMap((a: any) =>
      [a, ...(a.pools ?? []), ...(a.privateEndpoints ?? [])].flatMap((subject: any) =>
        subject.results
          .filter((r: any) => r.result === "violated")
          .map((r: any) => ({
            ruleId: r.policy,
            level: r.level === "advisory" ? "warning" : "error",
            message: r.message,
            id: subject.id,
            name: subject.name,
          })),
      ),
    );
    expect(expected.some((r: any) => /\/pools\//.test(r.id))).toBe(true);
    expect(expected.length).toBeGreaterThan(0);
    const results = sarif.runs[0].results;
    expect(
      results.map((r: any) => ({
        ruleId: r.ruleId,
        level: r.level,
        message: r.message.text,
        id: r.locations[0].logicalLocations[0].fullyQualifiedName,
        name: r.locations[0].logicalLocations[0].name,
      })),
    ).toEqual(expected);
    for (const r of results) {
      expect(sarif.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.locations[0].logicalLocations[0].kind).toBe("resource");
      // The physical location is the ARM id as a repository-relative path, case-folded.
      const id = r.locations[0].logicalLocations[0].fullyQualifiedName;
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe(`azure${id.toLowerCase()}`);
    }
    expect(results.some((r: any) => r.ruleId === "batch-managed-identity")).toBe(false);
    expect(results.filter((r: any) => r.ruleId === "batch-customer-managed-key").every((r: any) => r.level === "error")).toBe(true);
    // Stable fingerprints, distinct per rule, account and property.
    const prints = results.map((r: any) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(prints).size).toBe(prints.length);
    expect(new Set(results.map((r: any) => r.partialFingerprints.primaryLocationLineHash)).size).toBe(prints.length);
    expect(sarif.runs[0].invocations).toEqual([{ executionSuccessful: true, exitCode: 1 }]);
  });
});

describe("stability across runs", () => {
  it(
    "gives the same locations and fingerprints in another run, through ARM or Resource Graph",
    async () => {
      const key = (log: any) =>
        log.runs[0].results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.partialFingerprints]);
      const again = JSON.parse(
        (await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "sarif", "--source", "resourceGraph"])).stdout,
      );
      const first = JSON.parse((await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "sarif"])).stdout);
      expect(key(again)).toEqual(key(first));
    },
    TIMEOUT,
  );
});

describe("exemptions in SARIF", () => {
  it(
    "an exempted violation stays a result, with an accepted external suppression carrying the reason",
    async () => {
      const file = path.join(emulator.caCertPath!, "..", "exemptions.json");
      fs.writeFileSync(
        file,
        JSON.stringify({
          exemptions: [
            {
              rule: "batch-customer-managed-key",
              resource: "/subscriptions/*/resourceGroups/*/providers/Microsoft.Batch/batchAccounts/*",
              reason: "platform keys accepted (SEC-42)",
              expires: "2999-12-31",
            },
          ],
        }),
      );
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "sarif", "-e", file]);
      const log = JSON.parse(r.stdout);
      const cmk = log.runs[0].results.filter((x: any) => x.ruleId === "batch-customer-managed-key");
      expect(cmk.length).toBeGreaterThan(0);
      for (const x of cmk)
        expect(x.suppressions).toEqual([
          { kind: "external", status: "accepted", justification: "platform keys accepted (SEC-42)", properties: { expires: "2999-12-31" } },
        ]);
      expect(log.runs[0].results.filter((x: any) => x.suppressions !== undefined)).toHaveLength(cmk.length);
    },
    TIMEOUT,
  );
});

describe("past GitHub's 25,000 results a run", () => {
  const header = reportHeader({
    tool: { name: "azure-batch-policies", version: "0.0.0" },
    scope: { kind: "tenant" },
    source: "resourceGraph",
    endpoint: "https://management.azure.com",
    estate: "full",
    rules: RULES.map((definition) => ({ definition, level: "advisory" as const })),
    notJudged: [],
  });

  function account(i: number): AuditedAccount {
    const id = `/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/resourceGroups/rg-${i % 7}/providers/Microsoft.Batch/batchAccounts/acct${i}`;
    const violation = (policy: string) => ({
      policy,
      level: "advisory" as const,
      severity: "medium" as const,
      result: "violated" as const,
      property: "p",
      message: `Batch account "acct${i}": ${policy} is violated.`,
    });
    return {
      id,
      name: `acct${i}`,
      subscriptionId: CONTOSO_SUBSCRIPTION_ID,
      resourceGroupName: `rg-${i % 7}`,
      location: "westeurope",
      results: [violation("batch-local-auth-disabled"), violation("batch-managed-identity"), violation("batch-customer-managed-key")],
    };
  }

  it("keeps the run within the limit: each rule's further results become one result with their count, and the writer says so", () => {
    const writer = sarifWriter(header);
    const counter = new SummaryCounter("mandatory", header);
    let text = writer.start();
    const accounts = 10_000; // 30,000 violations
    for (let i = 0; i < accounts; i++) {
      const a = account(i);
      counter.add(a);
      text += writer.account(a);
    }
    text += writer.end(counter.summary());
    const log = JSON.parse(text);
    const results = log.runs[0].results;
    expect(results.length).toBeLessThanOrEqual(SARIF_MAX_RESULTS);
    expect(githubSarifProblems(log, text)).toEqual([]);
    const overflow = results.filter((r: any) => r.properties.overflow !== undefined);
    expect(overflow.map((r: any) => r.ruleId).sort()).toEqual([
      "batch-customer-managed-key",
      "batch-local-auth-disabled",
      "batch-managed-identity",
    ]);
    const listed = results.length - overflow.length;
    const notListed = overflow.reduce((n: number, r: any) => n + r.properties.overflow, 0);
    expect(listed + notListed).toBe(3 * accounts);
    expect(log.runs[0].properties.resultsNotListed).toBe(notListed);
    expect(overflow[0].message.text).toMatch(
      /^\d+ more results of batch-\S+ in every subscription of the tenant .* not listed here: GitHub code scanning takes at most 25000 results per run\. The JSON report \(--output-json\) lists them all/,
    );
    expect(writer.notice?.()).toBe(
      `the SARIF log lists ${listed} results and one per rule for the ${notListed} past GitHub code scanning's limit of 25000 results per run; the JSON report has them all`,
    );
    // A log at the limit is far below GitHub's 10 MB (gzip) file limit.
    expect(Buffer.byteLength(text)).toBeGreaterThan(0);
  });

  it("writes nothing of the kind below the limit", () => {
    const writer = sarifWriter(header);
    const counter = new SummaryCounter("mandatory", header);
    let text = writer.start();
    for (let i = 0; i < 10; i++) {
      const a = account(i);
      counter.add(a);
      text += writer.account(a);
    }
    text += writer.end(counter.summary());
    expect(JSON.parse(text).runs[0].results).toHaveLength(30);
    expect(writer.notice?.()).toBeUndefined();
    expect(resourcePath(account(1).id)).toBe(
      `azure/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/resourcegroups/rg-1/providers/microsoft.batch/batchaccounts/acct1`,
    );
  });
});
