'use strict';
/**
 * Bytes allocated per span, foreground and background: V8's sampling heap profiler (through the
 * inspector, collected objects included) runs while LLM-shaped spans are produced at a steady rate
 * through one pipeline and the rest is drained; the sum of the sampled sizes, an unbiased estimate
 * of everything allocated, divided by the spans made.
 */
const inspector = require('node:inspector');
const { createProvider } = require('../llm-span');
const { SPAN_FACTORIES } = require('../http-span');
const { startSink } = require('../otlp-sink');
const { createPipeline } = require('../lib/pipelines');
const { produceAtRate, withTimeout, collectGarbage } = require('../lib/produce');

const SAMPLING_INTERVAL_BYTES = 4096;
const DRAIN_TIMEOUT_MS = 60000;
function post(session, method, params) {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

function totalSize(node) {
  let sum = node.selfSize;
  for (const child of node.children) sum += totalSize(child);
  return sum;
}

async function run({ pipeline, rate, seconds, warmupSeconds, span = 'llm' }) {
  const sink = await startSink();
  const built = await createPipeline(pipeline, { url: sink.url });
  const session = new inspector.Session();
  session.connect();
  try {
    const provider = built.provider ?? createProvider(built.processors);
    const factory = SPAN_FACTORIES[span](provider);
    await produceAtRate(factory, { rate, seconds: warmupSeconds });
    await withTimeout(provider.forceFlush(), DRAIN_TIMEOUT_MS, 'warm-up forceFlush()');
    collectGarbage();
    await post(session, 'HeapProfiler.startSampling', {
      samplingInterval: SAMPLING_INTERVAL_BYTES,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    const produced = await produceAtRate(factory, { rate, seconds });
    await withTimeout(provider.forceFlush(), DRAIN_TIMEOUT_MS, 'forceFlush()');
    const { profile } = await post(session, 'HeapProfiler.stopSampling');
    await withTimeout(provider.shutdown(), DRAIN_TIMEOUT_MS, 'shutdown()');
    return { pipeline, span, rate, produced: produced.produced, bytesPerSpan: totalSize(profile.head) / produced.produced, samplingIntervalBytes: SAMPLING_INTERVAL_BYTES };
  } finally {
    session.disconnect();
    built.cleanup();
    sink.stop();
  }
}

module.exports = { run };
