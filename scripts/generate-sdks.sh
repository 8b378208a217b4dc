#!/usr/bin/env bash
# Regenerates schema.json from the model and the Python and Go SDKs from it (sdk/python, sdk/go),
# with the code generators of github.com/pulumi/pulumi/pkg/v3 at the pinned CLI's version
# (scripts/sdkgen). Needs the build (`npm run generate` builds first) and Go.
#
#   bash scripts/generate-sdks.sh [OUT_DIR]    OUT_DIR receives schema.json and sdk/ (default: the repository)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root}" && cd "${1:-$root}" && pwd)"
go_module="github.com/azure-batch-lookup/azure-batch-lookup/sdk/go"
pulumi_version="$(sed -n 's/.*"pulumiCliVersion": *"\([^"]*\)".*/\1/p' "$root/package.json")"

node "$root/dist/scripts/generate-schema.js" --out "$out/schema.json" >&2
command -v go >/dev/null 2>&1 || { echo "generate-sdks: Go is needed to generate the SDKs (https://go.dev/dl)" >&2; exit 1; }
cd "$root/scripts/sdkgen"
go run . -schema "$out/schema.json" -out "$out/sdk" -go-module "$go_module" -pulumi-sdk "v$pulumi_version"
echo "generate-sdks: wrote $out/schema.json, $out/sdk/go and $out/sdk/python" >&2
