// The pack's README lists every rule with its anchors, default level and options, and its config
// example is a configuration the pack accepts.

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkBatchAccount } from "../../policies/check";
import type { BatchPolicyConfig } from "../../policies/config";
import { defaultsOf } from "../../policies/policy-definition";
import { ALL_POLICIES } from "../../policies/registry";
import { compliantAccount } from "./examples";

const README = fs.readFileSync(path.resolve(__dirname, "../../policies/README.md"), "utf8");

/** The README section of a rule: from its `### \`name\`` heading to the next heading. */
function section(name: string): string {
  const start = README.indexOf(`### \`${name}\``);
  expect(start, `README has a section for ${name}`).toBeGreaterThanOrEqual(0);
  const next = README.indexOf("\n#", start + 4);
  return README.slice(start, next === -1 ? undefined : next);
}

describe("policies/README.md", () => {
  it("documents every rule: description, anchors, default level, severity and every option with its default", () => {
    for (const rule of ALL_POLICIES) {
      const s = section(rule.name);
      expect(s, rule.name).toContain(`Default level: \`${rule.enforcementLevel}\`; severity ${rule.severity}`);
      for (const anchor of rule.anchors) {
        if (anchor.kind !== "azure-docs") expect(s, `${rule.name} anchor`).toContain(anchor.id);
      }
      const defaults = defaultsOf(rule) as Record<string, unknown>;
      const options = Object.keys(defaults);
      if (options.length === 0) expect(s, rule.name).toContain("Options: none");
      for (const option of options) {
        expect(s, `${rule.name} option`).toContain(`\`${option}\``);
        expect(s.replace(/\s+/g, ""), `${rule.name} default of ${option}`).toContain(JSON.stringify(defaults[option]));
      }
      expect(s.includes("Remediation:"), `${rule.name} remediation documented iff it has one`).toBe(
        ("remediate" in rule && rule.remediate !== undefined) || s.includes("Remediation: none"),
      );
    }
  });

  it("lists every rule in the summary table with its default level", () => {
    for (const rule of ALL_POLICIES)
      expect(README, rule.name).toMatch(new RegExp(`\\| \`${rule.name}\` \\| ${rule.enforcementLevel} \\| ${rule.severity} \\|`));
  });

  it("shows a --policy-pack-config example the pack accepts", () => {
    const json = /## Configuration[\s\S]*?```json\n([\s\S]*?)```/.exec(README)?.[1];
    expect(json).toBeDefined();
    const config = JSON.parse(json!) as BatchPolicyConfig;
    expect(config.all).toBe("mandatory");
    const result = checkBatchAccount(compliantAccount(), config);
    expect(result.passed).toContain("batch-local-auth-disabled");
    expect(result.violations.map((v) => v.policyName)).toEqual(["batch-allowed-locations"]); // the examples are in japaneast
  });
});
