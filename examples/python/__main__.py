"""An existing Azure Batch account in a Python Pulumi program: the account, its pools, its diagnostic
settings and the DNS zone groups of its private endpoints, looked up through the azure-batch-lookup
provider plugin, and a reference that keeps the account in the stack's state."""

from __future__ import annotations

import pulumi
import pulumi_azure_batch_lookup as batch


def program() -> None:
    cfg = pulumi.Config()
    account_name = cfg.require("accountName")
    resource_group_name = cfg.require("resourceGroupName")

    # The account as it is now (read on every preview and up).
    account = batch.get_batch_account(account_name=account_name, resource_group_name=resource_group_name)
    pulumi.export("accountEndpoint", account.account_endpoint)
    pulumi.export("publicNetworkAccess", account.public_network_access)

    # Its estate: pools, diagnostic settings, the DNS zone groups of its private endpoints.
    pools = batch.list_batch_pools(account_name=account_name, resource_group_name=resource_group_name)
    pulumi.export("pools", sorted(pool.name for pool in pools.value))
    settings = batch.list_diagnostic_settings(resource_uri=account.id)
    pulumi.export("diagnosticSettings", sorted(setting.name for setting in settings.value))
    zone_groups: list[str] = []
    for connection in account.private_endpoint_connections or []:
        endpoint = connection.private_endpoint
        if endpoint is not None and endpoint.id is not None:
            groups = batch.list_private_dns_zone_groups(private_endpoint_id=endpoint.id)
            zone_groups.extend(group.name for group in groups.value)
    pulumi.export("privateDnsZoneGroups", sorted(zone_groups))

    # Every account of the resource group, as an Output.
    in_group = batch.list_batch_accounts_output(resource_group_name=resource_group_name)
    pulumi.export("accountsInResourceGroup", in_group.value.apply(lambda accounts: sorted(a.name for a in accounts)))

    # The account in the stack's state: `pulumi refresh` re-reads it, policy packs judge it,
    # `pulumi destroy` forgets it and never deletes the account.
    reference = batch.BatchAccountReference(
        "account", account_name=account_name, resource_group_name=resource_group_name
    )
    pulumi.export("location", reference.location)


if __name__ == "__main__":
    program()
