#!/usr/bin/env bash
# Installs the official OpenTelemetry Python SDK (the pinned set in
# examples/python-relay/requirements.txt) from PyPI into a virtual environment and prints the path
# of that environment's python on the last line.
#
# The venv is cached outside the repository, in
#   ${AGENT_OTEL_CACHE_DIR:-~/.cache/agent-otel}/python-otel-venv-<hash>
# where <hash> covers requirements.txt and the interpreter's version, so changing a pin or the
# Python version builds a new venv and a repeated run is instant. It is built in a temporary
# directory and renamed into place, so an interrupted run never leaves a half-installed cache.
#
# PYTHON selects the interpreter (default python3; Python >= 3.9 is required).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REQUIREMENTS="$ROOT/examples/python-relay/requirements.txt"
CACHE_DIR="${AGENT_OTEL_CACHE_DIR:-$HOME/.cache/agent-otel}"
PYTHON="${PYTHON:-python3}"

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "install-python-otel: $PYTHON not found; install Python >= 3.9 or set PYTHON" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)'; then
  echo "install-python-otel: $("$PYTHON" --version 2>&1) is too old; Python >= 3.9 is required" >&2
  exit 1
fi

version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
hash="$( (cat "$REQUIREMENTS"; echo "python $version") | sha256sum | cut -c1-12)"
venv="$CACHE_DIR/python-otel-venv-$hash"

if [ -x "$venv/bin/python" ] && [ -f "$venv/.installed" ]; then
  echo "$venv/bin/python"
  exit 0
fi

mkdir -p "$CACHE_DIR"
work="$(mktemp -d "$CACHE_DIR/.python-otel-venv-XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "install-python-otel: installing the OpenTelemetry Python SDK into $venv (first run only)" >&2
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQUIREMENTS" >&2
"$work/venv/bin/python" -c 'import opentelemetry.sdk.trace, opentelemetry.exporter.otlp.proto.http.trace_exporter'
touch "$work/venv/.installed"
# Another run may have finished first; its venv is as good as ours.
if ! mv -T "$work/venv" "$venv" 2>/dev/null; then
  [ -f "$venv/.installed" ] || { echo "install-python-otel: could not move the venv into $venv" >&2; exit 1; }
fi
echo "$venv/bin/python"
