#!/usr/bin/env bash
# Finds a pulumi CLI of the pinned version, or builds one (CLI + Node.js language host) from the Go
# module proxy into a cache outside the repository. Prints the directory to put on PATH (last line).
#
# The version is pinned in package.json ("pulumiCliVersion") and equals the @pulumi/pulumi dependency.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${PULUMI_CLI_VERSION:-$(sed -n 's/.*"pulumiCliVersion": *"\([^"]*\)".*/\1/p' "$root/package.json")}"
[ -n "$version" ] || { echo "ensure-pulumi: no pulumiCliVersion in package.json" >&2; exit 1; }
cache="${AZURE_BATCH_LOOKUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/azure-batch-lookup}"
bin="$cache/pulumi-v$version/bin"
log() { echo "ensure-pulumi: $*" >&2; }

nodejs_shim_ready() {
  [ -x "$bin/pulumi-resource-pulumi-nodejs" ] && [ -x "$bin/pulumi-analyzer-policy-nodejs" ]
}

install_nodejs_shims() {
  # Dynamic providers and policy packs run through these scripts, shipped in the @pulumi/pulumi and
  # @pulumi/policy npm packages; the language host looks them up on PATH.
  local pkg="$root/node_modules/@pulumi/pulumi"
  [ -f "$pkg/pulumi-resource-pulumi-nodejs" ] || { log "run npm install first (missing $pkg)"; exit 1; }
  install -m 0755 "$pkg/pulumi-resource-pulumi-nodejs" "$bin/pulumi-resource-pulumi-nodejs"
  # Without a language host the engine boots a Node.js policy pack through this analyzer plugin,
  # started in the pack's directory (PulumiPolicy.yaml runtime: nodejs).
  cat >"$bin/pulumi-analyzer-policy-nodejs" <<'SH'
#!/bin/sh
exec node "$(node -p "require.resolve('@pulumi/pulumi/cmd/run-policy-pack')")" "$@"
SH
  chmod 0755 "$bin/pulumi-analyzer-policy-nodejs"
}

# One build at a time: a second caller waits for the first and then finds the binary.
mkdir -p "$cache"
exec 9>"$cache/pulumi-v$version.lock"
flock 9

if [ -x "$bin/pulumi" ]; then
  nodejs_shim_ready || install_nodejs_shims
  echo "$bin"; exit 0
fi

if command -v pulumi >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null | sed 's/^v//')"
  if [ "$have" = "$version" ]; then
    mkdir -p "$bin"
    ln -sf "$(command -v pulumi)" "$bin/pulumi"
    if command -v pulumi-language-nodejs >/dev/null 2>&1; then
      ln -sf "$(command -v pulumi-language-nodejs)" "$bin/pulumi-language-nodejs"
    fi
    install_nodejs_shims
    echo "$bin"; exit 0
  fi
  log "pulumi on PATH is v$have, not the pinned v$version; building the pinned one"
fi

command -v go >/dev/null 2>&1 || {
  log "no pulumi v$version on PATH and no Go toolchain to build it."
  log "Install Go (https://go.dev/dl) or Pulumi v$version (https://www.pulumi.com/docs/install/) and retry."
  exit 1
}

log "building pulumi v$version from the Go module proxy into $bin (one-time, several minutes)"
work="$cache/pulumi-v$version/build"
mkdir -p "$work/cli" "$work/language-host" "$bin"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"

# pkg/go.mod has replace directives, so `go install pkg@version` is refused: build from a small
# consumer module that requires pkg/v3 and sdk/v3 at the same version.
cd "$work/cli"
cat >go.mod <<MOD
module pulumi-cli-build

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)
MOD
cat >tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
log "resolving modules for pulumi v$version"
GOFLAGS=-mod=mod go mod tidy >&2
log "compiling pulumi (about 5-10 minutes on 2 cores)"
go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
mv "$bin/pulumi.tmp" "$bin/pulumi"

# The Node.js language host is a module of its own without tags: required at the pseudo-version of
# the release commit. Optional: without it, programs run through the Automation API's inline mode,
# where @pulumi/pulumi serves the language runtime in-process (see scripts/stack/driver.ts).
cd "$work/language-host"
commit="$(go list -m -json "github.com/pulumi/pulumi/pkg/v3@v$version" | sed -n 's/.*"Hash": "\([0-9a-f]*\)".*/\1/p')"
rm -f go.mod go.sum
printf 'module pulumi-language-host-build\n\ngo 1.24\n' >go.mod
if GOFLAGS=-mod=mod go get "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$commit" >lang.log 2>&1 \
  && go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 >>lang.log 2>&1; then
  log "built pulumi-language-nodejs"
else
  log "pulumi-language-nodejs is not available from the module proxy ($(tail -1 lang.log | tr -d '\t'));"
  log "programs will run with the Automation API's in-process language runtime"
fi
install_nodejs_shims
log "installed $("$bin/pulumi" version) in $bin"
echo "$bin"
