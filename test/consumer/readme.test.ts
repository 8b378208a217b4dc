// The README is executable: every ```ts block of README.md and of the pages under docs/ compiles as
// written (strict, `module: nodenext`, declarations checked) in a user's project outside the
// repository, with the packed packages, @pulumi/pulumi and @pulumi/policy installed the way
// "Install" says.

import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createScratchProject,
  NPM_INSTALL_TIMEOUT_MS,
  npmInstall,
  packLibrary,
  packPolicies,
  REPO_ROOT,
  removeScratchProject,
  repoPackageVersion,
  strictNodeNextTsconfig,
  typeCheck,
} from "../support/consumer";

/** The ```ts blocks of a Markdown file, in order, with the line each starts on. */
export function typescriptBlocks(markdown: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    if (end === lines.length) throw new Error(`the code block of line ${start} is never closed`);
    blocks.push({ line: start + 1, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** README.md and docs/*.md: the pages a user copies snippets from. */
const PAGES = [
  "README.md",
  ...fs
    .readdirSync(path.join(REPO_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
/** Each block with the file it becomes: `readme-line-N.ts`, `docs-<page>-line-N.ts` (tsc names it on an error). */
const blocks = PAGES.flatMap((page) =>
  typescriptBlocks(fs.readFileSync(path.join(REPO_ROOT, page), "utf8")).map((b) => ({
    ...b,
    file: `${page === "README.md" ? "readme" : page.replace(/\.md$/, "").replace("/", "-")}-line-${b.line}.ts`,
  })),
);

let dir: string;
beforeAll(async () => {
  const files: Record<string, string> = {
    "tsconfig.json": strictNodeNextTsconfig({
      noEmit: true,
      include: ["*.ts"],
      // @pulumi/policy's own declarations do not compile on their own (its index.d.ts imports names
      // its proxy.d.ts lacks); library.test.ts checks this package's declarations without skipLibCheck.
      skipLibCheck: true,
    }),
  };
  // One file per block: each snippet is a module of its own, as a user pastes it.
  for (const b of blocks) files[b.file] = `${b.code}\n`;
  dir = createScratchProject("readme", files);
  await npmInstall(dir, [
    await packLibrary(),
    await packPolicies(),
    `@pulumi/policy@${repoPackageVersion("@pulumi/policy")}`,
    `@pulumi/pulumi@${repoPackageVersion("@pulumi/pulumi")}`,
    `typescript@${repoPackageVersion("typescript")}`,
    `@types/node@${repoPackageVersion("@types/node")}`,
  ]);
}, NPM_INSTALL_TIMEOUT_MS);
afterAll(() => removeScratchProject(dir));

describe("README.md and docs/ code blocks", () => {
  it("has TypeScript blocks that use the package", () => {
    expect(blocks.length).toBeGreaterThan(1);
    const usesAPackage = (code: string) => code.includes('from "azure-batch-lookup"') || code.includes('from "azure-batch-policies"');
    expect(blocks.filter((b) => usesAPackage(b.code)).map((b) => b.file)).toEqual(blocks.map((b) => b.file));
    expect(
      blocks.some((b) => b.file.startsWith("docs-")),
      "docs/ pages hold TypeScript snippets too",
    ).toBe(true);
  });

  it("every ```ts block compiles as written (strict, nodenext) against the packed package", async () => {
    // tsc names the file (readme-line-N.ts, docs-<page>-line-N.ts: the line the block starts on) and the error.
    await typeCheck(dir);
  }, 120_000);
});
