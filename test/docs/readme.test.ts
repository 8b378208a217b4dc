// The README is written for users: its sections come in the order a user needs them, every link
// of it and of docs/ leads somewhere, the Node.js it states is the one package.json requires, and
// every audit command line it shows is one the audit accepts.

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../policies/audit/args";
import { parseExemptions } from "../../policies/audit/exemptions";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const README = read("README.md");
const DOCS = fs
  .readdirSync(path.join(ROOT, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);

/** Markdown without its fenced code blocks (a `#` comment in a shell block is not a heading). */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```\s*$/gm, "");
}

function headings(markdown: string, level: number): string[] {
  const marks = "#".repeat(level);
  return [...prose(markdown).matchAll(new RegExp(`^${marks} (.+)$`, "gm"))].map((m) => m[1]!.trim());
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, "")
    .replace(/ /g, "-");
}

describe("README.md", () => {
  it("has the user's sections in the user's order, with the contributor's setup last", () => {
    const top = headings(README, 2);
    const order = ["Contents", "Install", "Quickstarts", "Signing in", "Other languages", "Configuration", "API", "Development"];
    expect(top.filter((h) => order.includes(h))).toEqual(order);
    expect(top.at(-1)).toBe("Development");
    const quickstarts = README.slice(README.indexOf("\n## Quickstarts\n"), README.indexOf("\n## Signing in\n"));
    expect(headings(quickstarts, 3)).toEqual(
      expect.arrayContaining([
        "Look up an account from a stack",
        "Policies on `pulumi preview`",
        "The audit in CI with GitHub code scanning",
        "Try it without Azure",
      ]),
    );
  });

  it("names the lookups, the policy pack and the audit before its table of contents", () => {
    const opening = README.slice(0, README.indexOf("\n## Contents\n"));
    expect(opening).toContain("getBatchAccount");
    expect(opening).toContain("policy pack");
    expect(opening).toContain("npx azure-batch-policies audit");
    expect(opening).toContain("SARIF");
  });

  it("links every section from its table of contents", () => {
    const contents = README.slice(README.indexOf("\n## Contents\n"), README.indexOf("\n## Install\n"));
    const linked = new Set([...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]));
    for (const h of headings(README, 2).filter((h) => h !== "Contents")) expect(linked, h).toContain(anchor(h));
  });

  it("states the Node.js version both packages require", () => {
    for (const manifest of ["package.json", "policies/package.json"]) {
      const engines = (JSON.parse(read(manifest)) as { engines?: { node?: string } }).engines?.node;
      expect(engines, manifest).toBe(">=22.19.0");
    }
    const install = README.slice(README.indexOf("\n## Install\n"), README.indexOf("\n## Quickstarts\n"));
    expect(install).toContain("Node.js 22.19 or newer");
    expect(prose(README)).not.toMatch(/Node\.js 20 or newer/);
  });
});

describe("the emulator for users", () => {
  it("is started by the bin package.json declares, as the README says", () => {
    const bins = (JSON.parse(read("package.json")) as { bin: Record<string, string> }).bin;
    expect(bins["azure-batch-lookup-emulator"]).toBe("dist/emulator/cli.js");
    const section = README.slice(README.indexOf("\n### Try it without Azure\n"), README.indexOf("\n## Signing in\n"));
    expect(section).toContain("npx azure-batch-lookup-emulator");
  });
});

describe("links of README.md and docs/", () => {
  for (const page of ["README.md", ...DOCS]) {
    it(`${page}: every relative link names a file of the repository, every anchor a heading`, () => {
      const text = prose(read(page));
      const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        const [file, hash] = link.split("#") as [string, string | undefined];
        const target = file === "" ? page : path.join(path.dirname(page), file);
        expect(fs.existsSync(path.join(ROOT, target)), `${page}: ${link}`).toBe(true);
        if (hash !== undefined && target.endsWith(".md")) {
          const targetText = read(target);
          const anchors = [1, 2, 3, 4].flatMap((level) => headings(targetText, level)).map(anchor);
          expect(anchors, `${page}: ${link}`).toContain(hash);
        }
      }
    });
  }
});

/** Every `azure-batch-policies audit ...` command of a page's code blocks, as argv after the bin. */
function auditCommands(markdown: string): string[][] {
  const commands: string[][] = [];
  for (const block of markdown.matchAll(/^```(?:sh|bash|yaml)\n([\s\S]*?)^```/gm)) {
    for (const line of block[1]!.split("\n")) {
      const m = /azure-batch-policies (audit\b[^#\n]*)/.exec(line);
      if (m === null) continue;
      commands.push(m[1]!.trim().split(/\s+/));
    }
  }
  return commands;
}

describe("audit command lines of the READMEs", () => {
  it("are accepted by the audit's own parser", () => {
    const pages = ["README.md", "policies/README.md", ...DOCS];
    const all = pages.flatMap((page) => auditCommands(read(page)).map((argv) => ({ page, argv })));
    expect(all.filter((c) => c.page === "README.md").length).toBeGreaterThanOrEqual(3);
    for (const { page, argv } of all) {
      const parsed = parseCommandLine(argv.filter((a) => a !== "[--config" && !a.startsWith("[")));
      expect(parsed.kind, `${page}: ${argv.join(" ")}`).not.toBe(undefined);
    }
  });

  it("include the CI workflow's, which writes the SARIF file the upload step reads", () => {
    const workflow = /```yaml\n(name: batch-audit[\s\S]*?)```/.exec(README)?.[1];
    expect(workflow).toBeDefined();
    const [argv] = auditCommands(`\`\`\`yaml\n${workflow}\`\`\``);
    const parsed = parseCommandLine(argv!);
    expect(parsed.kind).toBe("audit");
    const sarifFile = /sarif_file: (\S+)/.exec(workflow!)?.[1];
    expect(sarifFile).toBeDefined();
    if (parsed.kind === "audit") {
      const writes = parsed.args.outputSarif ?? (parsed.args.format === "sarif" ? parsed.args.outputFile : undefined);
      expect(writes).toBe(sarifFile);
    }
    expect(workflow).toContain("security-events: write");
  });
});

describe("the exemptions file of policies/README.md", () => {
  it("is one the audit accepts, with an active exemption and one without a day", () => {
    const text = /```json\n(\{\n {2}"exemptions"[\s\S]*?)```/.exec(read("policies/README.md"))?.[1];
    expect(text).toBeDefined();
    const exemptions = parseExemptions(JSON.parse(text!), "exemptions.json", "2026-12-07");
    expect(exemptions.map((e) => [e.rule, e.expired, e.expires])).toEqual([
      ["batch-pool-no-public-ip", false, "2027-03-31"],
      ["*", false, undefined],
    ]);
  });
});
