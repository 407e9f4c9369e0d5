'use strict';
/**
 * Installs, starts and stops a real Zipkin server for the tests and the demo.
 *
 *   node scripts/zipkin.js install   download (once, cached in ~/.cache/agent-otel) and print the jar's path
 *   node scripts/zipkin.js start     start on a free 127.0.0.1 port, wait until healthy, print its URLs as JSON
 *   node scripts/zipkin.js stop      stop the Zipkin started by `start`
 *
 * As a module: `installZipkin()`, `startZipkin(options)` -> `{ url, spansUrl, ..., stop() }`.
 * Zipkin runs with in-memory storage (STORAGE_TYPE=mem) and without tracing itself; its UI is at `url`.
 */
const os = require('node:os');
const path = require('node:path');
const { freePorts } = require('./lib/free-port');
const { runInstaller } = require('./lib/run-installer');
const { runServerCli } = require('./lib/server-cli');
const { stopProcess } = require('./lib/stop-process');
const { spawnLogged } = require('./lib/spawn-logged');
const { httpOk } = require('./lib/wait-for');

/** Downloads the Zipkin server jar if it is not cached yet and returns its path (ZIPKIN_JAR overrides). */
function installZipkin() {
  return runInstaller('ZIPKIN_JAR', 'install-zipkin.sh');
}

/**
 * Starts Zipkin on a free port of 127.0.0.1 and waits until `/health` answers (the JVM takes several
 * seconds). Options: `jar` (default: installZipkin()), `env` (extra variables), `port` (fixed port),
 * `detached` (keep running after this process exits), `logFile` (default: a temp file),
 * `startTimeoutMs` (default 90000). Resolves to `{ url, spansUrl, port, pid, logFile, stop() }`.
 */
async function startZipkin(options = {}) {
  const jar = options.jar || installZipkin();
  for (let attempt = 1; ; attempt++) {
    const [port] = options.port ? [options.port] : await freePorts(1);
    const logFile = options.logFile || path.join(os.tmpdir(), `agent-otel-zipkin-${process.pid}-${port}.log`);
    const url = `http://127.0.0.1:${port}`;
    const args = [
      // A short-lived test server: quick JIT start matters more than peak throughput.
      '-XX:TieredStopAtLevel=1',
      '-Xss512k',
      '-jar',
      jar,
      // Listen on 127.0.0.1 only (QUERY_PORT alone would bind every interface).
      `--armeria.ports[0].ip=127.0.0.1`,
      `--armeria.ports[0].port=${port}`,
      '--armeria.ports[0].protocols=http',
    ];
    let child;
    try {
      child = await spawnLogged({
        name: 'Zipkin',
        command: 'java',
        args,
        env: {
          ...process.env,
          QUERY_PORT: String(port),
          STORAGE_TYPE: 'mem',
          SELF_TRACING_ENABLED: 'false',
          COLLECTOR_SCRIBE_ENABLED: 'false',
          ...options.env,
        },
        logFile,
        detached: options.detached,
        ready: () => httpOk(`${url}/health`),
        timeoutMs: options.startTimeoutMs || 90000,
        intervalMs: 250,
        portInUse: /address already in use|BindException/i,
      });
    } catch (err) {
      if (!options.port && attempt < 3 && err.portInUse) continue;
      throw err;
    }
    return { url, spansUrl: `${url}/api/v2/spans`, port, pid: child.pid, logFile, stop: () => stopProcess(child) };
  }
}

runServerCli(module, {
  name: 'zipkin',
  install: installZipkin,
  start: () => startZipkin({ detached: true }),
  state: ({ pid, port, url, spansUrl, logFile }) => ({ pid, port, url, spansUrl, logFile }),
});

module.exports = { installZipkin, startZipkin };
