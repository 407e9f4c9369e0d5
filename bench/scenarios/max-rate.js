'use strict';
/**
 * The highest rate a pipeline sustains with zero loss: produce at each rate of an increasing
 * ladder for a few seconds, flush, and compare what the sink received with what was produced.
 * A step is lossless when every span arrived, the pipeline counted no drop or failed export, and
 * the producer kept at least 97 % of the asked rate (a pipeline that slows the producer down does
 * not sustain the rate). The search stops at the first step with loss; the result is the last
 * lossless rate.
 */
const { createProvider, createLlmSpanFactory } = require('../llm-span');
const { startSink } = require('../otlp-sink');
const { createPipeline, counterDelta } = require('../lib/pipelines');
const { produceAtRate, withTimeout, collectGarbage } = require('../lib/produce');

const FLUSH_TIMEOUT_MS = 60000;
const MIN_ACHIEVED_FRACTION = 0.97;

async function run({ pipeline, rates, stepSeconds, warmupSeconds }) {
  const sink = await startSink();
  const built = await createPipeline(pipeline, { url: sink.url });
  const steps = [];
  try {
    const provider = built.provider ?? createProvider(built.processors);
    const factory = createLlmSpanFactory(provider);
    await produceAtRate(factory, { rate: rates[0], seconds: warmupSeconds });
    await withTimeout(provider.forceFlush(), FLUSH_TIMEOUT_MS, 'warm-up forceFlush()');
    await sink.settle({ quietMs: 200 });

    for (const rate of rates) {
      await sink.reset();
      const before = built.counters();
      collectGarbage();
      const produced = await produceAtRate(factory, { rate, seconds: stepSeconds });
      let flushError;
      try {
        await withTimeout(provider.forceFlush(), FLUSH_TIMEOUT_MS, 'forceFlush()');
      } catch (error) {
        flushError = String(error && error.message ? error.message : error);
      }
      const received = await sink.settle();
      const counters = counterDelta(before, built.counters());
      const lost = produced.produced - received.spans;
      const kept = produced.achievedRate >= MIN_ACHIEVED_FRACTION * rate;
      const lossless = lost === 0 && !counters.countedDrops && !counters.failedExport && kept && !flushError;
      steps.push({
        rate,
        produced: produced.produced,
        achievedRate: produced.achievedRate,
        received: received.spans,
        lost,
        countedDrops: counters.countedDrops,
        failedExport: counters.failedExport,
        flushError,
        lossless,
      });
      if (!lossless) break;
    }
    await withTimeout(provider.shutdown(), FLUSH_TIMEOUT_MS, 'shutdown()').catch(() => {});
  } finally {
    built.cleanup();
    sink.stop();
  }
  let maxLossless = 0;
  for (const step of steps) {
    if (!step.lossless) break;
    maxLossless = step.rate;
  }
  const firstLossy = steps.find(step => !step.lossless);
  return { pipeline, maxLossless, firstLossyRate: firstLossy ? firstLossy.rate : null, reachedTop: !firstLossy, steps };
}

module.exports = { run };
