/**
 * The parts of a data file beyond accounts: pools (`Microsoft.Batch/batchAccounts/pools`),
 * diagnostic settings of accounts (`Microsoft.Insights/diagnosticSettings`) and DNS zone groups of
 * private endpoints (`Microsoft.Network/privateEndpoints/privateDnsZoneGroups`), each stored as
 * ARM returns it. A pool or a diagnostic setting belongs to a declared account (by its id); a zone
 * group to a private endpoint of a declared subscription.
 */
import { EmulatorDataError } from "./data-error";

/** An ARM resource as stored and served (only the envelope is typed). */
export interface ArmChildResource {
  id: string;
  name: string;
  type?: string;
  properties?: Record<string, unknown>;
  [extra: string]: unknown;
}

export const POOL_ID =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Batch\/batchAccounts\/[^/]+)\/pools\/([^/]+)$/i;
export const DIAGNOSTIC_SETTING_ID =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Batch\/batchAccounts\/[^/]+)\/providers\/Microsoft\.Insights\/diagnosticSettings\/([^/]+)$/i;
export const ZONE_GROUP_ID =
  /^(\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateEndpoints\/[^/]+)\/privateDnsZoneGroups\/([^/]+)$/i;

export type EstateKind = "pools" | "diagnosticSettings" | "privateDnsZoneGroups";

const PATTERNS: Record<EstateKind, { pattern: RegExp; what: string }> = {
  pools: { pattern: POOL_ID, what: "{account id}/pools/{name}" },
  diagnosticSettings: { pattern: DIAGNOSTIC_SETTING_ID, what: "{account id}/providers/Microsoft.Insights/diagnosticSettings/{name}" },
  privateDnsZoneGroups: {
    pattern: ZONE_GROUP_ID,
    what: "/subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Network/privateEndpoints/{name}/privateDnsZoneGroups/{name}",
  },
};

/** The id of the resource's parent (account or private endpoint), or undefined. */
export function parentId(kind: EstateKind, id: string): string | undefined {
  return PATTERNS[kind].pattern.exec(id)?.[1];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks one entry: an object whose `id` has the kind's form, `name` its last segment, and object
 * `properties` if present; for pools and settings, the account must be in `accounts` (lower-case
 * ids), for zone groups the subscription in `subscriptions` (lower-case ids).
 */
export function validateEstateResource(
  kind: EstateKind,
  value: unknown,
  where: string,
  known: { accounts: ReadonlySet<string>; subscriptions: ReadonlySet<string> },
): ArmChildResource {
  if (!isObject(value)) throw new EmulatorDataError(`${where}: must be a JSON object (an ARM resource)`);
  const { id, name, properties } = value;
  if (typeof id !== "string") throw new EmulatorDataError(`${where}: "id" must be a string`);
  const m = PATTERNS[kind].pattern.exec(id);
  if (!m) throw new EmulatorDataError(`${where}: "id" ${JSON.stringify(id)} is not of the form ${PATTERNS[kind].what}`);
  if (typeof name !== "string" || name.toLowerCase() !== id.slice(id.lastIndexOf("/") + 1).toLowerCase()) {
    throw new EmulatorDataError(`${where}: "name" must equal the last segment of "id"`);
  }
  if (properties !== undefined && !isObject(properties)) throw new EmulatorDataError(`${where}: "properties" must be an object`);
  if (kind === "privateDnsZoneGroups") {
    if (!known.subscriptions.has(m[2]!.toLowerCase())) throw new EmulatorDataError(`${where}: subscription ${m[2]} is not declared`);
  } else if (!known.accounts.has(m[1]!.toLowerCase())) {
    throw new EmulatorDataError(`${where}: account ${m[1]} is not in "accounts"`);
  }
  return value as ArmChildResource;
}

/** Validates the three optional arrays of a data file; throws naming the first problem. */
export function validateEstate(
  value: Record<string, unknown>,
  source: string,
  known: { accounts: ReadonlySet<string>; subscriptions: ReadonlySet<string> },
): void {
  for (const kind of ["pools", "diagnosticSettings", "privateDnsZoneGroups"] as const) {
    const list = value[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new EmulatorDataError(`${source}: "${kind}" must be an array`);
    const ids = new Set<string>();
    list.forEach((item, i) => {
      const r = validateEstateResource(kind, item, `${source}: ${kind}[${i}]`, known);
      const key = r.id.toLowerCase();
      if (ids.has(key)) throw new EmulatorDataError(`${source}: ${kind}[${i}]: duplicate id ${r.id}`);
      ids.add(key);
    });
  }
}
