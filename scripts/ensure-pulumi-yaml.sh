#!/usr/bin/env bash
# Finds or builds the Pulumi YAML language host (pulumi-language-yaml) next to the pinned CLI, so
# YAML programs run with `pulumi preview`/`up`. The Go module proxy serves github.com/pulumi/pulumi-yaml,
# whose go.mod has no replace directives, so `go install` works directly. Prints the directory to
# put on PATH (last line): the CLI's, from scripts/ensure-pulumi.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
yaml_version="${PULUMI_YAML_VERSION:-1.25.0}"
bin="$(bash "$root/scripts/ensure-pulumi.sh" | tail -1)"
log() { echo "ensure-pulumi-yaml: $*" >&2; }

exec 8>"$bin/../pulumi-language-yaml.lock"
flock 8

stamp="$bin/.pulumi-language-yaml-version"
if [ -x "$bin/pulumi-language-yaml" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$yaml_version" ]; then
  echo "$bin"; exit 0
fi
if command -v pulumi-language-yaml >/dev/null 2>&1; then
  ln -sf "$(command -v pulumi-language-yaml)" "$bin/pulumi-language-yaml"
  echo "$yaml_version" >"$stamp"
  echo "$bin"; exit 0
fi
command -v go >/dev/null 2>&1 || { log "no pulumi-language-yaml on PATH and no Go toolchain to build it"; exit 1; }
log "building pulumi-language-yaml v$yaml_version from the Go module proxy into $bin (one-time, about 2 minutes on 2 cores)"
GOBIN="$bin" GOFLAGS=-mod=mod go install -trimpath -ldflags "-s -w" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$yaml_version" >&2
echo "$yaml_version" >"$stamp"
log "installed pulumi-language-yaml v$yaml_version in $bin"
echo "$bin"
