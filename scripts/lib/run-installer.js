'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

/**
 * Returns `process.env[envVar]` when set; otherwise runs `scripts/<script>` (which installs once
 * and caches) and returns the last line it prints, the installed path. Its progress goes to stderr.
 */
function runInstaller(envVar, script) {
  if (process.env[envVar]) return process.env[envVar];
  const out = execFileSync('bash', [path.join(__dirname, '..', script)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  return out.trim().split('\n').pop();
}

module.exports = { runInstaller };
