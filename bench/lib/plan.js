'use strict';
/**
 * The list of jobs of one benchmark run. Runs are interleaved (run 1 of every scenario, then run 2,
 * ...) so that a slow moment of the machine spreads over all pipelines instead of hitting one.
 */
const { PIPELINES, pipelineMissing } = require('./pipelines');
const { missingOf } = require('./capture-modules');

/** Pipelines of the event-loop windows at each rate (the baseline and the WAL at the higher rate only). */
const WINDOW_PIPELINES = {
  5000: ['stock', 'ring-stock', 'ring-fast'],
  20000: ['none', 'stock', 'ring-stock', 'ring-fast', 'wal-complete'],
};
const SEARCH_PIPELINES = ['stock', 'ring-stock', 'ring-fast'];
/** What users run, side by side: the SDK alone, stock, register() defaults and the peers' processors. */
const PRODUCT_PIPELINES = ['none', 'stock', 'register-defaults', 'langfuse', 'openinference', 'openllmetry'];
/** Span types of the product comparison. */
const PRODUCT_SPANS = ['llm', 'http'];
/** Rate of the product comparison (spans/s), and the longest window it needs. */
const PRODUCT_RATE = 5000;
const PRODUCT_MAX_SECONDS = 5;
/** Spans of the synchronous burst: the stock BatchSpanProcessor's default queue size. */
const BURST_SPANS = 2048;
const ENCODERS = ['otlp-proto', 'otlp-json', 'fast'];
/** Concurrent writers/callers of the group-commit and critical throughput measurements. */
const DURABLE_CONCURRENCY = 256;
/** The WAL window measures complete-mode end() (100k spans at 20k/s), so it need not be longer. */
const WAL_WINDOW_MAX_SECONDS = 5;

function windowJobs(config, run) {
  const jobs = [];
  for (const rate of config.windowRates) {
    for (const pipeline of WINDOW_PIPELINES[rate] ?? Object.keys(PIPELINES)) {
      const seconds = pipeline === 'wal-complete' ? Math.min(config.seconds, WAL_WINDOW_MAX_SECONDS) : config.seconds;
      jobs.push({
        key: `window:${pipeline}:${rate}`,
        label: `window ${PIPELINES[pipeline].short} at ${rate / 1000}k spans/s`,
        run,
        scenario: 'window',
        params: { pipeline, rate, seconds, warmupSeconds: config.warmupSeconds },
        missing: pipelineMissing(pipeline),
        estimateS: config.warmupSeconds + seconds + 1,
        timeoutMs: (config.warmupSeconds + seconds) * 4000 + 150000,
      });
    }
  }
  return jobs;
}

function productJobs(config, run) {
  const seconds = Math.min(config.seconds, PRODUCT_MAX_SECONDS);
  const jobs = [];
  for (const span of PRODUCT_SPANS) {
    for (const pipeline of PRODUCT_PIPELINES) {
      jobs.push({
        key: `product:${pipeline}:${span}`,
        label: `${span === 'llm' ? 'LLM' : 'HTTP'} spans through ${PIPELINES[pipeline].short} at ${PRODUCT_RATE / 1000}k spans/s`,
        run,
        scenario: 'window',
        params: { pipeline, rate: PRODUCT_RATE, seconds, warmupSeconds: config.warmupSeconds, span },
        missing: pipelineMissing(pipeline),
        estimateS: config.warmupSeconds + seconds + 1.5,
        timeoutMs: (config.warmupSeconds + seconds) * 4000 + 150000,
      });
    }
  }
  return jobs;
}

/** Allocation and burst jobs of the product comparison: one run each is enough (they vary little). */
function productOnceJobs(config, run) {
  const seconds = Math.min(config.seconds, 2);
  const jobs = [];
  for (const pipeline of PRODUCT_PIPELINES) {
    for (const span of PRODUCT_SPANS) {
      jobs.push({
        key: `alloc:${pipeline}:${span}`,
        label: `allocations, ${span === 'llm' ? 'LLM' : 'HTTP'} spans through ${PIPELINES[pipeline].short}`,
        run,
        scenario: 'alloc',
        params: { pipeline, rate: PRODUCT_RATE, seconds, warmupSeconds: config.warmupSeconds, span },
        missing: pipelineMissing(pipeline),
        estimateS: config.warmupSeconds + seconds + 2,
        timeoutMs: 180000,
      });
    }
    if (pipeline === 'none') continue;
    jobs.push({
      key: `burst:${pipeline}`,
      label: `synchronous burst of ${BURST_SPANS} LLM spans through ${PIPELINES[pipeline].short}`,
      run,
      scenario: 'burst',
      params: { pipeline, count: BURST_SPANS },
      missing: pipelineMissing(pipeline),
      estimateS: 3,
      timeoutMs: 180000,
    });
  }
  return jobs;
}

function searchJobs(config, run) {
  return SEARCH_PIPELINES.map(pipeline => ({
    key: `search:${pipeline}`,
    label: `zero-drop search ${PIPELINES[pipeline].short}`,
    run,
    scenario: 'max-rate',
    params: { pipeline, rates: config.searchRates, stepSeconds: config.searchSeconds, warmupSeconds: config.warmupSeconds },
    missing: pipelineMissing(pipeline),
    estimateS: config.warmupSeconds + 4 * (config.searchSeconds + 0.6) + 1,
    timeoutMs: config.searchRates.length * (config.searchSeconds * 4000 + 75000) + 60000,
  }));
}

function encoderJobs(config, run) {
  return ENCODERS.map(encoder => ({
    key: `encoder:${encoder}`,
    label: `encoder ${encoder}`,
    run,
    scenario: 'encoder',
    params: { encoder, seconds: config.encoderSeconds },
    missing: encoder === 'fast' ? missingOf(['createProtobufSpanEncoder']) : undefined,
    estimateS: config.encoderSeconds + 1.5,
    timeoutMs: config.encoderSeconds * 10000 + 60000,
  }));
}

function walJobs(config, run) {
  const appendCount = config.quick ? 5000 : 20000;
  const wal = missingOf(['WriteAheadLog']);
  const critical = missingOf(['WalSpanProcessor', 'OtlpHttpSpanExporter', 'ATTR_CAPTURE_MODE']);
  const job = (key, label, scenario, params, missing, estimateS) => ({
    key,
    label,
    run,
    scenario,
    params,
    missing,
    estimateS,
    timeoutMs: estimateS * 10000 + 60000,
  });
  return [
    job('wal:append:plain', 'WAL append, plain', 'wal-append', { mode: 'append', encrypted: false, count: appendCount }, wal, 1.5),
    job('wal:append:aes-256-gcm', 'WAL append, AES-256-GCM', 'wal-append', { mode: 'append', encrypted: true, count: appendCount }, wal, 2),
    job(
      'wal:group-commit',
      `WAL group commit, ${DURABLE_CONCURRENCY} writers`,
      'wal-append',
      { mode: 'group-commit', concurrency: DURABLE_CONCURRENCY, seconds: config.walSeconds },
      wal,
      config.walSeconds + 1,
    ),
    job('critical:latency', 'critical confirmation latency', 'wal-critical', { mode: 'latency', seconds: config.walSeconds }, critical, config.walSeconds + 1.5),
    job(
      'critical:throughput',
      `critical confirmations, ${DURABLE_CONCURRENCY} callers`,
      'wal-critical',
      { mode: 'throughput', seconds: config.walSeconds, concurrency: DURABLE_CONCURRENCY },
      critical,
      config.walSeconds + 1.5,
    ),
  ];
}

/** Every job of the run, in execution order; jobs filtered out by `--only` are left out. */
function planJobs(config) {
  const jobs = [];
  for (let run = 1; run <= config.runs; run++) {
    if (run <= config.productRuns) jobs.push(...productJobs(config, run));
    if (run === 1) jobs.push(...productOnceJobs(config, run));
    jobs.push(...encoderJobs(config, run), ...windowJobs(config, run));
    if (run <= config.searchRuns) jobs.push(...searchJobs(config, run));
    jobs.push(...walJobs(config, run));
  }
  return config.only ? jobs.filter(job => config.only.test(job.key)) : jobs;
}

module.exports = { planJobs };
