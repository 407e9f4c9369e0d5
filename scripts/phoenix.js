'use strict';
/**
 * Installs, starts and stops a real Arize Phoenix (the OpenInference trace UI) for the tests and the demo.
 *
 *   node scripts/phoenix.js install   install (once, a venv cached in ~/.cache/agent-otel) and print the `phoenix` path
 *   node scripts/phoenix.js start     start on free 127.0.0.1 ports, wait until healthy, print its URLs as JSON
 *   node scripts/phoenix.js stop      stop the Phoenix started by `start`
 *
 * As a module: `installPhoenix()`, `startPhoenix(options)` -> `{ url, otlpHttpUrl, ..., stop() }`.
 * Each start gets a fresh working directory (its SQLite database included), so runs never share data.
 * Phoenix is configured to reach nothing outside 127.0.0.1: no telemetry pixels, no web fonts, no
 * sandbox download, no assistant.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePorts } = require('./lib/free-port');
const { runInstaller } = require('./lib/run-installer');
const { runServerCli } = require('./lib/server-cli');
const { stopProcess } = require('./lib/stop-process');
const { waitFor, httpOk } = require('./lib/wait-for');

/** Installs Phoenix into its cached venv if needed and returns the path of the `phoenix` executable (PHOENIX_BIN overrides). */
function installPhoenix() {
  return runInstaller('PHOENIX_BIN', 'install-phoenix.sh');
}

/** The environment of a Phoenix server: the caller's, minus any PHOENIX_* setting, plus ours. */
function phoenixEnv({ httpPort, grpcPort, workingDir }, extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PHOENIX_')));
  return {
    ...env,
    PHOENIX_HOST: '127.0.0.1',
    PHOENIX_PORT: String(httpPort),
    PHOENIX_GRPC_PORT: String(grpcPort),
    PHOENIX_WORKING_DIR: workingDir,
    PHOENIX_SQL_DATABASE_URL: `sqlite:///${path.join(workingDir, 'phoenix.db')}`,
    PHOENIX_TELEMETRY_ENABLED: 'false',
    PHOENIX_ALLOW_EXTERNAL_RESOURCES: 'false',
    PHOENIX_DISABLE_AGENT_ASSISTANT: 'true',
    PHOENIX_ENABLE_MCP_SERVER: 'false',
    PHOENIX_LOG_MIGRATIONS: 'false',
    ...extra,
  };
}

/**
 * Starts Phoenix on free ports of 127.0.0.1 with a fresh working directory and waits until its health
 * check and REST API answer. Options: `bin` (default: installPhoenix()), `env` (extra PHOENIX_*
 * variables), `ports` (`{ http, grpc }`, default: free ports), `workingDir` (default: a new temp
 * directory, removed by `stop()`), `detached` (keep running after this process exits), `logFile`
 * (default: a file in the working directory), `timeoutMs` (default 90000: a cold start imports a
 * large Python application). Resolves to the URLs and an idempotent `stop()`.
 */
async function startPhoenix(options = {}) {
  const bin = options.bin || installPhoenix();
  for (let attempt = 1; ; attempt++) {
    const [httpPort, grpcPort] = options.ports ? [options.ports.http, options.ports.grpc] : await freePorts(2);
    const ports = { http: httpPort, grpc: grpcPort };
    const ownsWorkingDir = !options.workingDir;
    const workingDir = options.workingDir || fs.mkdtempSync(path.join(os.tmpdir(), 'agent-otel-phoenix-'));
    const logFile = options.logFile || path.join(workingDir, 'phoenix.log');
    const log = fs.openSync(logFile, 'a');
    const child = spawn(bin, ['serve'], {
      cwd: workingDir,
      env: phoenixEnv({ httpPort, grpcPort, workingDir }, options.env),
      stdio: ['ignore', log, log],
      detached: Boolean(options.detached),
    });
    fs.closeSync(log);
    let exited = false;
    let spawnError = '';
    child.once('exit', () => (exited = true));
    child.once('error', (error) => {
      exited = true;
      spawnError = ` (${error.message})`;
    });
    const url = `http://127.0.0.1:${httpPort}`;
    const urls = { url, otlpHttpUrl: `${url}/v1/traces`, otlpGrpcUrl: `http://127.0.0.1:${grpcPort}`, healthUrl: `${url}/healthz` };
    const removeWorkingDir = () => {
      if (ownsWorkingDir) fs.rmSync(workingDir, { recursive: true, force: true });
    };
    try {
      await waitFor('Phoenix', async () => (await httpOk(urls.healthUrl)) && httpOk(`${url}/v1/projects`), {
        timeoutMs: options.timeoutMs ?? 90000,
        intervalMs: 200,
        isDead: () => exited,
      });
    } catch (err) {
      await stopProcess(child);
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '';
      removeWorkingDir();
      if (!options.ports && attempt < 3 && /address already in use/i.test(tail)) continue;
      throw new Error(`${err.message}${spawnError}\n--- Phoenix log (${logFile}) ---\n${tail}`, { cause: err });
    }
    if (options.detached) child.unref();
    let stopped;
    const stop = () => (stopped ??= stopProcess(child).then(removeWorkingDir));
    return { ...urls, ports, pid: child.pid, workingDir, logFile, stop };
  }
}

runServerCli(module, {
  name: 'phoenix',
  install: installPhoenix,
  start: () => startPhoenix({ detached: true }),
  state: ({ pid, ports, url, otlpHttpUrl, workingDir, logFile }) => ({ pid, ports, url, otlpHttpUrl, workingDir, logFile }),
  stopTimeoutMs: 10000,
  // Only a working directory `start` created itself is removed.
  afterStop: ({ workingDir }) => {
    if (workingDir && path.basename(workingDir).startsWith('agent-otel-phoenix-')) fs.rmSync(workingDir, { recursive: true, force: true });
  },
});

module.exports = { installPhoenix, startPhoenix };
