'use strict';
const { appEnv } = require('./npm-app');
const { runCommand } = require('./run-command');

const REPORT_PREFIX = 'CONSUMER_REPORT ';

/**
 * Runs one scenario of a consumer app (`node [nodeArgs] dist/<main>`) with `env` added to the app
 * environment, and resolves to the command's result plus `report`, the parsed CONSUMER_REPORT line
 * (undefined when the app printed none).
 */
async function runScenario(dir, scenario, { nodeBin, env, timeoutMs = 120000 }) {
  const result = await runCommand(nodeBin, [...scenario.nodeArgs, `dist/${scenario.main}`], { cwd: dir, env: appEnv(nodeBin, env), timeoutMs });
  const line = result.stdout.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  return { ...result, report: line ? JSON.parse(line.slice(REPORT_PREFIX.length)) : undefined };
}

module.exports = { runScenario };
