import { invalidArgument } from "../errors";
import type { PrivateDnsZoneGroup } from "../model/estate";
import { validateArgsObject, validateResourceGroupName, validateSubscriptionId } from "../model/names";
import { parsePrivateEndpointId, privateDnsZoneGroupsList } from "../operations/private-dns-zone-groups-list";
import type { PagedAsyncIterableIterator } from "../paging/paged-iterator";
import { type ArmListPlan, pagedArmList, readArmList } from "./arm-list";
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
  return readArmList("dnszonegroups", planZoneGroupList(args, opts));
}

/** The zone groups of `listPrivateDnsZoneGroups`, page by page (`PagedAsyncIterableIterator`; see `listBatchAccountsPaged`). */
export function listPrivateDnsZoneGroupsPaged(
  args: ListPrivateDnsZoneGroupsArgs,
  opts?: LookupOptions,
): PagedAsyncIterableIterator<PrivateDnsZoneGroup> {
  return pagedArmList(planZoneGroupList(args, opts));
}

function planZoneGroupList(args: ListPrivateDnsZoneGroupsArgs, opts: LookupOptions | undefined): ArmListPlan<PrivateDnsZoneGroup> {
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
