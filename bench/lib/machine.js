'use strict';
/** What the numbers were measured on. */
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./config');

function peerVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'peers', 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/** CPU, cores, memory, OS, Node and the OpenTelemetry versions in use. */
function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus.length ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    loadAverage: os.loadavg(),
    otel: {
      '@opentelemetry/sdk-trace-base': packageVersion('@opentelemetry/sdk-trace-base'),
      '@opentelemetry/exporter-trace-otlp-proto': packageVersion('@opentelemetry/exporter-trace-otlp-proto'),
      '@opentelemetry/otlp-transformer': packageVersion('@opentelemetry/otlp-transformer'),
    },
    peers: Object.fromEntries(['@langfuse/otel', '@arizeai/openinference-vercel', '@traceloop/node-server-sdk'].map(name => [name, peerVersion(name)])),
  };
}

module.exports = { describeMachine };
