#!/usr/bin/env bash
# Runs every unit and end-to-end test with jest and ends with jest's totals as one plain line,
# "N passed, N failed", so a run that executed no test cannot pass unnoticed.
# Extra arguments go to jest (e.g. a path pattern).
set -uo pipefail
cd "$(dirname "$0")/.."
# The benchmark's own checks (sink, statistics, report) use node's test runner; only a failure counts.
bench_status=0
if [ $# -eq 0 ]; then
  node --test --test-reporter=dot bench/test/ || bench_status=$?
fi
results="$(mktemp -t agent-otel-jest-XXXXXX.json)"
npx jest --json --outputFile="$results" "$@"
status=$?
[ $bench_status -eq 0 ] || status=$bench_status
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (r.numTotalTests === 0) { console.log("0 passed, 0 failed"); console.error("no test was executed"); process.exit(1); }
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$results" || status=1
rm -f "$results"
exit $status
