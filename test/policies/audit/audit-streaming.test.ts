// The audit prints its report an account at a time: the JSON is what JSON.stringify(report, null,
// 2) prints, the estate reads run at most a window ahead of what is printed (in the accounts'
// order, however the reads finish), the table sizes its columns from its first rows, a --output
// file appears only when the report is complete, and a failure after part of the report went to
// stdout says so.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, EMULATOR_TOKEN, type RunningEmulator, startEmulator } from "../../../emulator";
import { tableWriter } from "../../../policies/audit/format-table";
import { StreamedJsonObject } from "../../../policies/audit/json-stream";
import type { AuditedAccount } from "../../../policies/audit/judge";
import { readEstates } from "../../../policies/audit/read-estate";
import { reportHeader, SummaryCounter } from "../../../policies/audit/report";
import { BatchLookupClient, listBatchAccounts, StaticTokenCredential } from "../../../provider";
import { trustCa } from "../../emulator/helpers";
import { runAudit } from "../../support/audit-cli";

const TIMEOUT = 120_000;

describe("StreamedJsonObject", () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  // Keys a JS object keeps in insertion order (no integer-like keys), as the reports' keys are.
  const key = fc.string({ maxLength: 8 }).map((s) => `k${s}`);
  const fields = fc.dictionary(key, fc.option(json, { nil: undefined }), { maxKeys: 4 });
  it("prints { ...head, [key]: items, ...tail } as JSON.stringify(value, null, 2) does, at any depth", () => {
    fc.assert(
      fc.property(fields, key, fc.array(json, { maxLength: 4 }), fields, fc.nat(4), (head, arrayKey, items, tail, depth) => {
        fc.pre(!(arrayKey in head) && !(arrayKey in tail) && Object.keys(head).every((k) => !(k in tail)));
        const object = new StreamedJsonObject(depth);
        const text = object.open(head, arrayKey) + items.map((i) => object.item(i)).join("") + object.close(tail);
        const expected = JSON.stringify({ ...head, [arrayKey]: items, ...tail }, null, 2).replace(/\n/g, `\n${"  ".repeat(depth)}`);
        expect(text).toBe(expected);
      }),
    );
  });
});

function syntheticAccount(i: number, pools: number): AuditedAccount {
  const id = `/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct${i}`;
  const violation = (name: string) => ({
    policy: "batch-pool-no-public-ip",
    level: "mandatory" as const,
    severity: "high" as const,
    result: "violated" as const,
    property: "networkConfiguration",
    message: `Batch pool "${name}": has public IP addresses.`,
  });
  return {
    id,
    name: `acct${i}`,
    subscriptionId: CONTOSO_SUBSCRIPTION_ID,
    resourceGroupName: "rg",
    location: "westeurope",
    results: [],
    // Pool names grow longer with the account, so later rows have wider cells than the first ones.
    pools: Array.from({ length: pools }, (_, p) => {
      const name = `pool-${p}-${"x".repeat(Math.floor(i / 100))}`;
      return { id: `${id}/pools/${name}`, name, results: [violation(name)] };
    }),
  };
}

describe("the table, printed an account at a time", () => {
  const header = reportHeader({
    tool: { name: "azure-batch-policies", version: "0.0.0" },
    scope: { kind: "tenant" },
    source: "resourceGraph",
    endpoint: "https://management.azure.com",
    estate: "full",
    rules: [],
    notJudged: [],
  });

  it("prints every row of a table larger than its sizing rows, aligned with the header until a longer cell widens its column", () => {
    const writer = tableWriter(header, { showPassed: false, sizingRows: 100 });
    const counter = new SummaryCounter("mandatory", header);
    let text = writer.start();
    for (let i = 0; i < 300; i++) {
      const account = syntheticAccount(i, 5);
      counter.add(account);
      text += writer.account(account);
    }
    text += writer.end(counter.summary());
    const lines = text.trimEnd().split("\n");
    // The header, a line per finding, a blank line and the summary (5 lines: no rule ran in this header).
    expect(lines).toHaveLength(1 + 1500 + 1 + 4);
    expect(lines.at(-3)).toBe("  1500 FAIL (mandatory), 0 WARN (advisory), 0 EXEMPT, 0 NOT JUDGED; 0 passed, 0 not applicable");
    expect(lines.at(-1)).toBe("300 of 300 accounts fail (--fail-on mandatory): exit code 1.");
    const policyColumn = lines[0]!.indexOf("POLICY");
    // The first 100 accounts' pool names are as wide as the first rows': one column for all.
    for (const line of lines.slice(1, 501)) expect(line.indexOf("batch-pool-no-public-ip")).toBe(policyColumn);
    // Later rows: each row's columns are as wide as its own cells need, and never narrower than before.
    let last = policyColumn;
    for (const line of lines.slice(501, 1501)) {
      const at = line.indexOf("batch-pool-no-public-ip");
      expect(at).toBeGreaterThanOrEqual(last);
      last = at;
    }
    expect(last).toBeGreaterThan(policyColumn);
  });

  it("prints a table smaller than its sizing rows whole at the end, sized to its rows", () => {
    const writer = tableWriter(header, { showPassed: false });
    const counter = new SummaryCounter("mandatory", header);
    const account = syntheticAccount(0, 2);
    counter.add(account);
    expect(writer.start() + writer.account(account)).toBe("");
    const lines = writer.end(counter.summary()).split("\n");
    expect(lines[0]).toMatch(/^ACCOUNT {2}RESOURCE {6}SUBSCRIPTION/);
    // The header, 2 rows, a blank line, 4 summary lines, the final newline.
    expect(lines).toHaveLength(1 + 2 + 1 + 4 + 1);
  });
});

describe("against the emulator", () => {
  let emulator: RunningEmulator;
  let work: string;
  beforeAll(async () => {
    emulator = await startEmulator({
      data: { subscriptions: [], accounts: [] },
      generate: { count: 40, subscriptionId: CONTOSO_SUBSCRIPTION_ID, poolsPerAccount: 2, estate: true },
    });
    trustCa(emulator.caCertPem);
    work = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-audit-stream-"));
  });
  afterAll(async () => {
    await emulator?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  beforeEach(() => emulator.reset());

  it(
    "reads at most a window of accounts ahead of the one printed next, and prints in the accounts' order however the reads finish",
    async () => {
      const client = new BatchLookupClient({
        endpoint: emulator.url,
        ca: emulator.caCertPem!,
        credential: new StaticTokenCredential(EMULATOR_TOKEN),
      });
      try {
        const accounts = (await listBatchAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { client })).value;
        expect(accounts).toHaveLength(40);
        // The first account's pools answer last of all.
        emulator.faults.add({
          kind: "slow-headers",
          route: "pools",
          path: `/batchAccounts/${accounts[0]!.name}/pools`,
          delayMs: 300,
          times: 1,
        });
        const width = 2;
        const window = width * 8;
        let judged = 0;
        let printed = 0;
        let mostAhead = 0;
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const order: string[] = [];
        await readEstates(
          accounts,
          client,
          (account) => {
            judged++;
            mostAhead = Math.max(mostAhead, judged - printed);
            // The output stalls on the first account; the readers get 300 ms (wall clock, the only
            // way to see that nothing more happens) to run further ahead than the window allows.
            if (judged === window) setTimeout(release, 300);
            return account.id;
          },
          async (id) => {
            if (printed === 0) await held;
            order.push(id);
            printed++;
          },
          () => {},
          width,
        );
        expect(order).toEqual(accounts.map((a) => a.id));
        expect(mostAhead).toBe(window);
      } finally {
        await client.close();
      }
    },
    TIMEOUT,
  );

  it(
    "prints the JSON report exactly as JSON.stringify(report, null, 2) would",
    async () => {
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "json"]);
      const report = JSON.parse(r.stdout);
      expect(report.summary).toMatchObject({ accounts: 40, pools: 80 });
      expect(r.stdout).toBe(`${JSON.stringify(report, null, 2)}\n`);
      const sarif = JSON.parse((await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "sarif"])).stdout);
      expect(sarif.runs[0].invocations).toEqual([{ executionSuccessful: true, exitCode: 1 }]);
      expect(sarif.runs[0].properties.summary).toEqual(report.summary);
    },
    TIMEOUT,
  );

  it(
    "refuses an --output it cannot write before any request",
    async () => {
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-o", path.join(work, "missing", "report.json")]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--output .*report\.json: cannot be written \(ENOENT\)/);
      expect(emulator.stats().total).toBe(0);
      const dir = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-o", work]);
      expect(dir.stderr).toMatch(/cannot be written \(EISDIR\)/);
    },
    TIMEOUT,
  );

  it(
    "leaves no --output file when a read fails half way, and says the report on stdout is incomplete",
    async () => {
      emulator.faults.add({ kind: "status", status: 400, route: "pools", skip: 20, times: 1000 });
      const file = path.join(work, "report.json");
      const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "json", "-o", file]);
      expect(r.status).toBe(3);
      expect(r.stderr).not.toContain("incomplete");
      expect(fs.readdirSync(work)).toEqual([]);

      emulator.reset();
      // A 400 is final: the audit stops at once.
      emulator.faults.add({ kind: "status", status: 400, route: "pools", skip: 20, times: 1000 });
      const out = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-f", "json"]);
      expect(out.status).toBe(3);
      expect(out.stdout).toMatch(/^\{\n {2}"formatVersion": 3,/);
      expect(() => JSON.parse(out.stdout)).toThrow();
      expect(out.stderr).toContain("; the report printed so far is incomplete");
    },
    TIMEOUT,
  );
});
