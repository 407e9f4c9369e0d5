#!/usr/bin/env bash
# Installs a real Jaeger v2 binary, built from source with the Go toolchain, and prints its path.
#
# Jaeger's v2 tags are not Go module versions, so a version of the module
# github.com/jaegertracing/jaeger is pinned instead: first the v2.20.0 release commit; where the
# module proxy in use does not serve that commit, the module tag v1.76.0, which is the tree of the
# Jaeger v2.13.0 release (its cmd/jaeger is the v2 binary). The module's go.mod carries a replace
# directive, which `go install pkg@version` refuses, so the module source is downloaded through the
# module proxy and built as the main module.
#
# The binary is cached outside the repository (~/.cache/agent-otel by default); a machine with
# nothing cached builds it once (several minutes).
set -euo pipefail

JAEGER_VERSIONS="${JAEGER_VERSIONS:-798e4b0fcf22609e381df764a01461affd813e1e v1.76.0}"
CACHE_DIR="${AGENT_OTEL_CACHE_DIR:-$HOME/.cache/agent-otel}"

for version in $JAEGER_VERSIONS; do
  if [ -x "$CACHE_DIR/jaeger-$version/bin/jaeger" ]; then
    echo "$CACHE_DIR/jaeger-$version/bin/jaeger"
    exit 0
  fi
done

if ! command -v go >/dev/null 2>&1; then
  echo "install-jaeger: the Go toolchain is required to build Jaeger v2" >&2
  exit 1
fi

build_version() {
  local version="$1" work src
  work="$(mktemp -d)"
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' RETURN
  src="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/jaegertracing/jaeger@$version" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir","")); sys.exit(1 if d.get("Error") else 0)')" || return 1
  cp -r "$src" "$work/jaeger"
  chmod -R u+w "$work/jaeger"
  mkdir -p "$CACHE_DIR/jaeger-$version/bin"
  (cd "$work/jaeger" && GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go build -o "$CACHE_DIR/jaeger-$version/bin/jaeger.tmp" ./cmd/jaeger) || return 1
  mv "$CACHE_DIR/jaeger-$version/bin/jaeger.tmp" "$CACHE_DIR/jaeger-$version/bin/jaeger"
}

for version in $JAEGER_VERSIONS; do
  echo "install-jaeger: building jaeger@$version (first run only, takes several minutes)" >&2
  if build_version "$version" >&2; then
    echo "$CACHE_DIR/jaeger-$version/bin/jaeger"
    exit 0
  fi
  echo "install-jaeger: jaeger@$version could not be built, trying the next pin" >&2
done
echo "install-jaeger: no pinned Jaeger version could be built (tried: $JAEGER_VERSIONS)" >&2
exit 1
