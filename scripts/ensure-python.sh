#!/usr/bin/env bash
# Sets up the Python environment of the repository (.venv/, ignored by git) for Python programs on
# the generated SDK: `pulumi` from PyPI at the pinned CLI's version (package.json "pulumiCliVersion"),
# mypy for strict type checks, and the SDK of sdk/python built as a wheel and installed from it.
# Each part is redone only when what it comes from changed. Prints the environment's directory (last line).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${AZURE_BATCH_LOOKUP_VENV:-$root/.venv}"
pulumi_version="$(sed -n 's/.*"pulumiCliVersion": *"\([^"]*\)".*/\1/p' "$root/package.json")"
# The tools beside pulumi, pinned: a new version of a type checker is a change to review.
tools=("mypy==2.4.1" "build==1.6.1" "setuptools==84.2.1" "wheel==0.48.0")
log() { echo "ensure-python: $*" >&2; }

python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || { log "Python 3.10 or newer (what pulumi needs) is needed for the Python SDK and its tests (no $python on PATH)"; exit 1; }
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
  { log "Python 3.10 or newer is needed; $python is $("$python" --version 2>&1)"; exit 1; }

mkdir -p "$(dirname "$venv")"
exec 7>"$venv.lock"
flock 7

requirements="pulumi==$pulumi_version ${tools[*]}"
if [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$requirements" ]; then
  log "creating $venv with $requirements (one-time)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pulumi==$pulumi_version" "${tools[@]}" >&2
  echo "$requirements" >"$venv/.requirements"
  rm -f "$venv/.sdk"
fi

# The SDK: rebuilt and reinstalled when any file of sdk/python changed.
sdk_hash="$(cd "$root/sdk/python" && find . -type f ! -path '*/__pycache__/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
if [ "$(cat "$venv/.sdk" 2>/dev/null)" != "$sdk_hash" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # A copy: building writes build/ and *.egg-info beside the sources.
  cp -r "$root/sdk/python" "$work/src"
  "$venv/bin/python" -m build --wheel --no-isolation --outdir "$work/dist" "$work/src" >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; log "building the SDK's wheel failed"; exit 1; }
  mkdir -p "$venv/wheels"
  rm -f "$venv/wheels/"*.whl
  cp "$work/dist/"*.whl "$venv/wheels/"
  "$venv/bin/python" -m pip uninstall --quiet --disable-pip-version-check --yes pulumi_azure_batch_lookup >&2
  # Its dependencies too (parver, semver); the pinned pulumi already satisfies its range.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$venv/wheels/"*.whl >&2
  echo "$sdk_hash" >"$venv/.sdk"
  log "installed $(basename "$venv/wheels/"*.whl) into $venv"
fi
echo "$venv"
