// Exemptions (--exemptions FILE): a rule on a resource id or pattern, with a reason and an optional
// last day. Exempted violations stay in every format, marked with their reason, and never fail
// the audit; expired exemptions exempt nothing and are reported; a mistake in the file exits 2
// naming the entry and the field, before any request.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../../emulator";
import { UsageError } from "../../../policies/audit/args";
import { exemptionApplier, parseExemptions, today } from "../../../policies/audit/exemptions";
import type { AuditedAccount } from "../../../policies/audit/judge";
import { runAudit } from "../../support/audit-cli";

const TIMEOUT = 120_000;
const ACCOUNT = (name: string, rg = "rg-batch-prod-westeurope") =>
  `/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/resourceGroups/${rg}/providers/Microsoft.Batch/batchAccounts/${name}`;

function audited(id: string, policies: string[]): AuditedAccount {
  return {
    id,
    name: id.split("/").at(-1)!,
    subscriptionId: CONTOSO_SUBSCRIPTION_ID,
    resourceGroupName: "rg",
    location: "westeurope",
    results: policies.map((policy) => ({ policy, level: "mandatory", severity: "high", result: "violated", property: "p", message: "m" })),
    pools: [
      {
        id: `${id}/pools/render`,
        name: "render",
        results: [
          { policy: "batch-pool-no-public-ip", level: "advisory", severity: "high", result: "violated", property: "q", message: "n" },
        ],
      },
    ],
  };
}

describe("parseExemptions", () => {
  const entry = { rule: "batch-local-auth-disabled", resource: ACCOUNT("a"), reason: "legacy client, SEC-7" };

  it("reads rules, ids and patterns, reasons and expiry days, and marks the expired ones", () => {
    const list = parseExemptions(
      { exemptions: [entry, { ...entry, rule: "*", expires: "2026-01-31" }, { ...entry, expires: "2026-12-07" }] },
      "x.json",
      "2026-12-07",
    );
    expect(list.map((e) => e.expired)).toEqual([false, true, false]);
    expect(list[1]).toEqual({ rule: "*", resource: ACCOUNT("a"), reason: "legacy client, SEC-7", expires: "2026-01-31", expired: true });
    expect(today(new Date("2026-12-07T23:59:59Z"))).toBe("2026-12-07");
  });

  const bad: [string, unknown, string][] = [
    ["not an object", [], '--exemptions x.json: expected an object with an "exemptions" array.'],
    ["extra key", { exemptions: [], version: 1 }, '--exemptions x.json: unknown key "version" (the file has only "exemptions").'],
    [
      "no reason",
      { exemptions: [{ rule: entry.rule, resource: entry.resource }] },
      "--exemptions x.json: exemptions[0].reason must be a non-empty string.",
    ],
    ["blank reason", { exemptions: [{ ...entry, reason: "  " }] }, "--exemptions x.json: exemptions[0].reason must be a non-empty string."],
    [
      "unknown rule",
      { exemptions: [entry, { ...entry, rule: "batch-no-such-rule" }] },
      '--exemptions x.json: exemptions[1].rule "batch-no-such-rule" is not a rule of azure-batch-policies (or "*" for every rule).',
    ],
    [
      "not an id",
      { exemptions: [{ ...entry, resource: "contosoprodweu" }] },
      '--exemptions x.json: exemptions[0].resource must be an ARM resource id or pattern starting with "/" (got "contosoprodweu").',
    ],
    [
      "bad day",
      { exemptions: [{ ...entry, expires: "2026-02-30" }] },
      '--exemptions x.json: exemptions[0].expires must be a date YYYY-MM-DD (got "2026-02-30").',
    ],
    [
      "unknown field",
      { exemptions: [{ ...entry, until: "2026-01-01" }] },
      '--exemptions x.json: exemptions[0]: unknown key "until" (keys: rule, resource, reason, expires).',
    ],
  ];
  for (const [name, json, message] of bad) {
    it(`refuses ${name}, naming the entry and the field`, () => {
      expect(() => parseExemptions(json, "x.json")).toThrow(new UsageError(message));
    });
  }
});

describe("exemptionApplier", () => {
  it("exempts the violations of the rule on matching ids (exact, * within a segment, ** across), case-insensitively", () => {
    const apply = exemptionApplier(
      parseExemptions(
        {
          exemptions: [
            { rule: "batch-local-auth-disabled", resource: ACCOUNT("A").toUpperCase(), reason: "exact" },
            { rule: "batch-pool-no-public-ip", resource: `/subscriptions/*/resourceGroups/rg-batch-prod-*/**`, reason: "render farms" },
            { rule: "*", resource: ACCOUNT("b*"), reason: "sandbox", expires: "2000-01-01" },
          ],
        },
        "x.json",
        "2026-12-07",
      ),
    );
    const a = apply(audited(ACCOUNT("a"), ["batch-local-auth-disabled", "batch-managed-identity"]));
    expect(a.results.map((r) => r.result)).toEqual(["exempted", "violated"]);
    expect(a.results[0]).toMatchObject({ exemption: { rule: "batch-local-auth-disabled", reason: "exact" }, property: "p", message: "m" });
    expect(a.pools![0]!.results[0]).toMatchObject({ result: "exempted", exemption: { reason: "render farms" } });
    // * stays within a segment: another resource group's pool is not matched.
    const other = apply(audited(ACCOUNT("c", "rg-batch-dev"), ["batch-managed-identity"]));
    expect(other.pools![0]!.results[0]!.result).toBe("violated");
    // An expired exemption exempts nothing, and the violation says which one expired.
    const b = apply(audited(ACCOUNT("b1"), ["batch-managed-identity"]));
    expect(b.results[0]).toMatchObject({ result: "violated", expiredExemption: { reason: "sandbox", expires: "2000-01-01" } });
  });
});

describe("audit --exemptions against the emulator", () => {
  let emulator: RunningEmulator;
  let work: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-audit-exempt-"));
  });
  afterAll(async () => {
    await emulator?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  beforeEach(() => emulator.reset());

  function exemptionsFile(exemptions: unknown[]): string {
    const file = path.join(work, `exemptions-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify({ exemptions }));
    return file;
  }

  it(
    "shows exempted violations with their reason in the table, the JSON and the SARIF, never failing; reports expired ones",
    async () => {
      const base = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "json"]);
      const before = JSON.parse(base.stdout);
      // An advisory violation, for an exemption that has expired.
      const advisoryAccount = before.accounts.find((a: any) =>
        a.results.some((x: any) => x.result === "violated" && x.level === "advisory"),
      );
      const advisory = advisoryAccount.results.find((x: any) => x.result === "violated" && x.level === "advisory");
      // Every mandatory violation of the subscription, exempted one by one (account and rule).
      const mandatory = before.accounts.flatMap((a: any) =>
        a.results
          .filter((r: any) => r.result === "violated" && r.level === "mandatory")
          .map((r: any) => ({ rule: r.policy, resource: a.id })),
      );
      expect(mandatory.length).toBeGreaterThan(0);
      const file = exemptionsFile([
        ...mandatory.map((m: any) => ({ ...m, reason: "accepted until the migration (SEC-9)", expires: "2999-01-01" })),
        { rule: advisory.policy, resource: advisoryAccount.id, reason: "old review", expires: "2001-02-03" },
      ]);
      const json = path.join(work, "exempted.json");
      const sarif = path.join(work, "exempted.sarif");
      const r = await runAudit(emulator, [
        "audit",
        "-s",
        CONTOSO_SUBSCRIPTION_ID,
        "-e",
        file,
        "--output-json",
        json,
        "--output-sarif",
        sarif,
      ]);
      // Only mandatory violations failed the audit; all are exempted now.
      expect(r.status).toBe(0);
      const report = JSON.parse(fs.readFileSync(json, "utf8"));
      expect(report.formatVersion).toBe(3);
      expect(report.exemptions).toHaveLength(mandatory.length + 1);
      expect(report.exemptions.at(-1)).toMatchObject({ expired: true, expires: "2001-02-03" });
      expect(report.summary).toMatchObject({ exempted: mandatory.length, expiredExemptions: 1, exitCode: 0 });
      expect(report.summary.violations.mandatory).toBe(0);
      const exempted = report.accounts.flatMap((a: any) => a.results.filter((x: any) => x.result === "exempted"));
      expect(exempted).toHaveLength(mandatory.length);
      for (const x of exempted)
        expect(x.exemption).toEqual(expect.objectContaining({ reason: "accepted until the migration (SEC-9)", expires: "2999-01-01" }));
      const stillViolated = report.accounts
        .find((a: any) => a.id === advisoryAccount.id)
        .results.find((x: any) => x.policy === advisory.policy && x.property === advisory.property);
      expect(stillViolated).toMatchObject({
        result: "violated",
        expiredExemption: { rule: advisory.policy, resource: advisoryAccount.id, reason: "old review", expires: "2001-02-03" },
      });

      // The table: EXEMPT rows with the reason, counted in the summary, the expired exemption named.
      const rows = r.stdout
        .split("\n")
        .filter((l) => / EXEMPT +\[exempted until 2999-01-01: accepted until the migration \(SEC-9\)\] /.test(l));
      expect(rows).toHaveLength(mandatory.length);
      expect(r.stdout).toMatch(new RegExp(`^ {2}0 FAIL \\(mandatory\\), \\d+ WARN \\(advisory\\), ${mandatory.length} EXEMPT, `, "m"));
      expect(r.stdout).toContain(
        `exemption expired on 2001-02-03, so it exempts nothing: ${advisory.policy} on ${advisoryAccount.id} (old review)`,
      );
      expect(r.stdout).toMatch(/ WARN +\[exemption expired on 2001-02-03: old review\] /);

      // SARIF: the same results, the exempted ones suppressed with the reason.
      const log = JSON.parse(fs.readFileSync(sarif, "utf8"));
      const suppressed = log.runs[0].results.filter((x: any) => x.suppressions !== undefined);
      expect(suppressed).toHaveLength(mandatory.length);
      expect(suppressed[0].suppressions[0].justification).toBe("accepted until the migration (SEC-9)");
    },
    TIMEOUT,
  );

  it(
    "refuses a file with a mistake before any request (exit 2)",
    async () => {
      emulator.clearStats();
      const file = exemptionsFile([{ rule: "batch-local-auth-disabled", resource: ACCOUNT("x") }]);
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--exemptions", file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`azure-batch-policies: --exemptions ${file}: exemptions[0].reason must be a non-empty string.`);
      const missing = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-e", path.join(work, "none.json")]);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain("cannot be read (ENOENT)");
      expect(emulator.stats().total).toBe(0);
    },
    TIMEOUT,
  );
});
