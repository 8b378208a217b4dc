// What the audit reads for each listed account besides the account: its pools, its diagnostic
// settings, and the DNS zone groups of each private endpoint its connections name, through the
// library's estate reads (the same client, request path and limits as the listing), a bounded
// number of accounts at a time. A read that is refused (403) or finds its resource gone (404) is
// recorded for its subject, with the permission it needs; any other failure fails the audit.

import {
  type BatchAccount,
  type BatchLookupClient,
  BatchLookupError,
  type DiagnosticSetting,
  ESTATE_READ_ACTIONS,
  type BatchPool as ListedPool,
  listBatchPools,
  listDiagnosticSettings,
  listPrivateDnsZoneGroups,
  type PrivateDnsZoneGroup,
} from "azure-batch-lookup";

/** A read that could not be made for its subject. */
export interface Unread {
  /** What was read. */
  read: keyof typeof ESTATE_READ_ACTIONS;
  /** The ARM id of the subject (the account, or the private endpoint). */
  subject: string;
  statusCode?: number;
  code: string;
  /** The RBAC action the read needs (for a 403, the one missing). */
  permission: string;
  message: string;
}

export type Read<T> = { ok: true; value: T } | { ok: false; unread: Unread };

/** A private endpoint an account's connection names, and its zone groups. */
export interface ListedEndpoint {
  id: string;
  name: string;
  groupIds: string[];
  /** The connection's status on the account (Approved, Pending, ...). */
  status?: string;
  zoneGroups: Read<PrivateDnsZoneGroup[]>;
}

export interface AccountEstate {
  pools: Read<ListedPool[]>;
  diagnosticSettings: Read<DiagnosticSetting[]>;
  privateEndpoints: ListedEndpoint[];
}

/** Accounts whose estate is read at the same time (their requests also wait on the client's in-flight bound). */
export const ESTATE_READ_WIDTH = 16;

async function attempt<T>(read: Unread["read"], subject: string, run: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    if (e instanceof BatchLookupError && (e.statusCode === 403 || e.statusCode === 404)) {
      const unread: Unread = { read, subject, code: e.code, permission: ESTATE_READ_ACTIONS[read], message: e.message };
      if (e.statusCode !== undefined) unread.statusCode = e.statusCode;
      return { ok: false, unread };
    }
    throw e;
  }
}

const ENDPOINT_NAME = /\/privateEndpoints\/([^/]+)$/i;

/** Reads one account's pools, diagnostic settings and endpoints' zone groups. */
export async function readAccountEstate(account: BatchAccount, client: BatchLookupClient): Promise<AccountEstate> {
  const opts = { client };
  const endpoints = new Map<string, { id: string; groupIds: string[]; status?: string }>();
  for (const c of account.privateEndpointConnections ?? []) {
    const id = c.privateEndpoint?.id;
    if (id === undefined || !ENDPOINT_NAME.test(id)) continue;
    const known = endpoints.get(id.toLowerCase());
    if (known !== undefined) {
      known.groupIds.push(...(c.groupIds ?? []));
      continue;
    }
    const entry: { id: string; groupIds: string[]; status?: string } = { id, groupIds: [...(c.groupIds ?? [])] };
    if (c.privateLinkServiceConnectionState?.status !== undefined) entry.status = c.privateLinkServiceConnectionState.status;
    endpoints.set(id.toLowerCase(), entry);
  }
  const [pools, diagnosticSettings, ...zoneGroups] = await Promise.all([
    attempt("pools", account.id, async () =>
      (
        await listBatchPools(
          { subscriptionId: account.subscriptionId, resourceGroupName: account.resourceGroupName, accountName: account.name },
          opts,
        )
      ).value.sort((a, b) => compareIds(a.id, b.id)),
    ),
    attempt("diagnosticSettings", account.id, async () => (await listDiagnosticSettings({ resourceUri: account.id }, opts)).value),
    ...[...endpoints.values()].map((e) =>
      attempt("privateDnsZoneGroups", e.id, async () => (await listPrivateDnsZoneGroups({ privateEndpointId: e.id }, opts)).value),
    ),
  ]);
  const privateEndpoints = [...endpoints.values()].map((e, i): ListedEndpoint => {
    const out: ListedEndpoint = { id: e.id, name: ENDPOINT_NAME.exec(e.id)![1]!, groupIds: e.groupIds, zoneGroups: zoneGroups[i]! };
    if (e.status !== undefined) out.status = e.status;
    return out;
  });
  return { pools: pools as Read<ListedPool[]>, diagnosticSettings: diagnosticSettings as Read<DiagnosticSetting[]>, privateEndpoints };
}

/**
 * Reads the estate of every account, at most `width` accounts at a time, and hands each to `use`
 * as soon as it is read; resolves to what `use` made of them, in the accounts' order. The estate
 * itself is not kept: an audit judges it at once, so memory holds the findings, not every pool,
 * setting and zone group of the tenant. The first failure that is not a subject's own stops the
 * others and is thrown.
 */
export async function readEstates<T>(
  accounts: readonly BatchAccount[],
  client: BatchLookupClient,
  use: (account: BatchAccount, estate: AccountEstate, index: number) => T,
  onRead: (done: number) => void = () => {},
  width = ESTATE_READ_WIDTH,
): Promise<T[]> {
  const out = new Array<T>(accounts.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < accounts.length) {
      const i = next++;
      try {
        out[i] = use(accounts[i]!, await readAccountEstate(accounts[i]!, client), i);
      } catch (e) {
        failed = true;
        throw e;
      }
      onRead(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, accounts.length) }, worker));
  return out;
}

/** By id, case-insensitively (as ARM compares ids), then exactly. */
export function compareIds(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
