'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const { waitFor } = require('./wait-for');

/**
 * Starts a server process with its output appended to `logFile` and waits until `ready()` resolves
 * true. On failure the process is killed and the error carries the tail of the log, plus
 * `portInUse: true` when the log matches `portInUse` (the caller may then retry on other ports).
 * Options: `name`, `command`, `args`, `env`, `logFile`, `detached`, `ready`, `timeoutMs`,
 * `intervalMs` (default 100), `portInUse` (a RegExp).
 */
async function spawnLogged(o) {
  const log = fs.openSync(o.logFile, 'a');
  const child = spawn(o.command, o.args, { env: o.env, stdio: ['ignore', log, log], detached: Boolean(o.detached) });
  fs.closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    await waitFor(o.name, o.ready, { timeoutMs: o.timeoutMs, intervalMs: o.intervalMs, isDead: () => exited });
  } catch (err) {
    child.kill('SIGKILL');
    const tail = fs.existsSync(o.logFile) ? fs.readFileSync(o.logFile, 'utf8').slice(-2000) : '';
    const failure = new Error(`${err.message}\n--- ${o.name} log (${o.logFile}) ---\n${tail}`);
    failure.portInUse = o.portInUse.test(tail);
    throw failure;
  }
  if (o.detached) child.unref();
  return child;
}

module.exports = { spawnLogged };
