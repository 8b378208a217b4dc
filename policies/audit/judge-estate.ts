// Judges what the audit read beyond an account with the pack's own rule code: the pool rules on
// each pool (as checkBatchPool does), and the estate rules (resource logs, private DNS zones,
// private endpoint for disabled access) on an estate built from Azure's answers (the estate a
// stack shows, with `source: "azure"`). Each finding lands on its subject: the account, a pool or
// a private endpoint, by ARM id. A subject whose read was refused gets "not-judged" results.

import type { BatchAccount, DiagnosticSetting } from "azure-batch-lookup";
import { runEnabledRules, violationMessage } from "../check";
import { type BatchPolicyConfig, enforcementLevelFor, optionsFromPackConfig } from "../config";
import { runPoolRule } from "../pools/check";
import { mapPoolModel } from "../pools/mapping";
import { POOL_RULES, STACK_RULES } from "../registry";
import type { BatchEstate, DiagnosticSettingView } from "../stack/estate";
import { privateEndpointDnsZone, privateEndpointForDisabledAccess, resourceLogsEnabled } from "../stack/rules";
import type { AuditedAccount, AuditedEndpoint, AuditedResource, AuditResult, ReportedDiagnosticSetting } from "./judge";
import type { AccountEstate, Unread } from "./read-estate";

const DESTINATIONS = [
  "workspaceId",
  "storageAccountId",
  "eventHubAuthorizationRuleId",
  "serviceBusRuleId",
  "marketplacePartnerId",
] as const;

/** A diagnostic setting as the resource-log rule sees it: enabled log categories, and whether a destination is set (an empty string is none). */
export function settingView(accountId: string, d: DiagnosticSetting): DiagnosticSettingView & ReportedDiagnosticSetting {
  const enabledLogs = d.logs.filter((l) => l.enabled).map((l) => l.categoryGroup ?? l.category ?? "(unnamed)");
  const destinations = DESTINATIONS.filter((k) => typeof d[k] === "string" && d[k] !== "");
  return {
    urn: d.id,
    id: d.id,
    name: d.name,
    targetId: accountId,
    targetUrns: [],
    enabledLogs,
    destinations,
    hasDestination: destinations.length > 0,
  };
}

function notJudged(rule: { name: string; severity: AuditResult["severity"] }, level: AuditResult["level"], unread: Unread): AuditResult {
  const why = unread.statusCode === 403 ? `the credential lacks ${unread.permission}` : `the read failed with ${unread.code}`;
  return {
    policy: rule.name,
    level,
    severity: rule.severity,
    result: "not-judged",
    permission: unread.permission,
    message: `Not judged: ${why} (${unread.message})`,
  };
}

function poolResults(pool: Parameters<typeof mapPoolModel>[0], config: BatchPolicyConfig): AuditResult[] {
  const mapped = mapPoolModel(pool);
  const results: AuditResult[] = [];
  for (const { rule, level, outcome } of runEnabledRules(POOL_RULES, config, (r, options) => runPoolRule(r, mapped, options))) {
    const base = { policy: rule.name, level, severity: rule.severity };
    if (outcome.status === "passed") results.push({ ...base, result: "passed" });
    else if (outcome.status === "not-applicable") results.push({ ...base, result: "not-applicable", message: outcome.reason });
    else if (outcome.status === "violated") {
      for (const f of outcome.findings)
        results.push({ ...base, result: "violated", property: f.property, message: violationMessage(mapped, f) });
    } else throw new Error(`Batch pool ${JSON.stringify(pool.name)}: ${rule.name} found an unknown value in a listed pool.`);
  }
  return results;
}

const STACK_PROPERTY: Record<string, string> = {
  [resourceLogsEnabled.name]: "diagnosticSettings",
  [privateEndpointDnsZone.name]: "privateDnsZoneGroups",
  [privateEndpointForDisabledAccess.name]: "privateEndpointConnections",
};

/**
 * Adds the estate's verdicts to an audited account: pools, settings and endpoints as subjects of
 * their own, the estate rules' results on the account. `estate` undefined (--accounts-only): only
 * the rule that needs nothing but the account (private endpoint for disabled access) runs.
 */
export function judgeEstate(
  account: BatchAccount,
  audited: AuditedAccount,
  estate: AccountEstate | undefined,
  config: BatchPolicyConfig,
): AuditedAccount {
  const unread: Unread[] = [];
  const label = `Batch account ${JSON.stringify(account.name)}`;
  const settings = estate?.diagnosticSettings.ok ? estate.diagnosticSettings.value.map((d) => settingView(account.id, d)) : [];
  const endpoints: AuditedEndpoint[] = [];
  const listed: BatchEstate = {
    source: "azure",
    accounts: [
      {
        urn: account.id,
        label,
        id: account.id,
        publicNetworkAccess: account.publicNetworkAccess ?? "Enabled",
        existing: true,
        connectionStatuses: (account.privateEndpointConnections ?? []).map((c) => c.privateLinkServiceConnectionState?.status ?? "absent"),
      },
    ],
    diagnosticSettings: settings,
    privateEndpoints: [],
    dnsZoneGroups: [],
    names: new Map(),
  };
  for (const e of estate?.privateEndpoints ?? []) {
    const subject: AuditedEndpoint = { id: e.id, name: e.name, groupIds: e.groupIds, results: [] };
    if (e.status !== undefined) subject.connectionStatus = e.status;
    endpoints.push(subject);
    if (!e.zoneGroups.ok) {
      unread.push(e.zoneGroups.unread);
      continue;
    }
    const zones = e.zoneGroups.value.map((g) => ({
      id: g.id,
      name: g.name,
      zoneIds: g.privateDnsZoneConfigs.flatMap((c) => (c.privateDnsZoneId === undefined ? [] : [c.privateDnsZoneId])),
    }));
    subject.dnsZoneGroups = zones;
    // Azure's account side does not say whether a connection was manual or automatic; see the rule's anchor note.
    listed.privateEndpoints.push({
      urn: e.id,
      name: e.name,
      armName: e.name,
      connections: [{ targetId: account.id, targetUrns: [], groupIds: e.groupIds, manual: false }],
      inlineDnsZoneIds: [],
    });
    for (const z of zones) listed.dnsZoneGroups.push({ urn: z.id, endpointName: e.name, endpointUrns: [e.id], zoneIds: z.zoneIds });
  }

  for (const rule of STACK_RULES) {
    const level = enforcementLevelFor(rule, config);
    if (level === "disabled") continue;
    const needsEstate = rule.name !== privateEndpointForDisabledAccess.name;
    if (needsEstate && estate === undefined) continue;
    const base = { policy: rule.name, level, severity: rule.severity };
    const options = optionsFromPackConfig(rule, config);
    if (rule.name === resourceLogsEnabled.name && estate !== undefined && !estate.diagnosticSettings.ok) {
      unread.push(estate.diagnosticSettings.unread);
      audited.results.push(notJudged(rule, level, estate.diagnosticSettings.unread));
      continue;
    }
    const findings = rule.checkStack(listed, options);
    const property = STACK_PROPERTY[rule.name] ?? rule.name;
    if (rule.name === privateEndpointDnsZone.name) {
      const groupIds = (options as { groupIds: string[] }).groupIds.map((g) => g.toLowerCase());
      for (const subject of endpoints) {
        const failed = estate?.privateEndpoints.find((x) => x.id === subject.id)?.zoneGroups;
        if (failed !== undefined && !failed.ok) {
          subject.results.push(notJudged(rule, level, failed.unread));
          continue;
        }
        const finding = findings.find((f) => f.urn === subject.id);
        if (finding !== undefined) subject.results.push({ ...base, result: "violated", property, message: finding.message });
        else if (!subject.groupIds.some((g) => groupIds.includes(g.toLowerCase())))
          subject.results.push({
            ...base,
            result: "not-applicable",
            message: `The endpoint connects to no Batch sub-resource the rule judges (${JSON.stringify(groupIds)}).`,
          });
        else subject.results.push({ ...base, result: "passed" });
      }
      continue;
    }
    const finding = findings.find((f) => f.urn === account.id);
    if (finding !== undefined) audited.results.push({ ...base, result: "violated", property, message: finding.message });
    else if (rule.name === privateEndpointForDisabledAccess.name && (account.publicNetworkAccess ?? "Enabled").toLowerCase() !== "disabled")
      audited.results.push({ ...base, result: "not-applicable", message: 'publicNetworkAccess is not "Disabled".' });
    else audited.results.push({ ...base, result: "passed" });
  }

  if (estate === undefined) return audited;
  if (estate.pools.ok) {
    audited.pools = estate.pools.value.map((p): AuditedResource => ({ id: p.id, name: p.name, results: poolResults(p, config) }));
  } else {
    unread.push(estate.pools.unread);
    for (const rule of POOL_RULES) {
      const level = enforcementLevelFor(rule, config);
      if (level !== "disabled") audited.results.push(notJudged(rule, level, estate.pools.unread));
    }
  }
  if (estate.diagnosticSettings.ok)
    audited.diagnosticSettings = settings.map(({ id, name, enabledLogs, destinations }) => ({ id, name, enabledLogs, destinations }));
  audited.privateEndpoints = endpoints;
  if (unread.length > 0) audited.unread = unread;
  return audited;
}
