// An existing Azure Batch account in a Go Pulumi program, through the azure-batch-lookup provider
// plugin and its Go SDK: `pulumi up` in this directory runs program (program.go).
package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(program)
}
