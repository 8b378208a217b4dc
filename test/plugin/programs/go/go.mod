module batch-lookup-go

go 1.25

require (
	github.com/azure-batch-lookup/azure-batch-lookup/sdk/go v0.1.0
	github.com/pulumi/pulumi/sdk/v3 v3.259.0
)

// The generated SDK, from this repository (a user's program requires its published version instead).
replace github.com/azure-batch-lookup/azure-batch-lookup/sdk/go => ../../../../sdk/go
