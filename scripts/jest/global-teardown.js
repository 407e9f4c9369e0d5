'use strict';
/** Removes the temporary state directory the global setup created for the tests' WALs. */
const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const dir = process.env.XDG_STATE_HOME;
  if (dir && dir.includes('agent-otel-test-state-')) fs.rmSync(dir, { recursive: true, force: true });
};
