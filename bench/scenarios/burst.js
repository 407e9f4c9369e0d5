'use strict';
/**
 * A synchronous burst: `count` LLM-shaped spans created and ended in one go, with no turn of the
 * event loop between them (a batch job, a fan-out of tool calls), then drained. Reports how many the
 * sink received, how many the pipeline counted as dropped, and how long the burst took.
 */
const { createProvider, createLlmSpanFactory } = require('../llm-span');
const { startSink } = require('../otlp-sink');
const { createPipeline, counterDelta } = require('../lib/pipelines');
const { drainProvider } = require('../lib/produce');

const DRAIN_TIMEOUT_MS = 60000;

async function run({ pipeline, count }) {
  const sink = await startSink();
  const built = await createPipeline(pipeline, { url: sink.url });
  try {
    const provider = built.provider ?? createProvider(built.processors);
    const factory = createLlmSpanFactory(provider);
    const before = built.counters();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < count; i++) factory.next().end();
    const burstMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const drainError = await drainProvider(provider, DRAIN_TIMEOUT_MS);
    const received = await sink.settle();
    const counters = counterDelta(before, built.counters());
    return { pipeline, count, burstMs, received: received.spans, lost: count - received.spans, countedDrops: counters.countedDrops, drainError };
  } finally {
    built.cleanup();
    sink.stop();
  }
}

module.exports = { run };
