// `--format sarif`: a SARIF 2.1.0 log for code-scanning dashboards. One run; the tool's driver
// lists every rule (id, descriptions, help from the remediation steps and the anchors, default
// level from the configuration); each violation is a result at the rule's level, located logically
// at its subject's ARM resource id: the account's, a pool's or a private endpoint's (there is no
// source file to point at). A result left not judged (a refused read) is a "note" with kind "open".

import { createHash } from "node:crypto";
import type { EnforcementLevel, Severity } from "@pulumi/policy";
import type { Anchor, AnyPolicyDefinition } from "../policy-definition";
import { ALL_POLICIES } from "../registry";
import { StreamedJsonObject } from "./json-stream";
import type { AuditedAccount, AuditResult } from "./judge";
import type { ReportHeader, ReportWriter } from "./report";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const SARIF_VERSION = "2.1.0";
export const INFORMATION_URI = "https://github.com/azure-batch-lookup/azure-batch-lookup/tree/main/policies#readme";

type SarifLevel = "error" | "warning" | "note" | "none";

/** mandatory (and remediate, which an audit cannot apply) fail a scan: error; advisory: warning. */
export function sarifLevel(level: EnforcementLevel): SarifLevel {
  switch (level) {
    case "mandatory":
    case "remediate":
      return "error";
    case "advisory":
      return "warning";
    case "disabled":
      return "none";
  }
}

// GitHub code scanning reads `security-severity` (0.0-10.0) to rank security alerts.
const SECURITY_SEVERITY: Record<Severity, string> = { low: "3.0", medium: "5.5", high: "8.0", critical: "9.5" };

function anchorLine(a: Anchor): string {
  const kind = { "azure-policy": "Azure Policy", mcsb: "MCSB", checkov: "Checkov", "azure-docs": "Azure docs" }[a.kind];
  return `${kind} ${a.id}: ${a.title}${a.url === undefined ? "" : ` (${a.url})`}${a.note === undefined ? "" : ` Note: ${a.note}`}`;
}

function ruleDescriptor(def: AnyPolicyDefinition, level: EnforcementLevel) {
  const anchors = def.anchors.map(anchorLine);
  const helpUri = def.anchors.find((a) => a.url !== undefined)?.url;
  return {
    id: def.name,
    name: def.displayName,
    shortDescription: { text: def.description },
    fullDescription: { text: def.description },
    help: {
      text: [`Remediation: ${def.remediationSteps}`, ...(anchors.length > 0 ? ["Anchors:", ...anchors.map((a) => `- ${a}`)] : [])].join(
        "\n",
      ),
    },
    ...(helpUri === undefined ? {} : { helpUri }),
    defaultConfiguration: level === "disabled" ? { enabled: false } : { level: sarifLevel(level) },
    properties: {
      tags: ["security", "azure-batch", def.concern],
      precision: "very-high",
      "security-severity": SECURITY_SEVERITY[def.severity],
      "problem.severity": sarifLevel(level) === "error" ? "error" : "warning",
    },
  };
}

function resultsOf(account: AuditedAccount, ruleIndex: ReadonlyMap<string, number>): object[] {
  const results: object[] = [];
  const subjects: { id: string; name: string; results: readonly AuditResult[] }[] = [
    account,
    ...(account.pools ?? []),
    ...(account.privateEndpoints ?? []),
  ];
  for (const subject of subjects) {
    for (const r of subject.results) {
      if (r.result !== "violated" && r.result !== "not-judged") continue;
      const property = r.result === "violated" ? r.property : r.permission;
      const fingerprint = createHash("sha256").update(`${r.policy}\0${subject.id.toLowerCase()}\0${property}`).digest("hex");
      results.push({
        ruleId: r.policy,
        ruleIndex: ruleIndex.get(r.policy)!,
        ...(r.result === "violated" ? { level: sarifLevel(r.level) } : { level: "note", kind: "open" }),
        message: { text: r.message },
        locations: [{ logicalLocations: [{ name: subject.name, fullyQualifiedName: subject.id, kind: "resource" }] }],
        partialFingerprints: { "azureResourceRuleProperty/v1": fingerprint },
        properties: {
          subscriptionId: account.subscriptionId,
          resourceGroupName: account.resourceGroupName,
          location: account.location,
          accountId: account.id,
          ...(r.result === "violated" ? { property: r.property } : { permission: r.permission }),
          enforcementLevel: r.level,
        },
      });
    }
  }
  return results;
}

/**
 * The SARIF 2.1.0 log of an audit: one run whose results are printed an account at a time; its
 * invocation (with the exit code) and properties (with the summary) follow them.
 */
export function sarifWriter(header: ReportHeader): ReportWriter {
  const levels = new Map(header.rules.map((r) => [r.policy, r.level as EnforcementLevel]));
  const ruleIndex = new Map(ALL_POLICIES.map((def, i) => [def.name, i]));
  const log = new StreamedJsonObject(0);
  const run = new StreamedJsonObject(2);
  const driver = {
    name: header.tool.name,
    version: header.tool.version,
    semanticVersion: header.tool.version,
    informationUri: INFORMATION_URI,
    rules: ALL_POLICIES.map((def) => ruleDescriptor(def, levels.get(def.name) ?? "disabled")),
  };
  return {
    start: () =>
      `${log.open({ $schema: SARIF_SCHEMA_URI, version: SARIF_VERSION }, "runs")}${log.itemStart()}${run.open({ tool: { driver } }, "results")}`,
    account: (account) =>
      resultsOf(account, ruleIndex)
        .map((r) => run.item(r))
        .join(""),
    end: (summary) =>
      `${run.close({
        invocations: [{ executionSuccessful: true, exitCode: summary.exitCode }],
        properties: { scope: header.scope, source: header.source, summary },
      })}${log.close({})}\n`,
  };
}
