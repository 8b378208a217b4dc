"""Existing Azure Batch accounts in a Python Pulumi program, through the azure-batch-lookup provider
plugin and its generated Python SDK, run with the Automation API's inline mode (driver.py; no
Python language host needed; the Pulumi CLI and the plugin are found on PATH).

    python main.py [--config KEY=VALUE]... [--secret KEY=VALUE]... [--policy-pack DIR]
                   [--policy-pack-config FILE] [--stack NAME] preview|up|refresh|destroy
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Protocol

import driver
import pulumi
import pulumi_azure_batch_lookup as batch

PROJECT = "batch-lookup-python"


class Named(Protocol):
    @property
    def name(self) -> str: ...


def names(items: Sequence[Named]) -> list[str]:
    return sorted(item.name for item in items)


def program() -> None:
    """Looks accounts up and lists them every way, reads an account's estate through an explicit
    provider for a second subscription, and references an account in each subscription."""
    cfg = pulumi.Config()
    account_name = cfg.get("accountName") or "sampleacct"
    resource_group_name = cfg.get("resourceGroupName") or "default-azurebatch-japaneast"
    second_subscription_id = cfg.require("secondSubscriptionId")

    # A plain invoke: the result is a value while the program runs.
    account = batch.get_batch_account(account_name=account_name, resource_group_name=resource_group_name)
    pulumi.export("accountEndpoint", account.account_endpoint)
    pulumi.export("publicNetworkAccess", account.public_network_access)
    # The output form: arguments may be outputs, the result is one.
    looked = batch.get_batch_account_output(
        account_name=pulumi.Output.from_input(account_name), resource_group_name=resource_group_name
    )
    pulumi.export("outputLocation", looked.location)

    # The default provider's subscription, named subscriptions, the tenant.
    pulumi.export("subscriptionAccountNames", names(batch.list_batch_accounts().value))
    several = batch.list_batch_accounts(subscription_ids=[second_subscription_id, account.subscription_id])
    pulumi.export("subscriptionIdsAccountSubscriptions", sorted({a.subscription_id for a in several.value}))
    tenant = batch.list_batch_accounts(scope="tenant")
    pulumi.export("tenantAccountSubscriptions", sorted({a.subscription_id for a in tenant.value}))

    # An explicit provider: everything it reads comes from the second subscription.
    second = batch.Provider(
        "second-subscription", subscription_id=second_subscription_id, token=cfg.get_secret("secondToken")
    )
    through_second = pulumi.InvokeOptions(provider=second)
    pulumi.export("secondAccountNames", names(batch.list_batch_accounts(opts=through_second).value))

    # The estate of an account of the second subscription, and the accounts of its resource group.
    second_account_name = cfg.get("secondAccountName") or "contosoprodweu"
    second_resource_group_name = cfg.get("secondResourceGroupName") or "rg-batch-prod-westeurope"
    in_group = batch.list_batch_accounts(resource_group_name=second_resource_group_name, opts=through_second)
    pulumi.export("secondResourceGroupAccountNames", names(in_group.value))
    second_account = batch.get_batch_account(
        account_name=second_account_name, resource_group_name=second_resource_group_name, opts=through_second
    )
    pools = batch.list_batch_pools(
        account_name=second_account_name, resource_group_name=second_resource_group_name, opts=through_second
    )
    pulumi.export("secondPoolNames", names(pools.value))
    settings = batch.list_diagnostic_settings(resource_uri=second_account.id, opts=through_second)
    pulumi.export("secondDiagnosticSettingNames", names(settings.value))
    zone_groups: list[str] = []
    for connection in second_account.private_endpoint_connections or []:
        endpoint = connection.private_endpoint
        if endpoint is not None and endpoint.id is not None:
            groups = batch.list_private_dns_zone_groups(private_endpoint_id=endpoint.id, opts=through_second)
            zone_groups.extend(names(groups.value))
    pulumi.export("secondDnsZoneGroupNames", zone_groups)

    # Existing accounts this stack depends on: read on every preview, up and refresh, visible to policies.
    shared = batch.BatchAccountReference(
        "shared", account_name=account_name, resource_group_name=resource_group_name
    )
    pulumi.export("sharedId", shared.id)
    pulumi.export("sharedEndpoint", shared.account_endpoint)
    second_shared = batch.BatchAccountReference(
        "second-shared",
        account_name=second_account_name,
        resource_group_name=second_resource_group_name,
        opts=pulumi.ResourceOptions(provider=second),
    )
    pulumi.export("secondSharedSubscriptionId", second_shared.subscription_id)
    pulumi.export("secondSharedLocation", second_shared.location)


if __name__ == "__main__":
    sys.exit(driver.main(program, PROJECT))
