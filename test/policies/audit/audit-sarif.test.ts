// `azure-batch-policies audit --format sarif`: the compiled bin against the emulator; the log is
// validated against the SARIF 2.1.0 JSON schema (vendored in test/support/sarif, with its origin)
// and matched, result for result, against the JSON report of the same run.

import * as fs from "node:fs";
import * as path from "node:path";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../../emulator";
import { ALL_POLICIES as RULES } from "../../../policies/registry";
import { runAudit } from "../../support/audit-cli";

const TIMEOUT = 120_000;
const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, "../../support/sarif/sarif-2.1.0-rtm.5.json"), "utf8"));

let emulator: RunningEmulator;
let sarif: any;
let report: any;
let exitCode: number | null;

function validator() {
  // strict: false for the schema's own extra keywords; unicodeRegExp: false because its `language`
  // pattern (`...{2}]?$`) is valid only without the u flag, as JSON Schema draft-04 regexes were written.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(SCHEMA);
}

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
    }
    expect(results.some((r: any) => r.ruleId === "batch-managed-identity")).toBe(false);
    expect(results.filter((r: any) => r.ruleId === "batch-customer-managed-key").every((r: any) => r.level === "error")).toBe(true);
    // Stable fingerprints, distinct per rule, account and property.
    const prints = results.map((r: any) => r.partialFingerprints["azureResourceRuleProperty/v1"]);
    expect(new Set(prints).size).toBe(prints.length);
    expect(sarif.runs[0].invocations).toEqual([{ executionSuccessful: true, exitCode: 1 }]);
  });
});
