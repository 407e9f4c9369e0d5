'use strict';
/**
 * `npm run bench`: runs every benchmark scenario, each run in a fresh process, and writes
 * BENCHMARKS.md plus the raw results (bench/results/latest.json). See bench/README.md.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadConfig, ROOT } = require('./lib/config');
const { describeMachine } = require('./lib/machine');
const { forkJob } = require('./lib/fork-job');
const { planJobs } = require('./lib/plan');
const { renderReport } = require('./lib/report');
const { installPeers } = require('./peers/install');

/** A 1-minute load average above this before the run means other work shares the machine. */
const BUSY_LOAD = 0.5;

function seconds(s) {
  return s >= 90 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s.toFixed(1)} s`;
}

/** One line of progress for a finished job: its headline figure. */
function headline(job, result) {
  switch (job.scenario) {
    case 'window':
      return `end() p99 ${(result.endNs.p99 / 1000).toFixed(2)} µs, loop delay p99 ${result.eventLoopDelayMs.p99.toFixed(2)} ms, lost ${result.lost ?? '-'}`;
    case 'max-rate':
      if (result.maxLossless === 0) return `loss already at ${result.firstLossyRate} spans/s, the lowest rate tried`;
      return `zero-drop up to ${result.maxLossless} spans/s${result.firstLossyRate ? `, loss at ${result.firstLossyRate}` : ', the highest rate tried'}`;
    case 'encoder':
      return `${result.usPerSpan.toFixed(2)} µs/span`;
    case 'wal-append':
      return result.mode === 'append' ? `append p50 ${result.p50Us.toFixed(1)} µs, p99 ${result.p99Us.toFixed(1)} µs` : `${Math.round(result.durablePerSecond)} durable records/s`;
    case 'alloc':
      return `${Math.round(result.bytesPerSpan)} bytes allocated per span`;
    case 'burst':
      return `${result.received} of ${result.count} received, ${result.countedDrops ?? '-'} counted as dropped`;
    case 'wal-critical':
      return result.mode === 'latency'
        ? `confirmation p50 ${result.confirmMs.p50.toFixed(2)} ms, p99 ${result.confirmMs.p99.toFixed(2)} ms`
        : `${Math.round(result.confirmedPerSecond)} confirmed spans/s`;
    default:
      return '';
  }
}

async function main() {
  const config = loadConfig();
  if (config.help) {
    console.log(config.help);
    return;
  }
  // The peers' processors are installed on demand, outside the workspaces; a failure only skips them.
  const peersError = installPeers();
  if (peersError) console.log(`  warning: ${peersError}`);
  const jobs = planJobs(config);
  const skipped = new Map();
  const runnable = [];
  for (const job of jobs) {
    if (job.missing) skipped.set(job.key, { key: job.key, label: job.label, reason: job.missing });
    else runnable.push(job);
  }
  const estimate = runnable.reduce((sum, job) => sum + job.estimateS, 0);
  console.log(`agent-otel bench: ${runnable.length} jobs (${config.runs} runs${config.quick ? ', quick' : ''}), about ${seconds(estimate)}`);
  for (const skip of skipped.values()) console.log(`  skipped: ${skip.label} — ${skip.reason}`);
  const load = os.loadavg()[0];
  if (load > BUSY_LOAD) console.log(`  warning: 1-minute load average is ${load.toFixed(2)}: other work is running, and the figures will be noisy`);

  const started = Date.now();
  const results = [];
  for (const [index, job] of runnable.entries()) {
    const t0 = Date.now();
    const loadAtStart = os.loadavg()[0];
    const answer = await forkJob({ scenario: job.scenario, params: job.params }, job.timeoutMs);
    const took = (Date.now() - t0) / 1000;
    const prefix = `[${index + 1}/${runnable.length}] run ${job.run} ${job.label}`;
    if (answer.ok) {
      console.log(`${prefix}: ${headline(job, answer.result)} (${took.toFixed(1)} s)`);
      results.push({ key: job.key, label: job.label, run: job.run, scenario: job.scenario, params: job.params, loadAtStart, ok: true, result: answer.result });
    } else {
      const firstLine = String(answer.error).split('\n')[0];
      console.log(`${prefix}: FAILED: ${firstLine}`);
      if (answer.stderr)
        console.log(
          answer.stderr
            .split('\n')
            .slice(-15)
            .map(l => `    ${l}`)
            .join('\n'),
        );
      results.push({ key: job.key, label: job.label, run: job.run, scenario: job.scenario, params: job.params, loadAtStart, ok: false, error: answer.error });
    }
  }
  const data = {
    date: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    command: config.command,
    config: { ...config, only: config.only ? String(config.only) : undefined, out: path.relative(ROOT, config.out), jsonOut: path.relative(ROOT, config.jsonOut) },
    machine: describeMachine(),
    skipped: [...skipped.values()],
    results,
  };
  fs.mkdirSync(path.dirname(config.jsonOut), { recursive: true });
  fs.writeFileSync(config.jsonOut, JSON.stringify(data, null, 1) + '\n');
  fs.mkdirSync(path.dirname(config.out), { recursive: true });
  fs.writeFileSync(config.out, renderReport(data));
  console.log(`done in ${seconds(data.durationSeconds)}: wrote ${path.relative(ROOT, config.out)} and ${path.relative(ROOT, config.jsonOut)}`);
  if (results.some(r => !r.ok)) process.exitCode = 1;
}

main().catch(error => {
  console.error(error && error.stack ? error.stack : error);
  process.exitCode = 1;
});
