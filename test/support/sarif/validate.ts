// What GitHub code scanning (and the SARIF 2.1.0 schema) requires of a SARIF log before it ingests
// it, checked on every log the tests produce (runAudit validates the SARIF of every audit it runs):
// - valid against the SARIF 2.1.0 JSON schema (sarif-2.1.0-rtm.5.json, with formats);
// - GitHub's ingestion rules: every result located, each location with a physicalLocation whose
//   artifactLocation.uri is a URI reference relative to the repository (no scheme, no leading "/",
//   no "..", no uriBaseId) and no originalUriBaseIds in the run; ruleId and message on every result;
// - GitHub's hard limits: at most 20 runs a file, 25,000 results and 25,000 rules a run, 1,000
//   locations a result, 20 tags a rule, and 10 MB gzip-compressed for the file;
// - and what the audit promises on top: a stable partial fingerprint on every result.

import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";

export const GITHUB_LIMITS = {
  runsPerFile: 20,
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  locationsPerResult: 1_000,
  tagsPerRule: 20,
  gzipBytes: 10 * 1024 * 1024,
} as const;

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, "sarif-2.1.0-rtm.5.json"), "utf8"));

let compiled: ReturnType<AjvDraft04["compile"]> | undefined;

/** The SARIF 2.1.0 schema validator (ajv, draft-04, formats). */
export function sarifSchemaValidator() {
  // strict: false for the schema's own extra keywords; unicodeRegExp: false because its `language`
  // pattern (`...{2}]?$`) is valid only without the u flag, as JSON Schema draft-04 regexes were written.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(SCHEMA);
}

// RFC 3986 relative-ref with a path: no scheme, no authority, not absolute.
const RELATIVE_REF = /^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!\/)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})+$/;

/** Every problem GitHub code scanning (or the schema) would have with `log`; [] when none. */
export function githubSarifProblems(log: any, text: string = JSON.stringify(log)): string[] {
  compiled ??= sarifSchemaValidator();
  const problems: string[] = [];
  if (!compiled(log)) for (const e of compiled.errors ?? []) problems.push(`schema: ${e.instancePath} ${e.message}`);
  const gz = gzipSync(text).length;
  if (gz > GITHUB_LIMITS.gzipBytes) problems.push(`file: ${gz} bytes gzip-compressed, over ${GITHUB_LIMITS.gzipBytes}`);
  const runs: any[] = Array.isArray(log?.runs) ? log.runs : [];
  if (runs.length > GITHUB_LIMITS.runsPerFile) problems.push(`runs: ${runs.length} > ${GITHUB_LIMITS.runsPerFile}`);
  for (const [r, run] of runs.entries()) {
    const at = `runs[${r}]`;
    if (run.originalUriBaseIds !== undefined) problems.push(`${at}.originalUriBaseIds is set`);
    const rules: any[] = run.tool?.driver?.rules ?? [];
    if (rules.length > GITHUB_LIMITS.rulesPerRun) problems.push(`${at}: ${rules.length} rules`);
    for (const rule of rules)
      if ((rule.properties?.tags?.length ?? 0) > GITHUB_LIMITS.tagsPerRule) problems.push(`${at}: rule ${rule.id} has too many tags`);
    const ruleIds = new Set(rules.map((x) => x.id));
    const results: any[] = run.results ?? [];
    if (results.length > GITHUB_LIMITS.resultsPerRun) problems.push(`${at}: ${results.length} results > ${GITHUB_LIMITS.resultsPerRun}`);
    for (const [i, result] of results.entries()) {
      const where = `${at}.results[${i}]`;
      if (typeof result.ruleId !== "string" || !ruleIds.has(result.ruleId))
        problems.push(`${where}.ruleId ${result.ruleId} is not a rule of the driver`);
      if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId)
        problems.push(`${where}.ruleIndex does not name ${result.ruleId}`);
      if (typeof result.message?.text !== "string" || result.message.text === "") problems.push(`${where}.message.text is empty`);
      const locations: any[] = result.locations ?? [];
      if (locations.length === 0) problems.push(`${where} has no location`);
      if (locations.length > GITHUB_LIMITS.locationsPerResult) problems.push(`${where} has ${locations.length} locations`);
      for (const [l, location] of locations.entries()) {
        const artifact = location.physicalLocation?.artifactLocation;
        if (typeof artifact?.uri !== "string") {
          problems.push(`${where}.locations[${l}] has no physicalLocation.artifactLocation.uri`);
          continue;
        }
        if (!RELATIVE_REF.test(artifact.uri) || artifact.uri.split("/").includes(".."))
          problems.push(`${where}.locations[${l}] uri ${JSON.stringify(artifact.uri)} is not a repository-relative URI reference`);
        if (artifact.uriBaseId !== undefined) problems.push(`${where}.locations[${l}] has a uriBaseId`);
        const region = location.physicalLocation.region;
        if (region !== undefined && !(Number.isInteger(region.startLine) && region.startLine >= 1))
          problems.push(`${where}.locations[${l}].region has no startLine`);
      }
      const prints = Object.values(result.partialFingerprints ?? {});
      if (prints.length === 0 || prints.some((p) => typeof p !== "string" || p === ""))
        problems.push(`${where} has no partial fingerprint`);
    }
  }
  return problems;
}

/** Throws, listing the first problems, when GitHub code scanning would refuse `text` (a SARIF log). */
export function assertGitHubSarif(text: string, what = "SARIF log"): void {
  const problems = githubSarifProblems(JSON.parse(text), text);
  if (problems.length > 0) throw new Error(`${what} would be refused by GitHub code scanning:\n${problems.slice(0, 20).join("\n")}`);
}
