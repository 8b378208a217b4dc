// Generates the Python and Go SDKs of the azure-batch-lookup provider from schema.json with the
// code generators of github.com/pulumi/pulumi/pkg/v3, at the pinned CLI's version.
//
// `pulumi package gen-sdk` would delegate to language plugins (pulumi-language-go, -python) that the
// Go module proxy does not serve; the generators themselves are packages of pkg/v3, called here.
//
//	go run . -schema ../../schema.json -out ../../sdk
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "azure-batch-lookup sdkgen (pulumi pkg/v3 codegen)"

// noReferences is the loader of a schema that refers to no other package.
type noReferences struct{}

func (noReferences) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("schema.json refers to package %q: only self-contained schemas are supported", pkg)
}

func (noReferences) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("schema.json refers to package %q: only self-contained schemas are supported", d.Name)
}

func (noReferences) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("schema.json refers to package %q: only self-contained schemas are supported", pkg)
}

func (noReferences) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, fmt.Errorf("schema.json refers to package %q: only self-contained schemas are supported", d.Name)
}

func main() {
	schemaPath := flag.String("schema", "schema.json", "the Pulumi package schema")
	outDir := flag.String("out", "sdk", "the directory that receives go/ and python/")
	goModule := flag.String("go-module", "", "the module path written to <out>/go/go.mod")
	sdkVersion := flag.String("pulumi-sdk", "v3.259.0", "the github.com/pulumi/pulumi/sdk/v3 version the Go SDK requires")
	flag.Parse()

	if err := run(*schemaPath, *outDir, *goModule, *sdkVersion); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, outDir, goModule, sdkVersion string) error {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noReferences{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s does not bind: %s", schemaPath, diags.Error())
	}

	goFiles, err := gogen.GeneratePackage(tool, pkg, nil)
	if err != nil {
		return fmt.Errorf("Go SDK: %w", err)
	}
	if goModule != "" {
		goFiles["go.mod"] = []byte(fmt.Sprintf("module %s\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n", goModule, sdkVersion))
	}
	if err := writeTree(filepath.Join(outDir, "go"), goFiles); err != nil {
		return err
	}

	pyFiles, err := pygen.GeneratePackage(tool, pkg, nil, noReferences{})
	if err != nil {
		return fmt.Errorf("Python SDK: %w", err)
	}
	// pyproject.toml names README.md beside it, where the generator does not write one: without it
	// the package does not build (`python -m build`, `pip install sdk/python`).
	var pyReadme []byte
	for name, content := range pyFiles {
		if dir, file := filepath.Split(filepath.FromSlash(name)); file == "README.md" && filepath.Dir(filepath.Clean(dir)) == "." {
			pyReadme = content
		}
	}
	if pyReadme == nil {
		return fmt.Errorf("Python SDK: the generator wrote no README.md in the package")
	}
	pyFiles["README.md"] = pyReadme
	return writeTree(filepath.Join(outDir, "python"), pyFiles)
}

// writeTree replaces dir with exactly the given files, so a file the generator no longer emits
// does not linger.
func writeTree(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}
