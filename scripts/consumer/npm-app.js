'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runCommand } = require('./run-command');

/**
 * The environment of every command run in a consumer app: this process's environment without the
 * npm_* variables an enclosing `npm test` sets (they would configure the app's npm), without
 * NODE_OPTIONS, and without the node_modules/.bin directories `npm test` puts on PATH (the app
 * must not find this repository's tools), with the cell's node first on PATH so `npm`, `npx` and
 * `tsc` run on it.
 */
function appEnv(nodeBin, extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'NODE_OPTIONS' || key === 'NODE_PATH' || key.startsWith('JEST_')) continue;
    env[key] = value;
  }
  const searchPath = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir && !dir.split(path.sep).includes('node_modules'));
  env.PATH = [path.dirname(nodeBin), ...searchPath].join(path.delimiter);
  env.NPM_CONFIG_UPDATE_NOTIFIER = 'false';
  return { ...env, ...extra };
}

/** npm's own problem reports that the matrix forbids: peer conflicts and engine mismatches. */
const FORBIDDEN_NPM_WARNINGS = /ERESOLVE|overriding peer dependency|EBADENGINE|Conflicting peer dependency|invalid: /;

/**
 * `npm install --no-audit --no-fund` of `specs` in `dir`, with the npm cache in `cacheDir`.
 * Resolves to the command's result plus `forbidden`: the output lines that match
 * FORBIDDEN_NPM_WARNINGS.
 */
async function npmInstall(dir, specs, { nodeBin, cacheDir, timeoutMs = 900000 }) {
  const result = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--cache', cacheDir, ...specs], {
    cwd: dir,
    env: appEnv(nodeBin),
    timeoutMs,
  });
  const forbidden = result.output.split('\n').filter((line) => FORBIDDEN_NPM_WARNINGS.test(line));
  return { ...result, forbidden };
}

/** `npm ls --all` in `dir` (exit 0 means no missing, invalid or extraneous package anywhere). */
function npmLs(dir, { nodeBin, cacheDir }) {
  return runCommand('npm', ['ls', '--all', '--cache', cacheDir], { cwd: dir, env: appEnv(nodeBin), timeoutMs: 120000 });
}

/**
 * Every installed copy of every `@opentelemetry/*` package in `dir`, from `npm query`:
 * `{ [name]: [{ version, location }] }`.
 */
async function otelCopies(dir, { nodeBin, cacheDir }) {
  const result = await runCommand('npm', ['query', '[name^="@opentelemetry/"]', '--cache', cacheDir], { cwd: dir, env: appEnv(nodeBin), timeoutMs: 120000 });
  if (result.status !== 0) throw new Error(`npm query failed in ${dir} (exit ${result.status}):\n${result.output.slice(-2000)}`);
  const copies = {};
  for (const node of JSON.parse(result.stdout)) (copies[node.name] ??= []).push({ version: node.version, location: node.location });
  return copies;
}

/** The version of `name` installed at the top of `dir`'s node_modules, or undefined. */
function installedVersion(dir, name) {
  const file = path.join(dir, 'node_modules', name, 'package.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).version : undefined;
}

module.exports = { appEnv, npmInstall, npmLs, otelCopies, installedVersion, FORBIDDEN_NPM_WARNINGS };
