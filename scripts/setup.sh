#!/usr/bin/env bash
# Installs what the tests and the demo need on a machine that has nothing yet:
# the npm workspace dependencies (from package-lock.json), a real Jaeger v2 (built with Go), Arize
# Phoenix and the Python OpenTelemetry SDK (in venvs), Node.js 24 (the second Node line of the tests)
# — each cached in ~/.cache/agent-otel.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
node scripts/jaeger.js install >/dev/null
node scripts/zipkin.js install >/dev/null
node scripts/phoenix.js install >/dev/null
bash scripts/install-python-otel.sh >/dev/null
bash scripts/install-node24.sh >/dev/null
