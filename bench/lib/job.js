'use strict';
/**
 * Entry point of one scenario run in a fresh process (forked by fork-job.js with --expose-gc), so
 * that no JIT state, heap or GC debt of one scenario leaks into the next. argv[2] is the job as
 * JSON: `{ scenario, params }`. The result goes back over IPC, then the process exits.
 */
const path = require('node:path');

async function main() {
  const job = JSON.parse(process.argv[2]);
  const scenario = require(path.join(__dirname, '..', 'scenarios', `${job.scenario}.js`));
  const result = await scenario.run(job.params);
  return { ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}

function reply(message) {
  process.send(message, () => process.exit(message.ok ? 0 : 1));
}

main().then(
  result => reply({ ok: true, result }),
  error => reply({ ok: false, error: error && error.stack ? error.stack : String(error) }),
);
