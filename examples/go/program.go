package main

import (
	"sort"

	"github.com/azure-batch-lookup/azure-batch-lookup/sdk/go/azurebatchlookup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// program looks up an account (accountName in resourceGroupName, in the subscription
// azure-batch-lookup:subscriptionId names), its pools, its diagnostic settings and the DNS zone
// groups of its private endpoints, lists the accounts of its resource group, and keeps the account
// in the stack's state with a BatchAccountReference.
func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	accountName := cfg.Require("accountName")
	resourceGroupName := cfg.Require("resourceGroupName")

	// The account as it is now (read on every preview and up).
	account, err := azurebatchlookup.GetBatchAccount(ctx, &azurebatchlookup.GetBatchAccountArgs{
		AccountName:       accountName,
		ResourceGroupName: resourceGroupName,
	})
	if err != nil {
		return err
	}
	ctx.Export("accountEndpoint", pulumi.String(account.AccountEndpoint))
	ctx.Export("publicNetworkAccess", pulumi.String(account.PublicNetworkAccess))

	// Its estate: pools, diagnostic settings, the DNS zone groups of its private endpoints.
	pools, err := azurebatchlookup.ListBatchPools(ctx, &azurebatchlookup.ListBatchPoolsArgs{
		AccountName:       accountName,
		ResourceGroupName: resourceGroupName,
	})
	if err != nil {
		return err
	}
	poolNames := []string{}
	for _, p := range pools.Value {
		poolNames = append(poolNames, p.Name)
	}
	ctx.Export("pools", sortedStrings(poolNames))

	settings, err := azurebatchlookup.ListDiagnosticSettings(ctx, &azurebatchlookup.ListDiagnosticSettingsArgs{ResourceUri: account.Id})
	if err != nil {
		return err
	}
	settingNames := []string{}
	for _, s := range settings.Value {
		settingNames = append(settingNames, s.Name)
	}
	ctx.Export("diagnosticSettings", sortedStrings(settingNames))

	groupNames := []string{}
	for _, connection := range account.PrivateEndpointConnections {
		if connection.PrivateEndpoint == nil || connection.PrivateEndpoint.Id == nil {
			continue
		}
		groups, err := azurebatchlookup.ListPrivateDnsZoneGroups(ctx, &azurebatchlookup.ListPrivateDnsZoneGroupsArgs{
			PrivateEndpointId: *connection.PrivateEndpoint.Id,
		})
		if err != nil {
			return err
		}
		for _, g := range groups.Value {
			groupNames = append(groupNames, g.Name)
		}
	}
	ctx.Export("privateDnsZoneGroups", sortedStrings(groupNames))

	// Every account of the resource group, as an Output.
	inGroup := azurebatchlookup.ListBatchAccountsOutput(ctx, azurebatchlookup.ListBatchAccountsOutputArgs{
		ResourceGroupName: pulumi.String(resourceGroupName),
	})
	ctx.Export("accountsInResourceGroup", inGroup.Value().ApplyT(func(accounts []azurebatchlookup.BatchAccount) []string {
		names := []string{}
		for _, a := range accounts {
			names = append(names, a.Name)
		}
		sort.Strings(names)
		return names
	}).(pulumi.StringArrayOutput))

	// The account in the stack's state: `pulumi refresh` re-reads it, policy packs judge it,
	// `pulumi destroy` forgets it and never deletes the account.
	reference, err := azurebatchlookup.NewBatchAccountReference(ctx, "account", &azurebatchlookup.BatchAccountReferenceArgs{
		AccountName:       pulumi.String(accountName),
		ResourceGroupName: pulumi.String(resourceGroupName),
	})
	if err != nil {
		return err
	}
	ctx.Export("location", reference.Location)
	return nil
}

func sortedStrings(values []string) pulumi.StringArray {
	sort.Strings(values)
	out := pulumi.StringArray{}
	for _, v := range values {
		out = append(out, pulumi.String(v))
	}
	return out
}
