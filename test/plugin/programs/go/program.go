// Existing Azure Batch accounts in a Go Pulumi program, through the azure-batch-lookup provider
// plugin and its generated Go SDK. driver.go runs it (and examples/go's program) through the
// Automation API's inline mode.
package main

import (
	"fmt"

	"github.com/azure-batch-lookup/azure-batch-lookup/sdk/go/azurebatchlookup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func init() {
	variants["later-provider"] = withLaterProvider
}

// program looks an account up, lists a second subscription through an explicit provider, and
// references an account in each subscription.
func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	accountName := orDefault(cfg.Get("accountName"), "sampleacct")
	resourceGroupName := orDefault(cfg.Get("resourceGroupName"), "default-azurebatch-japaneast")

	account, err := azurebatchlookup.GetBatchAccount(ctx, &azurebatchlookup.GetBatchAccountArgs{
		AccountName:       accountName,
		ResourceGroupName: resourceGroupName,
	})
	if err != nil {
		return err
	}
	ctx.Export("accountEndpoint", pulumi.String(account.AccountEndpoint))
	ctx.Export("publicNetworkAccess", pulumi.String(account.PublicNetworkAccess))

	// An explicit provider: everything it reads comes from the second subscription.
	second, err := azurebatchlookup.NewProvider(ctx, "second-subscription", &azurebatchlookup.ProviderArgs{
		SubscriptionId: pulumi.StringPtr(cfg.Require("secondSubscriptionId")),
		Token:          optionalSecret(cfg.GetSecret("secondToken")),
	})
	if err != nil {
		return err
	}
	accounts, err := azurebatchlookup.ListBatchAccounts(ctx, &azurebatchlookup.ListBatchAccountsArgs{}, pulumi.Provider(second))
	if err != nil {
		return err
	}
	names := pulumi.StringArray{}
	for _, a := range accounts.Value {
		names = append(names, pulumi.String(a.Name))
	}
	ctx.Export("secondAccountNames", names)

	// The estate of an account in the second subscription: its pools, its diagnostic settings and
	// the DNS zone groups of its private endpoint.
	if err := estate(ctx, second, orDefault(cfg.Get("secondAccountName"), "contosoprodweu"),
		orDefault(cfg.Get("secondResourceGroupName"), "rg-batch-prod-westeurope")); err != nil {
		return err
	}

	// Existing accounts this stack depends on: read on every preview, up and refresh, visible to policies.
	shared, err := azurebatchlookup.NewBatchAccountReference(ctx, "shared", &azurebatchlookup.BatchAccountReferenceArgs{
		AccountName:       pulumi.String(accountName),
		ResourceGroupName: pulumi.String(resourceGroupName),
	})
	if err != nil {
		return err
	}
	ctx.Export("sharedId", shared.ID())
	ctx.Export("sharedEndpoint", shared.AccountEndpoint)

	secondShared, err := azurebatchlookup.NewBatchAccountReference(ctx, "second-shared", &azurebatchlookup.BatchAccountReferenceArgs{
		AccountName:       pulumi.String(orDefault(cfg.Get("secondAccountName"), "contosoprodweu")),
		ResourceGroupName: pulumi.String(orDefault(cfg.Get("secondResourceGroupName"), "rg-batch-prod-westeurope")),
	}, pulumi.Provider(second))
	if err != nil {
		return err
	}
	ctx.Export("secondSharedSubscriptionId", secondShared.SubscriptionId)
	ctx.Export("secondSharedLocation", secondShared.Location)
	return nil
}

// estate exports the names of an account's pools, diagnostic settings and private DNS zone groups.
func estate(ctx *pulumi.Context, provider *azurebatchlookup.Provider, accountName, resourceGroupName string) error {
	account, err := azurebatchlookup.GetBatchAccount(ctx, &azurebatchlookup.GetBatchAccountArgs{
		AccountName:       accountName,
		ResourceGroupName: resourceGroupName,
	}, pulumi.Provider(provider))
	if err != nil {
		return err
	}
	pools, err := azurebatchlookup.ListBatchPools(ctx, &azurebatchlookup.ListBatchPoolsArgs{
		AccountName:       accountName,
		ResourceGroupName: resourceGroupName,
	}, pulumi.Provider(provider))
	if err != nil {
		return err
	}
	poolNames := pulumi.StringArray{}
	for _, p := range pools.Value {
		poolNames = append(poolNames, pulumi.String(p.Name))
	}
	ctx.Export("secondPoolNames", poolNames)

	settings, err := azurebatchlookup.ListDiagnosticSettings(ctx, &azurebatchlookup.ListDiagnosticSettingsArgs{
		ResourceUri: account.Id,
	}, pulumi.Provider(provider))
	if err != nil {
		return err
	}
	settingNames := pulumi.StringArray{}
	for _, s := range settings.Value {
		settingNames = append(settingNames, pulumi.String(s.Name))
	}
	ctx.Export("secondDiagnosticSettingNames", settingNames)

	groupNames := pulumi.StringArray{}
	for _, connection := range account.PrivateEndpointConnections {
		if connection.PrivateEndpoint == nil || connection.PrivateEndpoint.Id == nil {
			continue
		}
		groups, err := azurebatchlookup.ListPrivateDnsZoneGroups(ctx, &azurebatchlookup.ListPrivateDnsZoneGroupsArgs{
			PrivateEndpointId: *connection.PrivateEndpoint.Id,
		}, pulumi.Provider(provider))
		if err != nil {
			return err
		}
		for _, g := range groups.Value {
			groupNames = append(groupNames, pulumi.String(g.Name))
		}
	}
	ctx.Export("secondDnsZoneGroupNames", groupNames)
	return nil
}

// withLaterProvider is program plus an explicit provider whose subscription is known only at
// deployment (as when it comes from a resource the same stack creates), with a reference and a
// lookup through it.
func withLaterProvider(ctx *pulumi.Context) error {
	if err := program(ctx); err != nil {
		return err
	}
	cfg := config.New(ctx, "")
	subscriptionID := pulumi.UnsafeUnknownOutput(nil).ApplyT(func(v interface{}) (*string, error) {
		s := fmt.Sprint(v)
		return &s, nil
	}).(pulumi.StringPtrOutput)
	later, err := azurebatchlookup.NewProvider(ctx, "later-subscription", &azurebatchlookup.ProviderArgs{
		SubscriptionId: subscriptionID,
		Token:          optionalSecret(cfg.GetSecret("secondToken")),
	})
	if err != nil {
		return err
	}
	reference, err := azurebatchlookup.NewBatchAccountReference(ctx, "later-shared", &azurebatchlookup.BatchAccountReferenceArgs{
		AccountName:       pulumi.String("contosoprodweu"),
		ResourceGroupName: pulumi.String("rg-batch-prod-westeurope"),
	}, pulumi.Provider(later))
	if err != nil {
		return err
	}
	looked := azurebatchlookup.GetBatchAccountOutput(ctx, azurebatchlookup.GetBatchAccountOutputArgs{
		AccountName:       pulumi.String("contosoprodweu"),
		ResourceGroupName: pulumi.String("rg-batch-prod-westeurope"),
	}, pulumi.Provider(later))
	ctx.Export("laterSharedLocation", reference.Location)
	ctx.Export("laterLookupEndpoint", looked.AccountEndpoint())
	return nil
}

func orDefault(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

// optionalSecret leaves the token to the environment's credential when it is not configured.
func optionalSecret(value pulumi.StringOutput) pulumi.StringPtrInput {
	return value.ApplyT(func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}).(pulumi.StringPtrOutput)
}
