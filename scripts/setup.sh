#!/usr/bin/env bash
# Installs what the tests and the demo need on a machine that has nothing yet:
# the npm workspace dependencies (from package-lock.json) and a real Jaeger v2 (built once, cached).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
node scripts/jaeger.js install >/dev/null
