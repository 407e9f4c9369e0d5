'use strict';
/**
 * Builds (once, cached) the real backends the end-to-end tests need, and tells the test workers
 * where they are. Each e2e test file starts its own Jaeger on free ports (see scripts/jaeger.js),
 * so tests that stop and restart the backend do not disturb each other.
 */
const { installJaeger } = require('../jaeger');

module.exports = async function globalSetup() {
  process.env.JAEGER_BIN = installJaeger();
};
