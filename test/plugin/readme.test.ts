// The README's YAML and Go snippets of "Other languages" are the programs the tests run.

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support";

const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Other languages"), readme.indexOf("## Tenant scale"));
const blocks = (lang: string) => [...section.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1]!);

describe("README: Other languages", () => {
  it("shows the tested YAML program as it is", () => {
    expect(blocks("yaml")).toEqual([fs.readFileSync(path.join(REPO_ROOT, "test/plugin/programs/yaml/Pulumi.yaml"), "utf8")]);
  });

  it("shows the program function of the tested Go program as it is", () => {
    const [snippet] = blocks("go");
    expect(snippet).toMatch(/^\/\/ program looks an account up/);
    expect(fs.readFileSync(path.join(REPO_ROOT, "test/plugin/programs/go/main.go"), "utf8")).toContain(snippet!);
  });
});
