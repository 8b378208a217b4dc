// The README's YAML and Python programs ("Other languages") are the examples the tests run, and the
// Go program of docs/plugin.md is the tested one.

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support";

const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const pluginPage = fs.readFileSync(path.join(REPO_ROOT, "docs", "plugin.md"), "utf8");

/** A `## ` section of a Markdown page: from its heading to the next `## ` heading. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start, `a "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const next = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, next === -1 ? undefined : next);
}
const blocks = (text: string, lang: string) => [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1]!);

describe("README: Other languages, and docs/plugin.md", () => {
  it("shows examples/yaml as it is", () => {
    expect(blocks(section(readme, "Other languages"), "yaml")).toEqual([
      fs.readFileSync(path.join(REPO_ROOT, "examples/yaml/Pulumi.yaml"), "utf8"),
    ]);
  });

  it("shows the program function of examples/python as it is", () => {
    const [snippet] = blocks(section(readme, "Other languages"), "python");
    expect(snippet).toMatch(/^def program\(\) -> None:/);
    expect(fs.readFileSync(path.join(REPO_ROOT, "examples/python/__main__.py"), "utf8")).toContain(snippet!);
  });

  it("names the version the package has in the YAML example and the plugin install command", () => {
    const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version as string;
    const example = fs.readFileSync(path.join(REPO_ROOT, "examples/yaml/Pulumi.yaml"), "utf8");
    expect(example).toContain(`version: ${version}\n`);
    expect(example).toContain(`/releases/download/v${version}\n`);
    expect(section(readme, "Other languages")).toContain(`pulumi plugin install resource azure-batch-lookup ${version} \\`);
  });

  it("shows the program function of the tested Go program as it is", () => {
    const [snippet] = blocks(section(pluginPage, "Go"), "go");
    expect(snippet).toMatch(/^\/\/ program looks an account up/);
    expect(fs.readFileSync(path.join(REPO_ROOT, "test/plugin/programs/go/program.go"), "utf8")).toContain(snippet!);
  });
});
