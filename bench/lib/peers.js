'use strict';
/**
 * Loads the peers' packages from bench/peers/node_modules (see bench/peers/install.js). A package
 * that is not installed is reported as missing, so its pipeline is skipped with a note.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

const PEERS_DIR = path.join(__dirname, '..', 'peers');
const peerRequire = createRequire(path.join(PEERS_DIR, 'package.json'));

/** Why peer package `name` cannot be loaded, or undefined. */
function peerMissing(name) {
  return fs.existsSync(path.join(PEERS_DIR, 'node_modules', ...name.split('/'), 'package.json'))
    ? undefined
    : `${name} is not installed in bench/peers (node bench/peers/install.js)`;
}

/** The CommonJS exports of peer package `name`. */
function requirePeer(name) {
  return peerRequire(name);
}

/** The ES module exports of peer package `name` (for packages that ship only ESM). */
async function importPeer(name) {
  const pkgDir = path.join(PEERS_DIR, 'node_modules', ...name.split('/'));
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const root = pkg.exports && pkg.exports['.'];
  const entry = typeof root === 'string' ? root : (root && (root.import || root.default)) || pkg.module || pkg.main;
  return import(pathToFileURL(path.join(pkgDir, entry)).href);
}

module.exports = { peerMissing, requirePeer, importPeer };
