/**
 * The bench's command line and report, without running a benchmark: flags parse without exiting,
 * the targets are declared once and listed in RESULTS.md, and a run replaces only the sections of
 * the parts it ran.
 */
import { describe, expect, it } from "vitest";
import { PART_IDS } from "../../bench/bench";
import { RESULT_SECTIONS, resultsMarkdown } from "../../bench/report";
import { type BenchResults, targetRow } from "../../bench/results";
import { parseBenchArgs } from "../../bench/run";
import { TARGETS } from "../../bench/targets";

function results(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    node: "v24.0.0",
    platform: "linux-x64",
    cpus: 2,
    loadAverageAtStart: [0.5, 0.5, 0.5],
    date: "2026-12-01T00:00:00.000Z",
    quick: false,
    table: [],
    details: [],
    failures: [],
    ...overrides,
  };
}

describe("the bench command line", () => {
  it("parses --quick, --only and --growth-sizes, and refuses unknown parts without exiting", () => {
    expect(parseBenchArgs(["--quick", "--only=1,growth", "--growth-sizes=1000,10000"])).toEqual({
      help: false,
      quick: true,
      only: ["1", "growth"],
      growthSizes: [1000, 10000],
    });
    expect(parseBenchArgs(["--help"]).help).toBe(true);
    expect(() => parseBenchArgs(["--only=9"])).toThrow(/no part "9"/);
    expect(() => parseBenchArgs(["--growth-sizes=ten"])).toThrow(/--growth-sizes/);
    expect(() => parseBenchArgs(["--bogus"])).toThrow();
  });

  it("every part has a section in RESULTS.md", () => {
    expect(RESULT_SECTIONS.map(([id]) => id)).toEqual(PART_IDS);
  });
});

describe("RESULTS.md", () => {
  it("lists every declared target, and rows are checked against them", () => {
    const md = resultsMarkdown(results(), []);
    for (const t of Object.values(TARGETS)) expect(md).toContain(`| ${t.part} | ${t.measure} |`);
    expect(targetRow("coldStartVsFloor", "110 ms", "100 ms", 1.1)).toMatchObject({ target: "≤ 0.9", met: false });
    expect(targetRow("fanOutRequests", "100", "1000", 0.1, 100)).toMatchObject({ target: "≤ 100 requests", met: true });
  });

  it("a run replaces the sections of the parts it ran and keeps the others", () => {
    const first = resultsMarkdown(results({ table: [targetRow("coldStartVsFloor", "101 ms", "100 ms", 1.01)], details: [] }), ["1"]);
    expect(first).toContain(
      "| 1 cold start | process wall time vs fetch + JSON.parse (floor) | 101 ms | 100 ms | 1.01× | ≤ 0.9 | **no** |",
    );
    expect(first).toMatch(/## 2 list 10,000\n\nNot run yet\./);
    const second = resultsMarkdown(
      results({ date: "2026-12-02T00:00:00.000Z", table: [targetRow("listVsSdk", "500 ms", "1.00 s", 0.5)] }),
      ["2"],
      first,
    );
    expect(second).toContain("101 ms | 100 ms | 1.01×");
    expect(second).toContain("Run of 2026-12-01");
    expect(second).toContain("Run of 2026-12-02");
    expect(second).toContain("| 2 list 10,000 | process wall time vs @azure/arm-batch | 500 ms | 1.00 s | 0.50× | ≤ 0.6 | yes |");
  });
});
