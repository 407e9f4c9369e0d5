'use strict';
const { spawn } = require('node:child_process');

/**
 * Runs `command args` in `cwd` with `env`, and resolves to `{ status, signal, stdout, stderr, output,
 * millis }` (output: stdout and stderr interleaved as they arrived). Never rejects on a non-zero
 * exit; the caller asserts. The process is killed with SIGKILL after `timeoutMs` (the result then has
 * `timedOut: true`).
 */
function runCommand(command, args, { cwd, env = process.env, timeoutMs = 600000, input } = {}) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let output = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d) => ((stdout += d), (output += d)));
    child.stderr.setEncoding('utf8').on('data', (d) => ((stderr += d), (output += d)));
    if (input !== undefined) child.stdin.end(input);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${err.message}`));
    });
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, output, timedOut, millis: Date.now() - started });
    });
  });
}

/** One line describing a finished command, for assertion messages: the command, exit, and the output's tail. */
function describeRun(label, result, tailChars = 4000) {
  const how = result.timedOut ? 'timed out' : result.signal ? `killed by ${result.signal}` : `exit ${result.status}`;
  return `${label}: ${how} after ${result.millis} ms\n${result.output.slice(-tailChars)}`;
}

module.exports = { runCommand, describeRun };
