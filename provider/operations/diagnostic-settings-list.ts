// Diagnostic Settings - List (Microsoft.Insights, api-version 2021-05-01-preview, the version the
// official @azure/arm-monitor client sends): the diagnostic settings of one resource, here a Batch
// account. The answer is one `DiagnosticSettingsResourceCollection` (no nextLink in the schema; a
// nextLink is still followed, through the same origin and loop checks as every ARM list). Every
// setting must belong to the resource asked about.

import {
  DIAGNOSTIC_SETTINGS_API_VERSION,
  type DiagnosticSetting,
  ESTATE_READ_ACTIONS,
  type LogSettings,
  type MetricSettings,
  type RetentionPolicy,
} from "../model/estate";
import {
  at,
  checked,
  itemAt,
  type ListPage,
  object,
  optArray,
  optInt,
  optObject,
  optStr,
  readListPage,
  ShapeError,
  str,
} from "../model/json-check";
import { nextLinkList } from "./arm-paging";
import { readAdvice } from "./estate-advice";
import type { ListOperation } from "./operation";

const RULE = `the ${DIAGNOSTIC_SETTINGS_API_VERSION} DiagnosticSettingsResource schema requires`;

export function diagnosticSettingsUrl(endpoint: string, resourceUri: string): string {
  const path = resourceUri.split("/").map(encodeURIComponent).join("/");
  return `${endpoint}${path}/providers/Microsoft.Insights/diagnosticSettings?api-version=${DIAGNOSTIC_SETTINGS_API_VERSION}`;
}

function bool(value: unknown, base: string, key: string): boolean {
  if (typeof value !== "boolean") throw new ShapeError(at(base, key), "a boolean", value);
  return value;
}

function retention(value: unknown, base: string, key: string): RetentionPolicy | undefined {
  const o = optObject(value, base, key);
  if (o === undefined) return undefined;
  const path = at(base, key);
  const days = optInt(o.days, path, "days");
  if (days === undefined) throw new ShapeError(at(path, "days"), "an integer", o.days);
  return { enabled: bool(o.enabled, path, "enabled"), days };
}

function logSettings(value: unknown, base: string, key: string, index: number): LogSettings {
  const path = itemAt(base, key, index);
  const o = object(value, path);
  const out: LogSettings = { enabled: bool(o.enabled, path, "enabled") };
  const category = optStr(o.category, path, "category");
  if (category !== undefined) out.category = category;
  const group = optStr(o.categoryGroup, path, "categoryGroup");
  if (group !== undefined) out.categoryGroup = group;
  const policy = retention(o.retentionPolicy, path, "retentionPolicy");
  if (policy !== undefined) out.retentionPolicy = policy;
  return out;
}

function metricSettings(value: unknown, base: string, key: string, index: number): MetricSettings {
  const path = itemAt(base, key, index);
  const o = object(value, path);
  const out: MetricSettings = { enabled: bool(o.enabled, path, "enabled") };
  const category = optStr(o.category, path, "category");
  if (category !== undefined) out.category = category;
  const timeGrain = optStr(o.timeGrain, path, "timeGrain");
  if (timeGrain !== undefined) out.timeGrain = timeGrain;
  const policy = retention(o.retentionPolicy, path, "retentionPolicy");
  if (policy !== undefined) out.retentionPolicy = policy;
  return out;
}

const DESTINATIONS = [
  "storageAccountId",
  "serviceBusRuleId",
  "eventHubAuthorizationRuleId",
  "eventHubName",
  "workspaceId",
  "marketplacePartnerId",
  "logAnalyticsDestinationType",
] as const;

/** Reads one diagnostic setting (`path` names it in errors). */
export function readDiagnosticSetting(body: unknown, path: string): DiagnosticSetting {
  const o = object(body, path);
  const setting: DiagnosticSetting = { id: str(o.id, path, "id"), name: str(o.name, path, "name"), logs: [], metrics: [] };
  const type = optStr(o.type, path, "type");
  if (type !== undefined) setting.type = type;
  const p = optObject(o.properties, path, "properties") ?? {};
  const pp = at(path, "properties");
  for (const field of DESTINATIONS) {
    const v = optStr(p[field], pp, field);
    if (v !== undefined) setting[field] = v;
  }
  setting.logs = optArray(p.logs, pp, "logs", logSettings) ?? [];
  setting.metrics = optArray(p.metrics, pp, "metrics", metricSettings) ?? [];
  return setting;
}

export type DiagnosticSettingsPage = ListPage<DiagnosticSetting>;

export function parseDiagnosticSettingsPage(body: unknown, offset = 0): DiagnosticSettingsPage {
  return checked(
    () => readListPage(body, offset, readDiagnosticSetting),
    "Azure Resource Manager returned a diagnostic settings list",
    RULE,
  );
}

export function diagnosticSettingsList(endpoint: string, resourceUri: string): ListOperation<DiagnosticSetting> {
  const what = `the diagnostic settings of ${resourceUri}`;
  const first = {
    url: diagnosticSettingsUrl(endpoint, resourceUri),
    what,
    advise: readAdvice(ESTATE_READ_ACTIONS.diagnosticSettings, resourceUri, "the resource"),
  };
  const prefix = `${resourceUri}/providers/microsoft.insights/diagnosticsettings/`.toLowerCase();
  return nextLinkList(endpoint, first, parseDiagnosticSettingsPage, (setting) => setting.id, {
    contains: (setting) => setting.id.toLowerCase().startsWith(prefix),
    outside: "not a diagnostic setting of that resource",
  });
}
