import type { ArmClient } from "../client/arm-client";
import { invalidArgument } from "../errors";
import type { PrivateDnsZoneGroup } from "../model/estate";
import { validateArgsObject, validateResourceGroupName, validateSubscriptionId } from "../model/names";
import type { ListOperation } from "../operations/operation";
import { parsePrivateEndpointId, privateDnsZoneGroupsList } from "../operations/private-dns-zone-groups-list";
import { armListPages } from "../paging/arm-list-pages";
import { type PagedAsyncIterableIterator, pagedIterator } from "../paging/paged-iterator";
import { clientFor } from "./lookup-context";
import type { LookupOptions } from "./lookup-options";

export interface ListPrivateDnsZoneGroupsArgs {
  /**
   * The ARM id of the private endpoint, for example a Batch account's
   * `privateEndpointConnections[i].privateEndpoint.id`.
   */
  privateEndpointId: string;
}

export interface PrivateDnsZoneGroupListResult {
  value: PrivateDnsZoneGroup[];
}

const ENDPOINT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]?$/;

/**
 * Gets all private DNS zone groups of a private endpoint (Private DNS Zone Groups - List,
 * Microsoft.Network, api-version 2026-01-01). Needs
 * Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read.
 */
export async function listPrivateDnsZoneGroups(
  args: ListPrivateDnsZoneGroupsArgs,
  opts?: LookupOptions,
): Promise<PrivateDnsZoneGroupListResult> {
  const { client, list } = planZoneGroupList(args, opts);
  const first = list();
  return client.shared(`dnszonegroups ${first.first.url.toLowerCase()}`, async () => ({ value: await client.collect(first) }));
}

/** The zone groups of `listPrivateDnsZoneGroups`, page by page (`PagedAsyncIterableIterator`; see `listBatchAccountsPaged`). */
export function listPrivateDnsZoneGroupsPaged(
  args: ListPrivateDnsZoneGroupsArgs,
  opts?: LookupOptions,
): PagedAsyncIterableIterator<PrivateDnsZoneGroup> {
  const { client, list } = planZoneGroupList(args, opts);
  return pagedIterator((settings) => armListPages(client, list(), settings));
}

function planZoneGroupList(
  args: ListPrivateDnsZoneGroupsArgs,
  opts: LookupOptions | undefined,
): { client: ArmClient; list: () => ListOperation<PrivateDnsZoneGroup> } {
  const a = validateArgsObject(args);
  const key = typeof a.privateEndpointId === "string" ? parsePrivateEndpointId(a.privateEndpointId) : undefined;
  if (key === undefined || !ENDPOINT_NAME.test(key.privateEndpointName)) {
    throw invalidArgument(
      "privateEndpointId",
      "must be a private endpoint's ARM id: /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Network/privateEndpoints/{name}",
      a.privateEndpointId,
    );
  }
  validateSubscriptionId(key.subscriptionId, "privateEndpointId");
  validateResourceGroupName(key.resourceGroupName, "privateEndpointId");
  const client = clientFor(opts);
  return { client, list: () => privateDnsZoneGroupsList(client.endpoint, key) };
}
