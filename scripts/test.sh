#!/usr/bin/env bash
# Runs every unit and end-to-end test with jest and ends with jest's totals as one plain line,
# "N passed, N failed", so a run that executed no test cannot pass unnoticed.
# Extra arguments go to jest (e.g. a path pattern).
set -uo pipefail
cd "$(dirname "$0")/.."
results="$(mktemp -t agent-otel-jest-XXXXXX.json)"
npx jest --json --outputFile="$results" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (r.numTotalTests === 0) { console.log("0 passed, 0 failed"); console.error("no test was executed"); process.exit(1); }
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$results" || status=1
rm -f "$results"
exit $status
