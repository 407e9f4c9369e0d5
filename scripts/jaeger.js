'use strict';
/**
 * Installs, starts and stops a real Jaeger v2 for the tests and the demo.
 *
 *   node scripts/jaeger.js install   build (once, cached in ~/.cache/agent-otel) and print the binary path
 *   node scripts/jaeger.js start     start on free 127.0.0.1 ports, wait until healthy, print its URLs as JSON
 *   node scripts/jaeger.js stop      stop the Jaeger started by `start`
 *
 * As a module: `installJaeger()`, `startJaeger(options)` -> `{ otlpHttpUrl, queryUrl, ..., stop() }`.
 * The configuration is the one in jaeger/config.yaml (the same file docker-compose.yml mounts).
 */
const os = require('node:os');
const path = require('node:path');
const { freePorts } = require('./lib/free-port');
const { runInstaller } = require('./lib/run-installer');
const { runServerCli } = require('./lib/server-cli');
const { stopProcess } = require('./lib/stop-process');
const { spawnLogged } = require('./lib/spawn-logged');
const { httpOk } = require('./lib/wait-for');

const ROOT = path.resolve(__dirname, '..');

/** Builds Jaeger v2 if it is not cached yet and returns the binary's path (JAEGER_BIN overrides). */
function installJaeger() {
  return runInstaller('JAEGER_BIN', 'install-jaeger.sh');
}

/**
 * Starts Jaeger on free ports of 127.0.0.1 and waits until its health check and query API answer.
 * Options: `bin` (default: installJaeger()), `config` (a config file, default jaeger/config.yaml;
 * e.g. jaeger/config-tenancy.yaml), `queryHeaders` (headers of the readiness query, e.g. the
 * tenant header when the query requires one), `env` (extra JAEGER_* variables), `ports` (fixed
 * ports, e.g. to restart on the same ones), `detached` (keep running after this process exits),
 * `logFile` (default: a temp file). Resolves to the URLs and a `stop()` function.
 */
async function startJaeger(options = {}) {
  const bin = options.bin || installJaeger();
  for (let attempt = 1; ; attempt++) {
    const [otlpHttp, otlpGrpc, queryHttp, queryGrpc, health] = options.ports
      ? [options.ports.otlpHttp, options.ports.otlpGrpc, options.ports.queryHttp, options.ports.queryGrpc, options.ports.health]
      : await freePorts(5);
    const ports = { otlpHttp, otlpGrpc, queryHttp, queryGrpc, health };
    const logFile = options.logFile || path.join(os.tmpdir(), `agent-otel-jaeger-${process.pid}-${otlpHttp}.log`);
    const urls = {
      otlpHttpUrl: `http://127.0.0.1:${otlpHttp}`,
      otlpGrpcUrl: `http://127.0.0.1:${otlpGrpc}`,
      queryUrl: `http://127.0.0.1:${queryHttp}`,
      healthUrl: `http://127.0.0.1:${health}/status`,
    };
    let child;
    try {
      child = await spawnLogged({
        name: 'Jaeger',
        command: bin,
        args: ['--config', options.config || path.join(ROOT, 'jaeger', 'config.yaml')],
        env: {
          ...process.env,
          JAEGER_LISTEN_HOST: '127.0.0.1',
          JAEGER_OTLP_HTTP_PORT: String(otlpHttp),
          JAEGER_OTLP_GRPC_PORT: String(otlpGrpc),
          JAEGER_QUERY_HTTP_PORT: String(queryHttp),
          JAEGER_QUERY_GRPC_PORT: String(queryGrpc),
          JAEGER_HEALTH_PORT: String(health),
          JAEGER_UI_CONFIG: path.join(ROOT, 'jaeger', 'ui-config.json'),
          ...options.env,
        },
        logFile,
        detached: options.detached,
        ready: async () => (await httpOk(urls.healthUrl)) && httpOk(`${urls.queryUrl}/api/services`, 1000, options.queryHeaders),
        timeoutMs: 30000,
        portInUse: /address already in use/,
      });
    } catch (err) {
      if (!options.ports && attempt < 3 && err.portInUse) continue;
      throw err;
    }
    // Jaeger v2 keeps retrying its own telemetry export to 127.0.0.1:4317 while it shuts down; its
    // in-memory storage has nothing to save, so a short grace period is enough.
    const stop = () => stopProcess(child, 2000);
    return { ...urls, ports, pid: child.pid, logFile, stop };
  }
}

runServerCli(module, {
  name: 'jaeger',
  install: installJaeger,
  start: () => startJaeger({ detached: true }),
  state: ({ pid, ports, otlpHttpUrl, queryUrl, logFile }) => ({ pid, ports, otlpHttpUrl, queryUrl, logFile }),
});

module.exports = { installJaeger, startJaeger, stopProcess };
