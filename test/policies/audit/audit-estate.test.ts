// The audit judges the estate as Azure holds it: pools, diagnostic settings and private endpoints'
// DNS zone groups are read (bounded, on the library's request path) and judged by the same rule
// code as a stack; a 403 on one of those reads is reported for its subject; --accounts-only skips
// them; any other failure of those reads fails the audit with exit code 3.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, ESTATE_ACTIONS, FABRIKAM_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../../emulator";
import { checkBatchPool } from "../../../policies/pools/check";
import { POOL_RULES, RULES, STACK_RULES } from "../../../policies/registry";
import { trustCa } from "../../emulator/helpers";
import { runAudit } from "../../support/audit-cli";

const TIMEOUT = 120_000;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ pageSize: 1 });
  trustCa(emulator.caCertPem);
});
afterAll(async () => emulator?.stop());
beforeEach(() => emulator.reset());

const json = async (args: string[], env?: Record<string, string>) => {
  const r = await runAudit(emulator, ["audit", ...args, "-f", "json"], env === undefined ? {} : { env });
  return { ...r, report: r.stdout === "" ? undefined : JSON.parse(r.stdout) };
};

describe("the estate audit", () => {
  it(
    "judges each pool with the pool rules as checkBatchPool does, at the pool's ARM id, and lists settings and endpoints with their ids",
    async () => {
      const { report, status } = await json(["-s", CONTOSO_SUBSCRIPTION_ID]);
      expect(status).toBe(1);
      const prod = report.accounts.find((a: any) => a.name === "contosoprodweu");
      expect(prod.pools.map((p: any) => p.id)).toEqual([`${prod.id}/pools/render-legacy`, `${prod.id}/pools/render-secure`]);
      const pools = emulator.snapshot().pools!.filter((p) => p.id.startsWith(prod.id));
      for (const pool of prod.pools) {
        const raw = pools.find((p) => p.id === pool.id)!;
        const check = checkBatchPool({ name: raw.name, ...(raw.properties as object) });
        expect(pool.results.filter((r: any) => r.result === "violated").map((r: any) => [r.policy, r.message])).toEqual(
          check.violations.map((v) => [v.policyName, v.message]),
        );
      }
      expect(prod.diagnosticSettings).toEqual([
        expect.objectContaining({ name: "to-log-analytics", enabledLogs: ["allLogs"], destinations: ["workspaceId"] }),
      ]);
      expect(prod.results).toContainEqual(expect.objectContaining({ policy: "batch-resource-logs-enabled", result: "passed" }));
      const endpoints = Object.fromEntries(prod.privateEndpoints.map((e: any) => [e.name, e]));
      expect(endpoints["pe-contosoprodweu-account"].results).toEqual([
        expect.objectContaining({ policy: "batch-private-endpoint-dns-zone", result: "passed" }),
      ]);
      expect(endpoints["pe-contosoprodweu-nodes"].results).toEqual([expect.objectContaining({ result: "not-applicable" })]);
      const rules = report.accounts.find((a: any) => a.name === "contosonetrules");
      expect(rules.results).toContainEqual(
        expect.objectContaining({
          policy: "batch-resource-logs-enabled",
          result: "violated",
          message: expect.stringContaining('("metrics-only")'),
        }),
      );
      expect(report.summary).toMatchObject({ pools: 3, privateEndpoints: 2, notJudged: 0 });
      // One page per account at page size 1, contosoprodweu's two pools on two pages: 2 + 5.
      expect(emulator.stats().byRoute).toMatchObject({ pools: 7, diagnosticSettings: 6, privateDnsZoneGroups: 2 });
    },
    TIMEOUT,
  );

  it(
    "reports a 403 on one read for its subject, naming the missing permission, and goes on",
    async () => {
      emulator.addToken({
        token: "no-insights-no-dns",
        deniedActions: [ESTATE_ACTIONS.diagnosticSettings, ESTATE_ACTIONS.privateDnsZoneGroups],
      });
      const { report, status, stderr } = await json(["-s", FABRIKAM_SUBSCRIPTION_ID], { AZURE_BATCH_LOOKUP_TOKEN: "no-insights-no-dns" });
      expect(stderr).toBe("");
      expect(status).toBe(1);
      const ml = report.accounts.find((a: any) => a.name === "fabrikamml");
      expect(ml.results).toContainEqual(
        expect.objectContaining({
          policy: "batch-resource-logs-enabled",
          result: "not-judged",
          permission: "Microsoft.Insights/diagnosticSettings/read",
          message: expect.stringContaining("lacks Microsoft.Insights/diagnosticSettings/read"),
        }),
      );
      expect(ml.diagnosticSettings).toBeUndefined();
      expect(ml.privateEndpoints[0].results).toEqual([
        expect.objectContaining({ result: "not-judged", permission: ESTATE_ACTIONS.privateDnsZoneGroups }),
      ]);
      expect(ml.unread.map((u: any) => [u.read, u.statusCode, u.code])).toEqual([
        ["privateDnsZoneGroups", 403, "AuthorizationFailed"],
        ["diagnosticSettings", 403, "AuthorizationFailed"],
      ]);
      expect(ml.pools).toHaveLength(1);
      expect(report.summary.notJudged).toBeGreaterThanOrEqual(5);
      const table = await runAudit(emulator, ["audit", "-s", FABRIKAM_SUBSCRIPTION_ID], {
        env: { AZURE_BATCH_LOOKUP_TOKEN: "no-insights-no-dns" },
      });
      expect(table.stdout).toMatch(
        /fabrikamml +account .* medium +batch-resource-logs-enabled +NOT JUDGED +Not judged: the credential lacks Microsoft\.Insights\/diagnosticSettings\/read/,
      );
      expect(table.stdout).toMatch(/, [1-9]\d* NOT JUDGED; /);
      expect(table.stdout).toMatch(/^ {4}batch-resource-logs-enabled +medium +.*\d+ NOT JUDGED$/m);
    },
    TIMEOUT,
  );

  it(
    "with --accounts-only reads no pool, setting or zone group and says which rules it left out",
    async () => {
      const { report } = await json(["-s", CONTOSO_SUBSCRIPTION_ID, "--accounts-only"]);
      expect(report.estate).toBe("accounts-only");
      const skipped = [...POOL_RULES.map((r) => r.name), "batch-resource-logs-enabled", "batch-private-endpoint-dns-zone"];
      expect(report.notJudged.map((n: any) => n.policy)).toEqual(skipped);
      expect(report.notJudged[0].reason).toContain("--accounts-only");
      expect(report.rules.map((r: any) => r.policy)).toEqual([...RULES.map((r) => r.name), "batch-private-endpoint-for-disabled-access"]);
      expect(report.accounts.every((a: any) => a.pools === undefined && a.privateEndpoints === undefined)).toBe(true);
      expect(emulator.stats().byRoute).toMatchObject({ pools: 0, diagnosticSettings: 0, privateDnsZoneGroups: 0 });
      expect(STACK_RULES).toHaveLength(3);
    },
    TIMEOUT,
  );

  it(
    "fails with exit code 3 when a read fails otherwise (a 500 the retries cannot get past), naming --accounts-only",
    async () => {
      emulator.faults.add({ kind: "status", status: 500, route: "pools", times: 1000 });
      const r = await runAudit(emulator, ["audit", "-s", FABRIKAM_SUBSCRIPTION_ID]);
      expect(r.status).toBe(3);
      expect(r.stderr).toContain("could not read the pools, diagnostic settings and private DNS zone groups");
      expect(r.stderr).toContain("--accounts-only");
    },
    TIMEOUT,
  );

  it(
    "audits a generated estate: every pool of every account, settings and zone groups as generated",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-estate-"));
      const emu = await startEmulator({
        data: { subscriptions: [], accounts: [] },
        generate: { count: 12, subscriptionId: CONTOSO_SUBSCRIPTION_ID, poolsPerAccount: 3, estate: true },
      });
      try {
        trustCa(emu.caCertPem);
        const r = await runAudit(emu, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "json"]);
        const report = JSON.parse(r.stdout);
        expect(report.summary).toMatchObject({ accounts: 12, pools: 36, privateEndpoints: 12, notJudged: 0 });
        const logs = report.accounts.map((a: any) => a.results.find((x: any) => x.policy === "batch-resource-logs-enabled").result);
        expect(logs.filter((x: string) => x === "passed")).toHaveLength(4);
      } finally {
        await emu.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
