/**
 * Management groups of the data set: each holds subscriptions and child groups. A management
 * group scope covers the subscriptions of the group and of every group below it.
 *
 * ```json
 * "managementGroups": [
 *   { "id": "contoso", "displayName": "Contoso", "subscriptions": ["<GUID>"], "children": ["contoso-prod"] },
 *   { "id": "contoso-prod", "subscriptions": ["<GUID>", "<GUID>"] }
 * ]
 * ```
 */
import { isGuid } from "../provider/model/names";
import { EmulatorDataError } from "./data-error";

export interface ManagementGroupDeclaration {
  /** The group's name (the last segment of /providers/Microsoft.Management/managementGroups/{id}). */
  id: string;
  displayName?: string;
  /** Subscriptions directly in this group. */
  subscriptions?: string[];
  /** Ids of the groups directly below this one. */
  children?: string[];
}

const MANAGEMENT_GROUP_ID = /^[\p{L}\p{Nd}\-_.()]{1,90}$/u;

/**
 * Validates the `managementGroups` of a data set against its declared subscriptions: unique ids,
 * known subscriptions and children, each subscription in at most one group, no group below two
 * parents, no cycles.
 */
export function validateManagementGroups(value: unknown, declaredSubscriptions: Set<string>, source: string): ManagementGroupDeclaration[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new EmulatorDataError(`${source}: "managementGroups" must be an array`);
  const ids = new Set<string>();
  const groups = value.map((g, i) => {
    const where = `${source}: managementGroups[${i}]`;
    if (typeof g !== "object" || g === null || Array.isArray(g))
      throw new EmulatorDataError(`${where}: must be an object { id, subscriptions, children }`);
    const mg = g as ManagementGroupDeclaration;
    if (typeof mg.id !== "string" || !MANAGEMENT_GROUP_ID.test(mg.id) || mg.id.endsWith(".")) {
      throw new EmulatorDataError(`${where}: "id" must be 1-90 letters, digits, -_.() not ending in "."`);
    }
    if (ids.has(mg.id.toLowerCase())) throw new EmulatorDataError(`${where}: management group "${mg.id}" is declared twice`);
    ids.add(mg.id.toLowerCase());
    if (mg.displayName !== undefined && typeof mg.displayName !== "string")
      throw new EmulatorDataError(`${where}: "displayName" must be a string`);
    for (const key of ["subscriptions", "children"] as const) {
      const list = mg[key];
      if (list !== undefined && (!Array.isArray(list) || list.some((s) => typeof s !== "string"))) {
        throw new EmulatorDataError(`${where}: "${key}" must be an array of strings`);
      }
    }
    for (const s of mg.subscriptions ?? []) {
      if (!isGuid(s)) throw new EmulatorDataError(`${where}: subscription "${s}" is not a GUID`);
      if (!declaredSubscriptions.has(s.toLowerCase()))
        throw new EmulatorDataError(`${where}: subscription ${s} is not declared under "subscriptions"`);
    }
    return mg;
  });
  const inGroup = new Map<string, string>();
  const parent = new Map<string, string>();
  for (const mg of groups) {
    for (const s of mg.subscriptions ?? []) {
      const other = inGroup.get(s.toLowerCase());
      if (other !== undefined)
        throw new EmulatorDataError(`${source}: subscription ${s} is in two management groups ("${other}" and "${mg.id}")`);
      inGroup.set(s.toLowerCase(), mg.id);
    }
    for (const c of mg.children ?? []) {
      if (!ids.has(c.toLowerCase())) throw new EmulatorDataError(`${source}: management group "${mg.id}" has an undeclared child "${c}"`);
      const other = parent.get(c.toLowerCase());
      if (other !== undefined)
        throw new EmulatorDataError(`${source}: management group "${c}" is below two parents ("${other}" and "${mg.id}")`);
      parent.set(c.toLowerCase(), mg.id);
    }
  }
  // With at most one parent each, a cycle is a walk up that comes back to its start.
  for (const mg of groups) {
    let at = parent.get(mg.id.toLowerCase());
    for (let steps = 0; at !== undefined; steps++) {
      if (at.toLowerCase() === mg.id.toLowerCase() || steps > groups.length) {
        throw new EmulatorDataError(`${source}: management group "${mg.id}" is below itself`);
      }
      at = parent.get(at.toLowerCase());
    }
  }
  return groups;
}

/** Case-insensitive index of the groups, resolving a group to every subscription below it. */
export class ManagementGroupIndex {
  private readonly byId = new Map<string, ManagementGroupDeclaration>();

  constructor(groups: readonly ManagementGroupDeclaration[]) {
    for (const g of groups) this.byId.set(g.id.toLowerCase(), g);
  }

  has(id: string): boolean {
    return this.byId.has(id.toLowerCase());
  }

  list(): ManagementGroupDeclaration[] {
    return [...this.byId.values()].map((g) => ({ ...g }));
  }

  /** Subscriptions (lower-case) of the group and every group below it; undefined for an unknown group. */
  subscriptionsUnder(id: string): string[] | undefined {
    const root = this.byId.get(id.toLowerCase());
    if (!root) return undefined;
    const out: string[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const g = stack.pop()!;
      for (const s of g.subscriptions ?? []) out.push(s.toLowerCase());
      for (const c of g.children ?? []) stack.push(this.byId.get(c.toLowerCase())!);
    }
    return out;
  }
}
