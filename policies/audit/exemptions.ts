// Exemptions (--exemptions FILE): accepted violations, each of one rule (or "*") on one resource id
// or id pattern, with a reason and an optional last day. An exempted violation stays in every
// report, marked exempted with its reason, and never fails the audit; an expired exemption exempts
// nothing and is reported, so an acceptance cannot outlive its review date unnoticed.

import { ALL_POLICIES } from "../registry";
import { UsageError } from "./args";
import { readJsonFile } from "./json-file";
import type { AppliedExemption, AuditedAccount, AuditResult } from "./judge";

/** An exemption of the file, checked, with whether it has expired on the audit's day. */
export interface Exemption extends AppliedExemption {
  expired: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const KEYS = ["rule", "resource", "reason", "expires"];

/** Today as YYYY-MM-DD (UTC): an exemption whose `expires` is earlier has expired. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (m === null) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The exemptions of a file's JSON: `{"exemptions": [{"rule", "resource", "reason", "expires"?}]}`.
 * A mistake is a UsageError naming the file, the entry and the field.
 */
export function parseExemptions(json: unknown, file: string, day = today()): Exemption[] {
  const where = `--exemptions ${file}`;
  if (typeof json !== "object" || json === null || Array.isArray(json) || !Array.isArray((json as { exemptions?: unknown }).exemptions))
    throw new UsageError(`${where}: expected an object with an "exemptions" array.`);
  const unknownTop = Object.keys(json).filter((k) => k !== "exemptions");
  if (unknownTop.length > 0)
    throw new UsageError(`${where}: unknown key ${JSON.stringify(unknownTop[0])} (the file has only "exemptions").`);
  const rules = new Set(ALL_POLICIES.map((p) => p.name));
  return (json as { exemptions: unknown[] }).exemptions.map((entry, i) => {
    const at = `${where}: exemptions[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new UsageError(`${at} must be an object.`);
    const e = entry as Record<string, unknown>;
    const extra = Object.keys(e).find((k) => !KEYS.includes(k));
    if (extra !== undefined) throw new UsageError(`${at}: unknown key ${JSON.stringify(extra)} (keys: ${KEYS.join(", ")}).`);
    for (const key of ["rule", "resource", "reason"]) {
      if (typeof e[key] !== "string" || (e[key] as string).trim() === "") throw new UsageError(`${at}.${key} must be a non-empty string.`);
    }
    const rule = e.rule as string;
    if (rule !== "*" && !rules.has(rule))
      throw new UsageError(`${at}.rule ${JSON.stringify(rule)} is not a rule of azure-batch-policies (or "*" for every rule).`);
    const resource = (e.resource as string).trim();
    if (!resource.startsWith("/"))
      throw new UsageError(`${at}.resource must be an ARM resource id or pattern starting with "/" (got ${JSON.stringify(resource)}).`);
    let expires: string | undefined;
    if (e.expires !== undefined) {
      if (typeof e.expires !== "string" || !isCalendarDate(e.expires))
        throw new UsageError(`${at}.expires must be a date YYYY-MM-DD (got ${JSON.stringify(e.expires)}).`);
      expires = e.expires;
    }
    return {
      rule,
      resource,
      reason: (e.reason as string).trim(),
      ...(expires === undefined ? {} : { expires }),
      expired: expires !== undefined && expires < day,
    };
  });
}

/** Reads and checks the --exemptions file (undefined: none). */
export function readExemptionsFile(file: string | undefined, day = today()): Exemption[] {
  if (file === undefined) return [];
  const json = readJsonFile("--exemptions", file);
  return parseExemptions(json, file, day);
}

/** `*` matches within one path segment, `**` across segments; ids compare case-insensitively, as ARM's do. */
function matcher(pattern: string): (id: string) => boolean {
  if (!pattern.includes("*")) {
    const exact = pattern.toLowerCase();
    return (id) => id.toLowerCase() === exact;
  }
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const re = new RegExp(`^${source}$`, "i");
  return (id) => re.test(id);
}

function applied(e: Exemption): AppliedExemption {
  return { rule: e.rule, resource: e.resource, reason: e.reason, ...(e.expires === undefined ? {} : { expires: e.expires }) };
}

/** Applies exemptions to one judged account (its pools and endpoints too), in place; the first matching exemption wins. */
export function exemptionApplier(exemptions: readonly Exemption[]): (account: AuditedAccount) => AuditedAccount {
  if (exemptions.length === 0) return (account) => account;
  const compiled = exemptions.map((e) => ({ e, matches: matcher(e.resource) }));
  return (account) => {
    for (const subject of [account, ...(account.pools ?? []), ...(account.privateEndpoints ?? [])]) {
      subject.results = subject.results.map((r): AuditResult => {
        if (r.result !== "violated") return r;
        const hits = compiled.filter(({ e, matches }) => (e.rule === "*" || e.rule === r.policy) && matches(subject.id));
        const active = hits.find(({ e }) => !e.expired);
        if (active !== undefined) {
          const { expiredExemption: _, ...violation } = r;
          return { ...violation, result: "exempted", exemption: applied(active.e) };
        }
        return hits.length > 0 ? { ...r, expiredExemption: applied(hits[0]!.e) } : r;
      });
    }
    return account;
  };
}
