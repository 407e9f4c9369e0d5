#!/usr/bin/env bash
# Installs a real Arize Phoenix server, `arize-phoenix` from PyPI pinned to one version, into a
# Python virtual environment and prints the path of its `phoenix` executable.
#
# The venv lives outside the repository (~/.cache/agent-otel/phoenix-venv-<version> by default,
# AGENT_OTEL_CACHE_DIR moves it). A venv cannot be moved once built (its scripts name their own
# interpreter), so it is built in place and a marker file written last says it is complete; a venv
# without the marker (an interrupted install) is removed and built again.
set -euo pipefail

PHOENIX_VERSION="${PHOENIX_VERSION:-20.26.1}"
CACHE_DIR="${AGENT_OTEL_CACHE_DIR:-$HOME/.cache/agent-otel}"
VENV="$CACHE_DIR/phoenix-venv-$PHOENIX_VERSION"
MARKER="$VENV/.agent-otel-installed"
PYTHON="${PYTHON:-python3}"

if [ -f "$MARKER" ] && [ -x "$VENV/bin/phoenix" ]; then
  echo "$VENV/bin/phoenix"
  exit 0
fi

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "install-phoenix: $PYTHON (Python >= 3.10) is required to install Arize Phoenix" >&2
  exit 1
fi

mkdir -p "$CACHE_DIR"
# Two installs at once (e.g. setup and a test run) would build the same venv: the second waits.
exec 9>"$CACHE_DIR/phoenix-$PHOENIX_VERSION.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -f "$MARKER" ] && [ -x "$VENV/bin/phoenix" ]; then
  echo "$VENV/bin/phoenix"
  exit 0
fi

echo "install-phoenix: installing arize-phoenix==$PHOENIX_VERSION into $VENV (first run only)" >&2
rm -rf "$VENV"
{
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    "arize-phoenix==$PHOENIX_VERSION"
} >&2 || {
  echo "install-phoenix: arize-phoenix==$PHOENIX_VERSION could not be installed" >&2
  rm -rf "$VENV"
  exit 1
}
if [ ! -x "$VENV/bin/phoenix" ]; then
  echo "install-phoenix: the install finished but $VENV/bin/phoenix is missing" >&2
  exit 1
fi
touch "$MARKER"
echo "$VENV/bin/phoenix"
