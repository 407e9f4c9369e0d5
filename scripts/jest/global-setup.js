'use strict';
/**
 * Builds (once, cached) the real backends the end-to-end tests need (Jaeger v2, Arize Phoenix), and tells the test workers
 * where they are. Each e2e test file starts its own Jaeger on free ports (see scripts/jaeger.js),
 * so tests that stop and restart the backend do not disturb each other.
 *
 * Services started by the tests keep their write-ahead logs under a fresh XDG_STATE_HOME, never
 * in the user's home directory.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { installJaeger } = require('../jaeger');
const { installPhoenix } = require('../phoenix');

module.exports = async function globalSetup() {
  process.env.JAEGER_BIN = installJaeger();
  process.env.PHOENIX_BIN = installPhoenix();
  process.env.XDG_STATE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-otel-test-state-'));
};
