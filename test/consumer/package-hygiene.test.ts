// The packed tarball as registries and type checkers see it: publint (package.json against the
// files it ships) and arethetypeswrong (types for every entry point under node10, node16 from
// CommonJS and from ESM, and bundlers) report nothing.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandResult, packLibrary, REPO_ROOT, runOk } from "../support/consumer";

const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);

let tarball: string;
let unpacked: string;
beforeAll(async () => {
  tarball = await packLibrary();
  unpacked = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-lookup-unpacked-"));
  await runOk("tar", ["-xzf", tarball, "-C", unpacked], unpacked);
}, 120_000);
afterAll(() => {
  if (unpacked !== undefined) fs.rmSync(unpacked, { recursive: true, force: true });
});

/** Everything a tool printed, for assertion messages. */
const output = (r: CommandResult) => `${r.stdout}\n${r.stderr}`;

describe("package hygiene of the tarball", () => {
  it("publint --strict: all good, no errors, warnings or suggestions", async () => {
    // The files of the tarball as they are (no second pack).
    const r = await runOk(bin("publint"), [path.join(unpacked, "package"), "--pack", "false", "--strict"], REPO_ROOT, {
      timeoutMs: 60_000,
    });
    expect(output(r)).toContain("All good!");
    expect(output(r)).not.toMatch(/Errors:|Warnings:|Suggestions:/);
  }, 60_000);

  it("arethetypeswrong: no problems for any entry point or resolution mode", async () => {
    const r = await runOk(bin("attw"), [tarball, "--format", "json"], REPO_ROOT, { timeoutMs: 60_000 });
    const report = JSON.parse(r.stdout) as {
      problems: Record<string, unknown>;
      analysis: { problems: unknown[]; entrypoints: Record<string, unknown> };
    };
    expect(report.problems).toEqual({});
    expect(report.analysis.problems).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([".", "./package.json", "./reference-provider"]);
  }, 60_000);
});
