/**
 * The in-memory pools, diagnostic settings and private DNS zone groups, by parent (the account or
 * the private endpoint, case-insensitively), each list in id order. The store never mutates a
 * stored object, so it may share the loaded data's objects.
 */
import type { ArmBatchAccount } from "./data-file";
import { type ArmChildResource, type EstateKind, parentId } from "./estate-data";

export interface EstateData {
  accounts: readonly ArmBatchAccount[];
  pools?: readonly ArmChildResource[];
  diagnosticSettings?: readonly ArmChildResource[];
  privateDnsZoneGroups?: readonly ArmChildResource[];
}

export class EstateStore {
  private readonly byKind: Record<EstateKind, Map<string, ArmChildResource[]>> = {
    pools: new Map(),
    diagnosticSettings: new Map(),
    privateDnsZoneGroups: new Map(),
  };
  /** Private endpoints that exist: those an account's connection names, and those with zone groups. */
  private readonly endpoints = new Set<string>();

  constructor(data: EstateData) {
    this.load(data);
  }

  load(data: EstateData): void {
    for (const map of Object.values(this.byKind)) map.clear();
    this.endpoints.clear();
    for (const kind of ["pools", "diagnosticSettings", "privateDnsZoneGroups"] as const) {
      for (const r of data[kind] ?? []) {
        const parent = parentId(kind, r.id)!.toLowerCase();
        const list = this.byKind[kind].get(parent) ?? [];
        list.push(r);
        this.byKind[kind].set(parent, list);
        if (kind === "privateDnsZoneGroups") this.endpoints.add(parent);
      }
    }
    for (const list of Object.values(this.byKind)) {
      for (const items of list.values()) items.sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1));
    }
    for (const account of data.accounts) this.addEndpointsOf(account);
  }

  /** Records the private endpoints an account's connections name (they exist for Private DNS Zone Groups - List). */
  addEndpointsOf(account: ArmBatchAccount): void {
    const connections = (account.properties?.privateEndpointConnections ?? []) as { properties?: { privateEndpoint?: { id?: unknown } } }[];
    if (!Array.isArray(connections)) return;
    for (const c of connections) {
      const id = c?.properties?.privateEndpoint?.id;
      if (typeof id === "string") this.endpoints.add(id.toLowerCase());
    }
  }

  /** The stored resources of a parent (not copies), in id order. */
  of(kind: EstateKind, parent: string): readonly ArmChildResource[] {
    return this.byKind[kind].get(parent.toLowerCase()) ?? [];
  }

  hasEndpoint(id: string): boolean {
    return this.endpoints.has(id.toLowerCase());
  }

  /** Every stored resource of a kind (for snapshots). */
  all(kind: EstateKind): ArmChildResource[] {
    return [...this.byKind[kind].values()].flat();
  }
}
