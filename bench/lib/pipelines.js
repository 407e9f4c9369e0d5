'use strict';
/**
 * The capture pipelines under test, by id. Each one is built fresh inside its scenario process and
 * exports to the sink URL it is given.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { missingOf, requireExport } = require('./capture-modules');
const { PEER_PIPELINES, peerPipelineMissing, createPeerPipeline } = require('./peer-pipelines');

/**
 * id → description. `needs` names the capture exports it requires (missing → skipped with a note);
 * `issue` is the issue whose targets it answers.
 */
const PIPELINES = {
  none: { label: '(a) no processor', short: '(a) none', needs: [], sink: false },
  stock: { label: '(b) BatchSpanProcessor + OTLPTraceExporter (proto), defaults', short: '(b) stock', needs: [], sink: true },
  'ring-stock': {
    label: '(c) RingBufferSpanProcessor + OTLPTraceExporter (proto)',
    short: '(c) ring + stock exporter',
    needs: ['RingBufferSpanProcessor'],
    sink: true,
  },
  'ring-fast': {
    label: '(d) RingBufferSpanProcessor + OtlpHttpSpanExporter (fast encoder) — the product configuration',
    short: '(d) ring + fast exporter',
    needs: ['RingBufferSpanProcessor', 'OtlpHttpSpanExporter'],
    sink: true,
  },
  'wal-complete': {
    label: '(e) WalSpanProcessor, mode complete + OtlpHttpSpanExporter',
    short: '(e) WAL complete',
    needs: ['WalSpanProcessor', 'OtlpHttpSpanExporter'],
    sink: true,
    issue: 4,
  },
  ...Object.fromEntries(Object.entries(PEER_PIPELINES).map(([id, p]) => [id, { label: p.label, short: p.short, needs: [], sink: true, peer: true, issue: 12 }])),
};

/** Why pipeline `id` cannot run now, or undefined. */
function pipelineMissing(id) {
  const pipeline = PIPELINES[id];
  if (!pipeline) throw new Error(`bench: unknown pipeline ${id}`);
  return pipeline.peer ? peerPipelineMissing(id) : missingOf(pipeline.needs);
}

function stockExporter(url) {
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter({ url });
}

/** Drop and failure counters of a RingBufferSpanProcessor, normalized. */
function ringCounters(processor) {
  const s = processor.stats();
  return { countedDrops: s.droppedOverflow + s.droppedAfterShutdown, failedExport: s.failedExport, raw: s };
}

/**
 * Builds pipeline `id` exporting to `url`. Resolves with `{ processors, provider?, counters(),
 * cleanup() }` (a pipeline that owns its provider, like register(), gives `provider` instead of
 * processors); `counters()` gives `{ countedDrops, failedExport, raw }` (null where the pipeline
 * counts nothing).
 */
async function createPipeline(id, { url }) {
  const missing = pipelineMissing(id);
  if (missing) throw new Error(`bench: pipeline ${id} is not available: ${missing}`);
  if (PIPELINES[id].peer) return createPeerPipeline(id, { url });
  const nothing = () => {};
  switch (id) {
    case 'none':
      return { processors: [], counters: () => ({ countedDrops: 0, failedExport: 0, raw: {} }), cleanup: nothing };
    case 'stock': {
      const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
      // The stock processor keeps no readable drop total (its private count resets after each warning).
      return { processors: [new BatchSpanProcessor(stockExporter(url))], counters: () => ({ countedDrops: null, failedExport: null, raw: {} }), cleanup: nothing };
    }
    case 'ring-stock': {
      const RingBufferSpanProcessor = requireExport('RingBufferSpanProcessor');
      const processor = new RingBufferSpanProcessor(stockExporter(url));
      return { processors: [processor], counters: () => ringCounters(processor), cleanup: nothing };
    }
    case 'ring-fast': {
      const RingBufferSpanProcessor = requireExport('RingBufferSpanProcessor');
      const OtlpHttpSpanExporter = requireExport('OtlpHttpSpanExporter');
      const exporter = new OtlpHttpSpanExporter({ url });
      const processor = new RingBufferSpanProcessor(exporter);
      return {
        processors: [processor],
        counters: () => ({ ...ringCounters(processor), exporter: exporter.stats ? exporter.stats() : undefined }),
        cleanup: nothing,
      };
    }
    case 'wal-complete': {
      const WalSpanProcessor = requireExport('WalSpanProcessor');
      const OtlpHttpSpanExporter = requireExport('OtlpHttpSpanExporter');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-otel-bench-wal-'));
      const processor = new WalSpanProcessor({ wal: { dir: path.join(dir, 'wal'), maxBytes: 4 * 1024 ** 3 }, sender: new OtlpHttpSpanExporter({ url }) });
      return {
        processors: [processor],
        counters: () => {
          const s = processor.stats();
          return { countedDrops: s.degraded + s.droppedAfterShutdown, failedExport: s.failedExports, raw: s };
        },
        cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    }
    default:
      throw new Error(`bench: unknown pipeline ${id}`);
  }
}

/** `after − before` for each numeric counter (null stays null). */
function counterDelta(before, after) {
  const delta = x => (after[x] === null || before[x] === null ? null : after[x] - before[x]);
  return { countedDrops: delta('countedDrops'), failedExport: delta('failedExport'), raw: after.raw, exporter: after.exporter };
}

module.exports = { PIPELINES, pipelineMissing, createPipeline, counterDelta };
