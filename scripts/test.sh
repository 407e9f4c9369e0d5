#!/usr/bin/env bash
# Runs every unit and end-to-end test with jest and ends with jest's totals as one plain line,
# "N passed, N failed", so a run that executed no test cannot pass unnoticed.
#
# Without arguments the checks come first, each counted as one test, passed or failed: the
# benchmark's own checks (node --test bench/test/), lint (eslint), the format check (prettier), the
# unused-code check (knip) and the API reports (scripts/api/api-report.js: packages/*/api/*.api.md
# must match the built public surface). Then three jest runs, each printed with its own line and
# all counted in the totals:
#   1. every test but the consumer matrix, on this node;
#   2. the consumer matrix (packages/node/test/e2e/consumer-matrix.e2e.test.ts) on its own, so its
#      npm installs and compiles do not compete with the other end-to-end tests' servers for the CPU;
#   3. the genai and capture unit suites under Node.js 24 (scripts/install-node24.sh; NODE24_BIN to
#      use another binary).
# Extra arguments go to jest (e.g. a path pattern); then only that one jest run happens, on this node.
set -uo pipefail
cd "$(dirname "$0")/.."
results_dir="$(mktemp -d -t agent-otel-jest-XXXXXX)"
trap 'rm -rf "$results_dir"' EXIT
status=0
# One code check: its result is written like a jest run of one test, so the totals count it.
check() {
  local name="$1" hint="$2" passed=1
  shift 2
  echo "Checking $name ($hint)"
  "$@" || passed=0
  [ $passed -eq 1 ] || echo "$name failed (see above; $hint)" >&2
  echo "{\"numTotalTests\":1,\"numPassedTests\":$passed,\"numFailedTests\":$((1 - passed))}" >"$results_dir/0-$name.json"
  [ $passed -eq 1 ] || status=1
}
if [ $# -eq 0 ]; then
  # The benchmark's own checks (sink, statistics, report) use node's test runner.
  check bench-checks 'node --test bench/test/' node --test --test-reporter=dot bench/test/
  check lint 'npm run lint; npx eslint --fix <path> fixes some' npm run --silent lint
  check format-check 'npm run format rewrites the files' npm run --silent format:check
  check knip 'npm run knip' npm run --silent knip
  check api-report 'npm run api:update accepts a change' node scripts/api/api-report.js
fi
if [ $# -gt 0 ]; then
  npx jest --json --outputFile="$results_dir/1-jest.json" "$@" || status=1
else
  npx jest --json --outputFile="$results_dir/1-all-but-the-consumer-matrix.json" --testPathIgnorePatterns '/consumer-matrix\.e2e\.test\.ts$' || status=1
  npx jest --json --outputFile="$results_dir/2-consumer-matrix.json" packages/node/test/e2e/consumer-matrix || status=1
  node24="${NODE24_BIN:-$(bash scripts/install-node24.sh | tail -n 1)}" || node24=""
  if [ -n "$node24" ] && [ -x "$node24" ]; then
    echo "Running the genai and capture unit suites on $("$node24" --version) ($node24)"
    "$node24" node_modules/jest/bin/jest.js --json --outputFile="$results_dir/3-node24-genai-capture-unit.json" \
      --testPathIgnorePatterns /e2e/ -- packages/genai packages/capture || status=1
  else
    echo "Node.js 24 could not be installed (scripts/install-node24.sh); the Node 24 run counts as one failure" >&2
    echo '{"numTotalTests":1,"numPassedTests":0,"numFailedTests":1}' >"$results_dir/3-node24-genai-capture-unit.json"
    status=1
  fi
fi
# Every run must have executed tests; a run whose results file is missing or empty counts as a failure.
node -e '
  const fs = require("fs");
  const path = require("path");
  const dir = process.argv[1];
  const runs = process.argv[2] === "single" ? ["1-jest.json"] : ["0-bench-checks.json", "0-lint.json", "0-format-check.json", "0-knip.json", "0-api-report.json", "1-all-but-the-consumer-matrix.json", "2-consumer-matrix.json", "3-node24-genai-capture-unit.json"];
  let passed = 0, failed = 0;
  for (const run of runs) {
    const file = path.join(dir, run);
    const r = fs.existsSync(file) && fs.statSync(file).size > 0 ? JSON.parse(fs.readFileSync(file, "utf8")) : null;
    const name = run.replace(/^\d-|\.json$/g, "");
    if (!r || r.numTotalTests === 0) { console.error(`${name}: no test was executed`); failed += 1; continue; }
    if (runs.length > 1) console.log(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
    passed += r.numPassedTests; failed += r.numFailedTests;
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) process.exit(1);
' "$results_dir" "$([ $# -gt 0 ] && echo single)" || status=1
exit $status
