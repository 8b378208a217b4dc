// `--format sarif`: a SARIF 2.1.0 log for code-scanning dashboards. One run; the tool's driver
// lists every rule (id, descriptions, help from the remediation steps and the anchors, default
// level from the configuration); each violation is a result at the rule's level, located at its
// subject (the account, a pool or a private endpoint): physically at a repository-relative path
// derived from the ARM id (GitHub code scanning refuses a file with a result that has no
// physicalLocation), logically at the ARM id itself. A result left not judged (a refused read) is
// a "note" with kind "open"; an exempted one carries a suppression with the exemption's reason.
// Past GitHub's 25,000 results per run, each rule's further results become one result with their
// count (see SARIF_MAX_RESULTS).

import { createHash } from "node:crypto";
import type { EnforcementLevel, Severity } from "@pulumi/policy";
import type { Anchor, AnyPolicyDefinition } from "../policy-definition";
import { ALL_POLICIES } from "../registry";
import { StreamedJsonObject } from "./json-stream";
import type { AuditedAccount, AuditResult } from "./judge";
import type { ReportHeader, ReportWriter } from "./report";
import { resourcePath } from "./resource-path";
import { describeScope } from "./scope";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const SARIF_VERSION = "2.1.0";
export const INFORMATION_URI = "https://github.com/azure-batch-lookup/azure-batch-lookup/tree/main/policies#readme";

type SarifLevel = "error" | "warning" | "note" | "none";

/**
 * Most results a run may hold: GitHub code scanning rejects a run with more than 25,000 (and
 * stores the 5,000 most severe). The log keeps every rule's results within this bound: past
 * `SARIF_MAX_RESULTS - rules`, a rule's further results are counted, not written, and each rule
 * with some gets one more result saying how many, where the JSON report has them all.
 */
export const SARIF_MAX_RESULTS = 25_000;

/** The fingerprint key of a result: rule, subject (ARM id, case-folded) and the property or permission. */
export const FINGERPRINT_KEY = "azureResourceRuleProperty/v1";

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

/** The location of a subject: a stable repository-relative path from its ARM id, and the ARM id itself. */
function locationOf(subject: { id: string; name: string }) {
  return {
    physicalLocation: { artifactLocation: { uri: resourcePath(subject.id) }, region: { startLine: 1 } },
    logicalLocations: [{ name: subject.name, fullyQualifiedName: subject.id, kind: "resource" }],
  };
}

function fingerprint(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("hex");
}

function resultsOf(account: AuditedAccount, ruleIndex: ReadonlyMap<string, number>): { ruleId: string; result: object }[] {
  const results: { ruleId: string; result: object }[] = [];
  const subjects: { id: string; name: string; results: readonly AuditResult[] }[] = [
    account,
    ...(account.pools ?? []),
    ...(account.privateEndpoints ?? []),
  ];
  for (const subject of subjects) {
    for (const r of subject.results) {
      if (r.result !== "violated" && r.result !== "not-judged" && r.result !== "exempted") continue;
      const property = r.result === "not-judged" ? r.permission : r.property;
      const print = fingerprint(r.policy, subject.id.toLowerCase(), property);
      results.push({
        ruleId: r.policy,
        result: {
          ruleId: r.policy,
          ruleIndex: ruleIndex.get(r.policy)!,
          ...(r.result === "not-judged" ? { level: "note", kind: "open" } : { level: sarifLevel(r.level) }),
          message: { text: r.message },
          locations: [locationOf(subject)],
          // primaryLocationLineHash is the key GitHub matches alerts by across runs; given here, the
          // upload computes none from a file the repository does not have.
          partialFingerprints: { [FINGERPRINT_KEY]: print, primaryLocationLineHash: `${print.slice(0, 16)}:1` },
          ...(r.result === "exempted"
            ? {
                suppressions: [
                  {
                    kind: "external",
                    status: "accepted",
                    justification: r.exemption.reason,
                    ...(r.exemption.expires === undefined ? {} : { properties: { expires: r.exemption.expires } }),
                  },
                ],
              }
            : {}),
          properties: {
            subscriptionId: account.subscriptionId,
            resourceGroupName: account.resourceGroupName,
            location: account.location,
            accountId: account.id,
            ...(r.result === "not-judged" ? { permission: r.permission } : { property: r.property }),
            enforcementLevel: r.level,
            severity: r.severity,
            ...(r.result === "violated" && r.expiredExemption !== undefined ? { expiredExemption: r.expiredExemption } : {}),
          },
        },
      });
    }
  }
  return results;
}

/** The one result that stands for a rule's results past the cap. */
function overflowResult(ruleId: string, count: number, level: SarifLevel, ruleIndex: number, scope: string): object {
  const id = `azure-batch-policies/overflow/${ruleId}`;
  return {
    ruleId,
    ruleIndex,
    level,
    message: {
      text: `${count} more result${count === 1 ? "" : "s"} of ${ruleId} in ${scope} not listed here: GitHub code scanning takes at most ${SARIF_MAX_RESULTS} results per run. The JSON report (--output-json) lists them all; audit a narrower scope (--subscription, --resource-group, --management-group) or exempt what is accepted (--exemptions) to see each one here.`,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: `azure/overflow/${encodeURIComponent(ruleId)}` }, region: { startLine: 1 } },
        logicalLocations: [{ name: ruleId, fullyQualifiedName: id, kind: "module" }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(id), primaryLocationLineHash: `${fingerprint(id).slice(0, 16)}:1` },
    properties: { overflow: count },
  };
}

/**
 * The SARIF 2.1.0 log of an audit: one run whose results are printed an account at a time; its
 * invocation (with the exit code) and properties (with the summary) follow them.
 */
export function sarifWriter(header: ReportHeader, options: { maxResults?: number } = {}): ReportWriter {
  const levels = new Map(header.rules.map((r) => [r.policy, r.level as EnforcementLevel]));
  const ruleIndex = new Map(ALL_POLICIES.map((def, i) => [def.name, i]));
  // Room for one overflow result per rule, so the run never passes the cap.
  const individual = (options.maxResults ?? SARIF_MAX_RESULTS) - ALL_POLICIES.length;
  let written = 0;
  const overflow = new Map<string, number>();
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
    account: (account) => {
      let text = "";
      for (const { ruleId, result } of resultsOf(account, ruleIndex)) {
        if (written < individual) {
          written++;
          text += run.item(result);
        } else overflow.set(ruleId, (overflow.get(ruleId) ?? 0) + 1);
      }
      return text;
    },
    end: (summary) => {
      let text = "";
      for (const [ruleId, count] of overflow)
        text += run.item(
          overflowResult(ruleId, count, sarifLevel(levels.get(ruleId) ?? "advisory"), ruleIndex.get(ruleId)!, describeScope(header.scope)),
        );
      const notListed = [...overflow.values()].reduce((a, b) => a + b, 0);
      return `${text}${run.close({
        invocations: [{ executionSuccessful: true, exitCode: summary.exitCode }],
        properties: { scope: header.scope, source: header.source, summary, ...(notListed > 0 ? { resultsNotListed: notListed } : {}) },
      })}${log.close({})}\n`;
    },
    notice: () => {
      const notListed = [...overflow.values()].reduce((a, b) => a + b, 0);
      return notListed === 0
        ? undefined
        : `the SARIF log lists ${written} results and one per rule for the ${notListed} past GitHub code scanning's limit of ${SARIF_MAX_RESULTS} results per run; the JSON report has them all`;
    },
  };
}
