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
import { compareIds } from "./compare-ids";

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

/** Judged accounts, beyond the first not yet emitted, that may wait to be emitted, per reading account. */
const AHEAD_PER_READER = 8;

/**
 * Reads the estate of every account as `accounts` gives them (a listing's pages as they arrive,
 * or an array), at most `width` accounts at a time, and judges each with `judge` as soon as it is
 * read; hands what `judge` made of them to `emit` in the accounts' order, one at a time (the next
 * after `emit` resolves). Neither the accounts, the estates nor all judgements are kept: reading
 * (and so the listing) stops while `width * 8` judged accounts wait for one still being read or
 * emitted, so memory stays bounded however large the tenant and however slow the output. The
 * first failure that is not a subject's own (of the listing, a read, or `emit`) stops the others,
 * ends the listing, and is thrown. `onRead` gets the accounts read and those listed so far.
 */
export async function readEstates<T>(
  accounts: AsyncIterable<BatchAccount> | Iterable<BatchAccount>,
  client: BatchLookupClient,
  judge: (account: BatchAccount, estate: AccountEstate) => T,
  emit: (judged: T) => Promise<void> | void,
  onRead: (done: number, listed: number) => void = () => {},
  width = ESTATE_READ_WIDTH,
): Promise<void> {
  const source: AsyncIterator<BatchAccount> | Iterator<BatchAccount> =
    Symbol.asyncIterator in accounts ? accounts[Symbol.asyncIterator]() : accounts[Symbol.iterator]();
  const ahead = width * AHEAD_PER_READER;
  const waiting = new Map<number, T>();
  let next = 0;
  let listed = 0;
  let exhausted = false;
  let emitted = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  let moved: (() => void)[] = [];
  const wakeReaders = () => {
    for (const wake of moved) wake();
    moved = [];
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    wakeReaders();
  };
  let emitting: Promise<void> = Promise.resolve();
  const emitReady = async () => {
    while (failure === undefined && waiting.has(emitted)) {
      const judged = waiting.get(emitted)!;
      waiting.delete(emitted);
      await emit(judged);
      emitted++;
      wakeReaders();
    }
  };
  const reader = async (): Promise<void> => {
    while (failure === undefined && !exhausted) {
      if (next - emitted >= ahead) {
        await new Promise<void>((resolve) => moved.push(resolve));
        continue;
      }
      // Numbered before the account arrives: a listing answers its callers in the order they asked.
      const i = next++;
      let account: BatchAccount;
      try {
        const result = await source.next();
        if (result.done) {
          exhausted = true;
          return;
        }
        account = result.value;
        listed++;
        waiting.set(i, judge(account, await readAccountEstate(account, client)));
      } catch (e) {
        fail(e);
        return;
      }
      onRead(++done, listed);
      emitting = emitting.then(emitReady).catch(fail);
    }
  };
  try {
    await Promise.all(Array.from({ length: width }, reader));
    await emitting;
  } finally {
    // Ends the listing (and its requests) when the audit stopped before it.
    if (!exhausted) await source.return?.();
  }
  if (failure !== undefined) throw failure.error;
}
