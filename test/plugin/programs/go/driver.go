// Runs the function program of this package (program.go here; examples/go's program.go when the
// tests build that example with this file in place of its main.go) through the Go Automation API's
// inline mode: no Go language host needed, the Pulumi CLI and the plugin are found on PATH.
//
//	go run . [-config KEY=VALUE]... [-secret KEY=VALUE]... [-policy-pack DIR] [-policy-pack-config FILE] [-stack NAME] [-variant NAME] preview|up|refresh|destroy
//
// Prints one JSON object: the operation, its change summary and the stack's outputs.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// variants are programs besides program that a file of the package registers (in an init
// function), run with -variant NAME.
var variants = map[string]pulumi.RunFunc{}

type keyValues []string

func (k *keyValues) String() string     { return strings.Join(*k, ",") }
func (k *keyValues) Set(v string) error { *k = append(*k, v); return nil }

func main() {
	var plain, secret, packs, packConfigs keyValues
	flag.Var(&plain, "config", "KEY=VALUE stack configuration (repeatable)")
	flag.Var(&secret, "secret", "KEY=VALUE secret stack configuration (repeatable)")
	flag.Var(&packs, "policy-pack", "policy pack directory for preview (repeatable)")
	flag.Var(&packConfigs, "policy-pack-config", "policy pack configuration file (repeatable)")
	stackName := flag.String("stack", "dev", "stack name")
	variant := flag.String("variant", "", "run the program registered under this name instead of program")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: go run . [flags] preview|up|refresh|destroy")
		os.Exit(2)
	}
	chosen := program
	if *variant != "" {
		var ok bool
		if chosen, ok = variants[*variant]; !ok {
			fmt.Fprintf(os.Stderr, "no program variant %q\n", *variant)
			os.Exit(2)
		}
	}
	if err := run(chosen, flag.Arg(0), *stackName, plain, secret, packs, packConfigs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(program pulumi.RunFunc, operation, stackName string, plain, secret, packs, packConfigs keyValues) error {
	ctx := context.Background()
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, "batch-lookup-go", program)
	if err != nil {
		return err
	}
	for _, set := range []struct {
		values keyValues
		secret bool
	}{{plain, false}, {secret, true}} {
		for _, kv := range set.values {
			key, value, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("%q is not KEY=VALUE", kv)
			}
			if err := stack.SetConfig(ctx, key, auto.ConfigValue{Value: value, Secret: set.secret}); err != nil {
				return err
			}
		}
	}

	result := map[string]any{"operation": operation}
	switch operation {
	case "preview":
		r, err := stack.Preview(ctx, optpreview.PolicyPacks(packs...), optpreview.PolicyPackConfigs(packConfigs...))
		if err != nil {
			return err
		}
		result["changeSummary"], result["stdout"] = r.ChangeSummary, r.StdOut
	case "up":
		r, err := stack.Up(ctx)
		if err != nil {
			return err
		}
		result["changeSummary"] = r.Summary.ResourceChanges
	case "refresh":
		r, err := stack.Refresh(ctx)
		if err != nil {
			return err
		}
		result["changeSummary"] = r.Summary.ResourceChanges
	case "destroy":
		r, err := stack.Destroy(ctx)
		if err != nil {
			return err
		}
		result["changeSummary"] = r.Summary.ResourceChanges
	default:
		return fmt.Errorf("unknown operation %q", operation)
	}
	outputs, err := stack.Outputs(ctx)
	if err != nil {
		return err
	}
	values := map[string]any{}
	for k, v := range outputs {
		values[k] = v.Value
	}
	result["outputs"] = values
	return json.NewEncoder(os.Stdout).Encode(result)
}
