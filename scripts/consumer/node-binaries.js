'use strict';
const { runInstaller } = require('../lib/run-installer');

/** The Node.js 24 binary (NODE24_BIN, else scripts/install-node24.sh, which installs it once and caches it). */
function installNode24() {
  return runInstaller('NODE24_BIN', 'install-node24.sh');
}

/**
 * The node binary of a cell's Node major: 24 from installNode24(); 20 is NODE20_BIN or the node
 * running this process. Throws when the binary found is of another major, naming the variable to set.
 */
function nodeBinary(major, { run = require('node:child_process').execFileSync } = {}) {
  const bin = major === 24 ? installNode24() : major === 20 ? process.env.NODE20_BIN || process.execPath : undefined;
  if (!bin) throw new Error(`no Node.js ${major} binary is known to the consumer matrix (20 and 24 are)`);
  const version = run(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith(`v${major}.`)) {
    const variable = major === 24 ? 'NODE24_BIN' : 'NODE20_BIN';
    throw new Error(`the consumer matrix needs Node.js ${major}, but ${bin} is ${version}; set ${variable} to a Node.js ${major} binary`);
  }
  return { bin, version };
}

module.exports = { installNode24, nodeBinary };
