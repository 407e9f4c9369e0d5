#!/usr/bin/env bash
# Runs every unit and end-to-end test with jest and ends with jest's totals as one plain line,
# "N passed, N failed", so a run that executed no test cannot pass unnoticed.
# The genai and capture unit suites run a second time under Node.js 24 (scripts/install-node24.sh,
# NODE24_BIN to use another binary); their results are printed on their own line and counted in the
# totals.
# Extra arguments go to jest (e.g. a path pattern); then only that jest run happens, on this node.
set -uo pipefail
cd "$(dirname "$0")/.."
# The benchmark's own checks (sink, statistics, report) use node's test runner; only a failure counts.
bench_status=0
if [ $# -eq 0 ]; then
  node --test --test-reporter=dot bench/test/ || bench_status=$?
fi
results="$(mktemp -t agent-otel-jest-XXXXXX.json)"
results24="$(mktemp -t agent-otel-jest-node24-XXXXXX.json)"
trap 'rm -f "$results" "$results24"' EXIT
npx jest --json --outputFile="$results" "$@"
status=$?
[ $bench_status -eq 0 ] || status=$bench_status
if [ $# -eq 0 ]; then
  node24="${NODE24_BIN:-$(bash scripts/install-node24.sh | tail -n 1)}" || node24=""
  if [ -n "$node24" ] && [ -x "$node24" ]; then
    echo "Running the genai and capture unit suites on $("$node24" --version) ($node24)"
    "$node24" node_modules/jest/bin/jest.js --json --outputFile="$results24" --testPathIgnorePatterns /e2e/ -- packages/genai packages/capture || status=1
  else
    echo "Node.js 24 could not be installed (scripts/install-node24.sh); the Node 24 run counts as failed" >&2
    echo '{"numTotalTests":1,"numPassedTests":0,"numFailedTests":1}' >"$results24"
    status=1
  fi
fi
node -e '
  const fs = require("fs");
  const read = (file) => (fs.existsSync(file) && fs.statSync(file).size > 0 ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
  const main = read(process.argv[1]);
  const node24 = read(process.argv[2]);
  if (!main || main.numTotalTests === 0) { console.log("0 passed, 0 failed"); console.error("no test was executed"); process.exit(1); }
  let passed = main.numPassedTests, failed = main.numFailedTests;
  if (process.argv[3] === "with-node24") {
    if (!node24 || node24.numTotalTests === 0) { console.error("no test was executed on Node.js 24"); failed += 1; }
    else {
      console.log(`Node.js 24 (genai + capture unit suites): ${node24.numPassedTests} passed, ${node24.numFailedTests} failed`);
      passed += node24.numPassedTests; failed += node24.numFailedTests;
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) process.exit(1);
' "$results" "$results24" "$([ $# -eq 0 ] && echo with-node24)" || status=1
exit $status
