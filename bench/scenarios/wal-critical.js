'use strict';
/**
 * Critical capture mode end to end: WalSpanProcessor + OtlpHttpSpanExporter exporting to the sink
 * process, spans carrying `agent_otel.capture.mode = critical`.
 * - `latency`: one span at a time: end(), then await its confirmation (durable by group-commit
 *   fdatasync and answered 2xx by the sink). The figure is end() start → confirmation, and end() alone.
 * - `throughput`: `concurrency` callers loop end() → await confirmation for `seconds`; the figure is
 *   confirmed spans per second.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { createProvider, createLlmSpanFactory } = require('../llm-span');
const { startSink } = require('../otlp-sink');
const { requireExport } = require('../lib/capture-modules');
const { percentiles } = require('../lib/stats');
const { withTimeout, collectGarbage } = require('../lib/produce');

const WARMUP_SPANS = 200;
const hrtime = process.hrtime.bigint;

async function measureLatency(factory, confirm, seconds) {
  for (let i = 0; i < WARMUP_SPANS; i++) {
    const span = factory.next();
    span.end();
    await confirm(span);
  }
  collectGarbage();
  const confirmNs = [];
  const endNs = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const span = factory.next();
    const t0 = hrtime();
    span.end();
    const t1 = hrtime();
    await confirm(span);
    confirmNs.push(Number(hrtime() - t0));
    endNs.push(Number(t1 - t0));
  }
  const c = percentiles(confirmNs, [50, 99]);
  const e = percentiles(endNs, [50, 99]);
  return {
    confirmed: c.count,
    confirmMs: { p50: c.p50 / 1e6, p99: c.p99 / 1e6, max: c.max / 1e6 },
    endUs: { p50: e.p50 / 1000, p99: e.p99 / 1000, max: e.max / 1000 },
  };
}

async function measureThroughput(factory, confirm, { concurrency, seconds }) {
  const deadline = performance.now() + seconds * 1000;
  let confirmed = 0;
  const start = performance.now();
  const caller = async () => {
    while (performance.now() < deadline) {
      const span = factory.next();
      span.end();
      await confirm(span);
      confirmed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsed = (performance.now() - start) / 1000;
  return { concurrency, confirmed, confirmedPerSecond: confirmed / elapsed };
}

async function run({ mode, seconds, concurrency = 64 }) {
  const WalSpanProcessor = requireExport('WalSpanProcessor');
  const OtlpHttpSpanExporter = requireExport('OtlpHttpSpanExporter');
  const ATTR_CAPTURE_MODE = requireExport('ATTR_CAPTURE_MODE');
  const sink = await startSink();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-otel-bench-wal-'));
  try {
    const processor = new WalSpanProcessor({ wal: { dir: path.join(dir, 'wal'), maxBytes: 4 * 1024 ** 3 }, sender: new OtlpHttpSpanExporter({ url: sink.url }) });
    const provider = createProvider([processor]);
    const factory = createLlmSpanFactory(provider, { captureMode: 'critical', captureModeAttribute: ATTR_CAPTURE_MODE });
    const confirm = span => {
      const pending = processor.confirmation(span.spanContext());
      if (!pending) throw new Error('bench: WalSpanProcessor did not capture the span as critical');
      return pending;
    };
    const result = mode === 'latency' ? await measureLatency(factory, confirm, seconds) : await measureThroughput(factory, confirm, { concurrency, seconds });
    await withTimeout(provider.shutdown(), 60000, 'shutdown()');
    const received = await sink.settle();
    return { mode, ...result, received: received.spans, walStats: processor.stats() };
  } finally {
    sink.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { run };
