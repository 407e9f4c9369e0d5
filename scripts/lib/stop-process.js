'use strict';

/** Sends SIGTERM to a child process, waits up to `graceMs` (default 10 s) for it to exit, then SIGKILL. */
function stopProcess(child, graceMs = 10000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

module.exports = { stopProcess };
