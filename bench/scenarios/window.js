'use strict';
/**
 * One event-loop window: produce LLM-shaped spans at a steady rate through one pipeline, exporting
 * to the sink process, and measure
 * - end(): the time of every span.end() in the window (hrtime around the call);
 * - event-loop delay (monitorEventLoopDelay, 1 ms resolution) during the window;
 * - CPU of this process during the window;
 * - spans received by the sink vs produced (after forceFlush + shutdown), and the pipeline's own
 *   drop/failure counters;
 * - peak RSS (reported by job.js).
 * A warm-up (at the same rate, at least 10k spans/s) comes first; it is flushed, the sink is reset
 * and a GC runs before the window starts.
 */
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { createProvider } = require('../llm-span');
const { SPAN_FACTORIES } = require('../http-span');
const { startSink } = require('../otlp-sink');
const { PIPELINES, createPipeline, counterDelta } = require('../lib/pipelines');
const { produceAtRate, timerOverheadNs, withTimeout, drainProvider, collectGarbage } = require('../lib/produce');
const { percentiles } = require('../lib/stats');

const RESOLUTION_MS = 1;
/** The warm-up runs at least this fast, so that even the 5k window starts with warmed-up code. */
const MIN_WARMUP_RATE = 10000;
const DRAIN_TIMEOUT_MS = 60000;

/** Event-loop delay beyond the sampling interval, in ms: the histogram records whole intervals. */
function excessMs(ns) {
  return Math.max(0, ns / 1e6 - RESOLUTION_MS);
}

async function run({ pipeline, rate, seconds, warmupSeconds, span = 'llm' }) {
  const sink = PIPELINES[pipeline].sink ? await startSink() : undefined;
  const built = await createPipeline(pipeline, { url: sink ? sink.url : 'http://127.0.0.1:9/v1/traces' });
  try {
    const provider = built.provider ?? createProvider(built.processors);
    const factory = SPAN_FACTORIES[span](provider);

    await produceAtRate(factory, { rate: Math.max(rate, MIN_WARMUP_RATE), seconds: warmupSeconds });
    await withTimeout(provider.forceFlush(), DRAIN_TIMEOUT_MS, 'warm-up forceFlush()');
    let sinkBase;
    if (sink) {
      await sink.settle({ quietMs: 200 });
      sinkBase = await sink.reset();
    }
    const before = built.counters();
    const overheadNs = timerOverheadNs();
    collectGarbage();

    const latencies = new Float64Array(Math.round(rate * seconds) + 1);
    const createLatencies = new Float64Array(latencies.length);
    const eld = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    const cpu0 = process.cpuUsage();
    eld.enable();
    const produced = await produceAtRate(factory, { rate, seconds, latencies, createLatencies });
    eld.disable();
    const cpu = process.cpuUsage(cpu0);

    const drainStart = Date.now();
    const drainError = await drainProvider(provider, DRAIN_TIMEOUT_MS);
    const drainMs = Date.now() - drainStart;
    // Everything this process spent on the window's spans: producing them and draining what was left.
    const cpuAll = process.cpuUsage(cpu0);
    const received = sink ? await sink.settle() : undefined;
    const counters = counterDelta(before, built.counters());
    const end = percentiles(latencies.subarray(0, produced.produced), [50, 99, 99.9]);
    const createEnd = percentiles(createLatencies.subarray(0, produced.produced), [50, 99]);
    return {
      pipeline,
      span,
      rate,
      seconds,
      produced: produced.produced,
      achievedRate: produced.achievedRate,
      endNs: { p50: end.p50, p99: end.p99, p99_9: end.p99_9, max: end.max, mean: end.mean, count: end.count },
      createEndNs: { p50: createEnd.p50, p99: createEnd.p99, max: createEnd.max },
      cpuMicrosPerSpan: (cpuAll.user + cpuAll.system) / produced.produced,
      timerOverheadNs: overheadNs,
      eventLoopDelayMs: {
        p50: excessMs(eld.percentile(50)),
        p99: excessMs(eld.percentile(99)),
        max: excessMs(eld.max),
        rawP99: eld.percentile(99) / 1e6,
        rawMax: eld.max / 1e6,
        samples: eld.count,
      },
      cpuPercent: ((cpu.user + cpu.system) / 1000 / produced.elapsedMs) * 100,
      received: received ? received.spans : null,
      lost: received ? produced.produced - received.spans : null,
      sinkRequests: received ? received.requests : null,
      sinkRejected: received ? received.rejected : null,
      sinkCpuPercent: received ? ((received.cpuMicros - sinkBase.cpuMicros) / 1000 / (produced.elapsedMs + drainMs)) * 100 : null,
      countedDrops: counters.countedDrops,
      failedExport: counters.failedExport,
      pipelineStats: counters.raw,
      exporterStats: counters.exporter,
      drainMs,
      drainError,
    };
  } finally {
    built.cleanup();
    if (sink) sink.stop();
  }
}

module.exports = { run };
