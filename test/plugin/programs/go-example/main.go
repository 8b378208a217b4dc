// Runs examples/go's program (program.go, copied beside this file in place of the example's
// main.go) through the Go Automation API's inline mode: the CLI and the plugin are found on PATH.
//
//	go run . [-config KEY=VALUE]... [-secret KEY=VALUE]... [-stack NAME] up|destroy
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
)

type keyValues []string

func (k *keyValues) String() string     { return strings.Join(*k, ",") }
func (k *keyValues) Set(v string) error { *k = append(*k, v); return nil }

func main() {
	var plain, secret keyValues
	flag.Var(&plain, "config", "KEY=VALUE stack configuration (repeatable)")
	flag.Var(&secret, "secret", "KEY=VALUE secret stack configuration (repeatable)")
	stackName := flag.String("stack", "example", "stack name")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: go run . [flags] up|destroy")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *stackName, plain, secret); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(operation, stackName string, plain, secret keyValues) error {
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
	case "up":
		r, err := stack.Up(ctx)
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
