'use strict';
/** Runs one scenario job in a fresh child process and collects its result. */
const { fork } = require('node:child_process');
const path = require('node:path');

const STDERR_KEEP = 16 * 1024;

/**
 * Forks bench/lib/job.js for `job` (`{ scenario, params }`) and resolves with
 * `{ ok: true, result }` or `{ ok: false, error, stderr }`; never rejects. The child is killed after
 * `timeoutMs`.
 */
function forkJob(job, timeoutMs) {
  return new Promise(resolve => {
    const child = fork(path.join(__dirname, 'job.js'), [JSON.stringify(job)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    const keep = chunk => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let answer;
    child.on('message', message => {
      answer = message;
    });
    const timer = setTimeout(() => {
      answer = { ok: false, error: `timed out after ${Math.round(timeoutMs / 1000)} s` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!answer) answer = { ok: false, error: `exited with ${signal ?? `code ${code}`} without a result` };
      resolve(answer.ok ? answer : { ...answer, stderr });
    });
  });
}

module.exports = { forkJob };
