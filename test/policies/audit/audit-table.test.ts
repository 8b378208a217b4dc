// The audit's table for a terminal: fitted to its width with only the message wrapped, one header
// line per account, a SEVERITY column, FAIL for a mandatory failure and WARN for an advisory one,
// colour only when asked for (a terminal without NO_COLOR); and the bin on a real pseudo-terminal.

import { execFileSync, spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../../emulator";
import { tableWriter } from "../../../policies/audit/format-table";
import type { AuditedAccount } from "../../../policies/audit/judge";
import { reportHeader, SummaryCounter } from "../../../policies/audit/report";
import { colorFor, terminalColumns, wrap } from "../../../policies/audit/text-layout";
import { ALL_POLICIES } from "../../../policies/registry";
import { AUDIT_BIN, emulatorEnv } from "../../support/audit-cli";

const plain = (s: string) => stripVTControlCharacters(s);
const hasAnsi = (s: string) => plain(s) !== s;

const header = reportHeader({
  tool: { name: "azure-batch-policies", version: "0.0.0" },
  scope: { kind: "subscription", subscriptionId: CONTOSO_SUBSCRIPTION_ID },
  source: "arm",
  endpoint: "https://management.azure.com",
  estate: "full",
  rules: ALL_POLICIES.map((definition) => ({
    definition,
    level: definition.name === "batch-local-auth-disabled" ? "mandatory" : "advisory",
  })),
  notJudged: [],
});

const LONG =
  `networkProfile.accountAccess is not set, so the Batch account (data plane) endpoint accepts every address while publicNetworkAccess is "Enabled"; ${"and more words ".repeat(8)}`.trim();

function account(name: string, pools = 1): AuditedAccount {
  const id = `/subscriptions/${CONTOSO_SUBSCRIPTION_ID}/resourceGroups/rg-${name}/providers/Microsoft.Batch/batchAccounts/${name}`;
  return {
    id,
    name,
    subscriptionId: CONTOSO_SUBSCRIPTION_ID,
    resourceGroupName: `rg-${name}`,
    location: "westeurope",
    results: [
      {
        policy: "batch-local-auth-disabled",
        level: "mandatory",
        severity: "high",
        result: "violated",
        property: "a",
        message: `Batch account "${name}": local auth.`,
      },
      {
        policy: "batch-network-rules-restricted",
        level: "advisory",
        severity: "high",
        result: "violated",
        property: "b",
        message: `Batch account "${name}": ${LONG}`,
      },
    ],
    pools: Array.from({ length: pools }, (_, i) => ({
      id: `${id}/pools/p${i}`,
      name: `p${i}`,
      results: [
        {
          policy: "batch-pool-no-public-ip",
          level: "advisory",
          severity: "high",
          result: "violated",
          property: "c",
          message: `Batch pool "p${i}": public IPs.`,
        } as const,
      ],
    })),
  };
}

function render(options: Parameters<typeof tableWriter>[1], accounts: AuditedAccount[]): string {
  const writer = tableWriter(header, options);
  const counter = new SummaryCounter("mandatory", header);
  let text = writer.start();
  for (const a of accounts) {
    counter.add(a);
    text += writer.account(a);
  }
  return text + writer.end(counter.summary());
}

describe("the table on a terminal", () => {
  for (const columns of [80, 120, 200]) {
    it(`fits ${columns} columns, one header line per account, wrapping only the message`, () => {
      const text = render({ showPassed: false, columns, color: false }, [account("alpha"), account("beta", 2)]);
      const lines = text.trimEnd().split("\n");
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
      expect(lines[0]).toMatch(/^ {2}SEVERITY {2}RESULT {2}RESOURCE +(RULE +MESSAGE|RULE: MESSAGE)$/);
      // One header line per account, naming it once with its location, resource group and subscription.
      const groups = lines.filter((l) => /^(alpha|beta) /.test(l));
      const group = (name: string) => `${name}  westeurope, resource group rg-${name}, subscription ${CONTOSO_SUBSCRIPTION_ID}`;
      const fitted = (g: string) => (g.length <= columns ? g : `${g.slice(0, columns - 1)}…`);
      expect(groups).toEqual([fitted(group("alpha")), fitted(group("beta"))]);
      expect(text.split(CONTOSO_SUBSCRIPTION_ID).length - 1).toBeLessThanOrEqual(3); // two groups and the summary
      const rows = lines.filter((l) => /^ {2}(high|medium|low|critical) /.test(l));
      expect(rows).toHaveLength(7);
      expect(rows.filter((l) => / FAIL /.test(l))).toHaveLength(2);
      expect(rows.filter((l) => / WARN /.test(l))).toHaveLength(5);
      // Continuation lines hold the message only, aligned under the message column.
      const merged = lines[0]!.endsWith("RULE: MESSAGE");
      const messageColumn = lines[0]!.indexOf(merged ? "RULE: MESSAGE" : "MESSAGE");
      const first = lines.findIndex((l) => / WARN /.test(l) && l.includes("batch-network-rules-restricted"));
      let next = first + 1;
      const more: string[] = [];
      while (lines[next]!.startsWith(" ".repeat(messageColumn))) more.push(lines[next++]!.trim());
      expect(more.length).toBeGreaterThan(0);
      const cell = [lines[first]!.slice(messageColumn), ...more].join(" ");
      expect(cell).toBe(merged ? `batch-network-rules-restricted: ${LONG}` : LONG);
    });
  }

  it("colours the result words and the severity only when asked", () => {
    const coloured = render({ showPassed: false, columns: 120, color: true }, [account("alpha")]);
    expect(hasAnsi(coloured)).toBe(true);
    expect(coloured).toContain("\x1b[31m\x1b[1mFAIL");
    expect(plain(coloured)).toBe(render({ showPassed: false, columns: 120, color: false }, [account("alpha")]));
    expect(hasAnsi(render({ showPassed: false, columns: 120, color: false }, [account("alpha")]))).toBe(false);
  });

  it("decides colour as a terminal and NO_COLOR say, and the width from COLUMNS, else the terminal", () => {
    expect(colorFor({ isTTY: true }, {})).toBe(true);
    expect(colorFor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorFor({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(colorFor({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(colorFor({ isTTY: false }, {})).toBe(false);
    expect(colorFor({}, {})).toBe(false);
    expect(terminalColumns({ columns: 100 }, { COLUMNS: "120" })).toBe(120);
    expect(terminalColumns({ columns: 100 }, { COLUMNS: "wide" })).toBe(100);
    expect(terminalColumns({}, {})).toBe(80);
  });

  it("wraps words, and cuts a word longer than the line", () => {
    expect(wrap("one two three four", 9)).toEqual(["one two", "three", "four"]);
    expect(wrap(`a ${"x".repeat(12)} b`, 5)).toEqual(["a", "xxxxx", "xxxxx", "xx b"]);
    expect(wrap("", 10)).toEqual([""]);
  });
});

const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasScript)("the bin on a pseudo-terminal (util-linux script)", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  /** The audit's stdout on a terminal of `columns` columns (stderr discarded). */
  async function onTerminal(columns: number, env: Record<string, string | undefined>): Promise<string> {
    const command = [process.execPath, AUDIT_BIN, "audit", "--tenant"].map((a) => `'${a}'`).join(" ");
    const child = spawn("script", ["-qec", `stty cols ${columns}; ${command} 2>/dev/null`, "/dev/null"], {
      env: {
        ...process.env,
        ...emulatorEnv(emulator, { TERM: "xterm", COLUMNS: undefined, NO_COLOR: undefined, ...env }),
      } as NodeJS.ProcessEnv,
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    await new Promise((resolve) => child.on("close", resolve));
    return out.replace(/\r\n/g, "\n");
  }

  it("fits the terminal (or COLUMNS), in colour unless NO_COLOR is set", async () => {
    const coloured = await onTerminal(120, {});
    expect(hasAnsi(coloured)).toBe(true);
    const lines = plain(coloured).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ {2}SEVERITY {2}RESULT {2}RESOURCE/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
    const noColor = await onTerminal(120, { NO_COLOR: "1" });
    expect(hasAnsi(noColor)).toBe(false);
    expect(noColor).toBe(plain(coloured));
    const narrow = await onTerminal(120, { COLUMNS: "90", NO_COLOR: "1" });
    for (const line of narrow.trimEnd().split("\n")) expect(line.length).toBeLessThanOrEqual(90);
    expect(narrow.split("\n").length).toBeGreaterThan(noColor.split("\n").length);
  }, 120_000);
});
