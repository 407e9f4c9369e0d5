'use strict';
/**
 * Installs the peers' packages (bench/peers/package-lock.json) into bench/peers/node_modules,
 * outside the workspaces so that their OpenTelemetry copies and engines never touch the project's
 * own install. Skipped when the installed lock matches the committed one. `npm run bench` calls it;
 * a failed install leaves the peer pipelines skipped with the reason in the report.
 *
 *   node bench/peers/install.js        # prints the directory, exits 1 when npm fails
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const DIR = __dirname;
const STAMP = path.join(DIR, 'node_modules', '.installed-lock.json');

/** Whether node_modules holds exactly the committed lock. */
function installed() {
  try {
    return fs.readFileSync(STAMP, 'utf8') === fs.readFileSync(path.join(DIR, 'package-lock.json'), 'utf8');
  } catch {
    return false;
  }
}

/** Installs when needed; returns undefined on success, else npm's error output. */
function installPeers() {
  if (installed()) return undefined;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: DIR, encoding: 'utf8' });
  if (result.status !== 0) return `npm ci in bench/peers failed (exit ${result.status}): ${(result.stderr || result.stdout || '').trim().slice(-2000)}`;
  fs.copyFileSync(path.join(DIR, 'package-lock.json'), STAMP);
  return undefined;
}

if (require.main === module) {
  const error = installPeers();
  if (error) {
    console.error(`bench: ${error}`);
    process.exit(1);
  }
  console.log(DIR);
}

module.exports = { installPeers, installed, PEERS_DIR: DIR };
