'use strict';
/**
 * Renders BENCHMARKS.md from the raw results. Also usable on its own to re-render a saved run:
 * `node bench/lib/report.js [bench/results/latest.json] [BENCHMARKS.md]`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { PIPELINES } = require('./pipelines');
const { TARGETS, verdict, limitText } = require('./targets');
const { figure, num, cell, ratio, runsOf } = require('./figures');
const { productSection } = require('./product-report');

const NOTES_FILE = path.join(__dirname, '..', 'notes.md');

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map(row => `| ${row.join(' | ')} |`)].join('\n');
}

function summarySection(data) {
  const rows = TARGETS.map(t => {
    const ours = figure(data, t.ours.key, t.ours.pick);
    const stock = t.stock ? figure(data, t.stock.key, t.stock.pick) : undefined;
    return [
      `#${t.issue}`,
      t.label,
      limitText(t),
      `${t.who}: ${cell(ours, t.unit)}`,
      stock ? cell(stock, t.unit) : '–',
      stock && !t.noRatio ? ratio(ours, stock) : '–',
      verdict(t, ours, stock),
    ];
  });
  return [
    '## Summary',
    '',
    'Median over runs, with (min–max) when there was more than one run. "Stock" is (b), the stock',
    'BatchSpanProcessor with the stock OTLP/protobuf exporter (for encoding: ProtobufTraceSerializer),',
    'measured in the same run. Ratio = ours ÷ stock.',
    '',
    ...(data.machine.loadAverage[0] > BUSY_LOAD
      ? [
          `> Warning: the 1-minute load average was ${data.machine.loadAverage[0].toFixed(2)} when this run started: other work shared the ${data.machine.cores} cores, so these figures are noisier and worse than on an idle machine.`,
          '',
        ]
      : []),
    table(['Issue', 'Target', 'Limit', 'Measured', 'Stock, same run', 'Ratio', 'Verdict'], rows),
  ].join('\n');
}

function machineSection(data) {
  const m = data.machine;
  const c = data.config;
  return [
    '## Machine and run',
    '',
    `- Date: ${data.date}; took ${Math.round(data.durationSeconds)} s; command: \`${data.command}\``,
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGiB.toFixed(1)} GiB; ${m.os}; Node ${m.node}; load average at start ${m.loadAverage.map(x => x.toFixed(2)).join(' / ')}`,
    `- 1-minute load average at the start of each job: ${loadRange(data)} (the benchmark's own producer and sink account for about 1–2)`,
    `- OpenTelemetry: ${Object.entries(m.otel)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `- Settings: BENCH_RUNS=${c.runs}, BENCH_SECONDS=${c.seconds}, warm-up ${c.warmupSeconds} s, zero-drop search ${c.searchRuns} run(s) of ${c.searchSeconds} s steps, encoder ${c.encoderSeconds} s, WAL ${c.walSeconds} s${c.quick ? ' (--quick: a smoke run, not for publishing)' : ''}`,
    '- Spans: 16 attributes shaped like an LLM call (gen_ai.* request/response/usage, a 2 KB prompt, a 1 KB completion; 3.9 KB as OTLP/protobuf), created and ended through a BasicTracerProvider.',
  ].join('\n');
}

function loadRange(data) {
  const loads = data.results.map(r => r.loadAtStart).filter(x => typeof x === 'number');
  return loads.length ? `${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}` : '–';
}

/** Load average above which the report warns that other work shared the machine. */
const BUSY_LOAD = 0.5;

function pipelineLegend(data) {
  const used = new Set(data.results.filter(r => r.params && r.params.pipeline).map(r => r.params.pipeline));
  return Object.entries(PIPELINES)
    .filter(([id]) => used.has(id))
    .map(([, p]) => `- ${p.label}`)
    .join('\n');
}

function windowKeys(data) {
  const keys = [];
  for (const r of data.results) if (r.scenario === 'window' && r.key.startsWith('window:') && !keys.includes(r.key)) keys.push(r.key);
  return keys.sort((a, b) => {
    const [, pa, ra] = a.split(':');
    const [, pb, rb] = b.split(':');
    return Number(ra) - Number(rb) || Object.keys(PIPELINES).indexOf(pa) - Object.keys(PIPELINES).indexOf(pb);
  });
}

function endSection(data) {
  const rows = windowKeys(data).map(key => {
    const [, pipeline, rate] = key.split(':');
    const stockKey = `window:stock:${rate}`;
    const f = pick => figure(data, key, pick);
    const p99 = f(r => r.endNs.p99 / 1000);
    return [
      PIPELINES[pipeline].short,
      `${Number(rate) / 1000}k`,
      cell(f(r => r.endNs.p50 / 1000)),
      cell(p99),
      cell(f(r => r.endNs.p99_9 / 1000)),
      cell(f(r => r.endNs.max / 1000)),
      ratio(
        p99,
        figure(data, stockKey, r => r.endNs.p99 / 1000),
      ),
      num(f(r => r.endNs.count).median),
    ];
  });
  const overhead = figure(data, windowKeys(data)[0] ?? '', r => r.timerOverheadNs);
  return [
    '## span.end() time',
    '',
    'Time of each `span.end()` (process.hrtime.bigint around the call) for every span of the window, after',
    `a warm-up. Microseconds. The timing itself costs about ${num(overhead.median)} ns and is included.`,
    '',
    table(['Pipeline', 'Spans/s', 'p50 µs', 'p99 µs', 'p99.9 µs', 'max µs', 'p99 ÷ (b)', 'Spans timed'], rows),
  ].join('\n');
}

function windowSection(data) {
  const rows = windowKeys(data).map(key => {
    const [, pipeline, rate] = key.split(':');
    const f = pick => figure(data, key, pick);
    const stockP99 = figure(data, `window:stock:${rate}`, r => r.eventLoopDelayMs.p99);
    const p99 = f(r => r.eventLoopDelayMs.p99);
    return [
      PIPELINES[pipeline].short,
      `${Number(rate) / 1000}k`,
      cell(p99),
      cell(f(r => r.eventLoopDelayMs.max)),
      ratio(p99, stockP99),
      cell(f(r => r.cpuPercent)),
      cell(f(r => r.produced)),
      cell(f(r => r.received)),
      cell(f(r => r.lost)),
      cell(f(r => r.countedDrops)),
      cell(f(r => r.maxRssMB)),
    ];
  });
  return [
    '## Event-loop delay and delivery under a steady load',
    '',
    'Spans produced at a steady rate, in small batches on 1 ms timer ticks, exporting to the OTLP sink in a',
    'separate process. Event-loop delay from `monitorEventLoopDelay({ resolution: 1 })` during the window,',
    'reported as the delay beyond the 1 ms sampling interval (the histogram records whole intervals; the raw',
    'values are in the JSON). CPU is this process only, % of one core. Received is counted by the sink after',
    "forceFlush() and shutdown(); lost = produced − received; counted = the pipeline's own drop counters",
    '(the stock processor exposes none, "–"). Peak RSS covers the whole scenario process.',
    '',
    table(['Pipeline', 'Spans/s', 'Delay p99 ms', 'Delay max ms', 'p99 ÷ (b)', 'CPU %', 'Produced', 'Received', 'Lost', 'Counted drops', 'Peak RSS MB'], rows),
  ].join('\n');
}

function searchSection(data) {
  const keys = [...new Set(data.results.filter(r => r.scenario === 'max-rate').map(r => r.key))];
  if (keys.length === 0) return '';
  const stock = figure(data, 'search:stock', r => r.maxLossless);
  const rows = keys.map(key => {
    const pipeline = key.split(':')[1];
    const runs = runsOf(data, key);
    const best = figure(data, key, r => r.maxLossless);
    const lossy = runs
      .filter(r => r.firstLossyRate !== null)
      .map(r => {
        const step = r.steps[r.steps.length - 1];
        return `${num(step.rate)}: lost ${num(step.lost)} of ${num(step.produced)}${step.countedDrops !== null ? ` (counted ${num(step.countedDrops)})` : ''}${step.achievedRate < 0.97 * step.rate ? `, producer reached ${num(step.achievedRate)}/s` : ''}`;
      });
    const top = runs.filter(r => r.reachedTop).length;
    return [
      PIPELINES[pipeline].short,
      cell(best, 'spans/s'),
      ratio(best, stock),
      lossy.length ? lossy.join('; ') : '–',
      top ? `${top} of ${runs.length} runs lossless at the top rate` : '',
    ];
  });
  const rates = data.config.searchRates.map(num).join(', ');
  return [
    '## Highest zero-drop rate',
    '',
    `Rates tried in order (${rates} spans/s), each for ${data.config.searchSeconds} s then flushed, until the first`,
    'lossy one. A step is lossless when the sink received every span, the pipeline counted no drop or',
    'failed export, and the producer kept ≥ 97 % of the rate. The figure is the last lossless rate.',
    '',
    table(['Pipeline', 'Zero-drop rate', '÷ (b)', 'First lossy step, per run', 'Note'], rows),
  ].join('\n');
}

function encoderSection(data) {
  const names = { 'otlp-proto': 'ProtobufTraceSerializer (stock, protobuf)', 'otlp-json': 'JsonTraceSerializer (stock, JSON)', fast: 'agent-otel createProtobufSpanEncoder' };
  const stock = figure(data, 'encoder:otlp-proto', r => r.usPerSpan);
  const rows = Object.entries(names)
    .filter(([id]) => runsOf(data, `encoder:${id}`).length > 0)
    .map(([id, name]) => {
      const key = `encoder:${id}`;
      const s = figure(data, key, r => r.usPerSpan);
      const identical = runsOf(data, key).map(r => r.identicalToOtlpProto);
      return [
        name,
        cell(s),
        cell(figure(data, key, r => r.usPerSpanP99)),
        ratio(s, stock),
        num(figure(data, key, r => r.bytesPerSpan).median),
        id === 'fast' ? (identical.every(Boolean) ? 'yes' : '**no**') : '–',
      ];
    });
  return [
    '## Encoding',
    '',
    'µs per span to encode a batch of 512 LLM-shaped spans as one ExportTraceServiceRequest: median call ÷ 512',
    '(p99 call ÷ 512 beside it). "Same bytes" compares the output with ProtobufTraceSerializer\'s.',
    '',
    table(['Encoder', 'µs/span', 'p99 call, µs/span', '÷ protobuf', 'Bytes/span', 'Same bytes'], rows),
  ].join('\n');
}

function walSection(data) {
  const has = key => runsOf(data, key).length > 0;
  if (!['window:wal-complete:20000', 'critical:latency', 'critical:throughput', 'wal:append:plain', 'wal:group-commit'].some(has)) return '';
  const rows = [];
  const add = (what, key, pick, unit, stockKey, stockPick) => {
    if (!has(key)) return;
    const s = figure(data, key, pick);
    const st = stockKey ? figure(data, stockKey, stockPick) : undefined;
    rows.push([what, cell(s, unit), st ? cell(st, unit) : '–', st ? ratio(s, st) : '–']);
  };
  const stockEnd = p => r => r.endNs[p] / 1000;
  add('complete: span.end() p50 (20k spans/s)', 'window:wal-complete:20000', stockEnd('p50'), 'µs', 'window:stock:20000', stockEnd('p50'));
  add('complete: span.end() p99 (20k spans/s)', 'window:wal-complete:20000', stockEnd('p99'), 'µs', 'window:stock:20000', stockEnd('p99'));
  add(
    'complete: event-loop delay p99 (20k spans/s)',
    'window:wal-complete:20000',
    r => r.eventLoopDelayMs.p99,
    'ms',
    'window:stock:20000',
    r => r.eventLoopDelayMs.p99,
  );
  add('sampled (d): span.end() p99 (20k spans/s), for comparison', 'window:ring-fast:20000', stockEnd('p99'), 'µs', 'window:stock:20000', stockEnd('p99'));
  add('critical: confirmation p50 (end() → durable + 2xx)', 'critical:latency', r => r.confirmMs.p50, 'ms');
  add('critical: confirmation p99', 'critical:latency', r => r.confirmMs.p99, 'ms');
  add('critical: span.end() p50, one span at a time', 'critical:latency', r => r.endUs.p50, 'µs');
  add('critical: span.end() p99, one span at a time', 'critical:latency', r => r.endUs.p99, 'µs');
  const concurrency = runsOf(data, 'critical:throughput')[0]?.concurrency;
  add(`critical: confirmed spans/s, ${concurrency} concurrent callers`, 'critical:throughput', r => r.confirmedPerSecond, 'spans/s');
  const writers = runsOf(data, 'wal:group-commit')[0]?.concurrency;
  add(`WAL: fdatasync-durable records/s, group commit, ${writers} writers`, 'wal:group-commit', r => r.durablePerSecond, '/s');
  add('WAL: records per fdatasync', 'wal:group-commit', r => r.recordsPerSync, '');
  add('WAL append p50, plain (one 3.9 KB span record)', 'wal:append:plain', r => r.p50Us, 'µs');
  add('WAL append p99, plain', 'wal:append:plain', r => r.p99Us, 'µs');
  add('WAL append p50, AES-256-GCM', 'wal:append:aes-256-gcm', r => r.p50Us, 'µs');
  add('WAL append p99, AES-256-GCM', 'wal:append:aes-256-gcm', r => r.p99Us, 'µs');
  let cost = '';
  if (has('wal:append:plain') && has('wal:append:aes-256-gcm')) {
    const plain = figure(data, 'wal:append:plain', r => r.p50Us).median;
    const sealed = figure(data, 'wal:append:aes-256-gcm', r => r.p50Us).median;
    cost = `\nEncryption at rest (AES-256-GCM) adds ${num(sealed - plain)} µs per record at the median (${num(sealed)} vs ${num(plain)} µs).`;
  }
  return [
    '## Complete and critical capture (write-ahead log)',
    '',
    'WAL in a temporary directory on the local disk; critical spans exported to the same sink process. "Stock"',
    'is (b) in the same run where a comparison makes sense.',
    '',
    table(['Figure', 'Measured', 'Stock (b)', 'Ratio'], rows),
    cost,
  ].join('\n');
}

function problemsSection(data) {
  const lines = [];
  for (const s of data.skipped) lines.push(`- Skipped: ${s.label} — ${s.reason}`);
  const failed = data.results.filter(r => !r.ok);
  for (const f of failed) lines.push(`- Failed: run ${f.run} ${f.label} — ${String(f.error).split('\n')[0]}`);
  for (const r of data.results.filter(r => r.ok && r.result.drainError)) lines.push(`- Run ${r.run} ${r.label}: drain error — ${r.result.drainError}`);
  return lines.length ? ['## Skipped and failed', '', ...lines].join('\n') : '';
}

function notesSection(data) {
  const notes = fs.existsSync(NOTES_FILE) ? fs.readFileSync(NOTES_FILE, 'utf8').trim() : '';
  const missed = TARGETS.filter(t => verdict(t, figure(data, t.ours.key, t.ours.pick), t.stock ? figure(data, t.stock.key, t.stock.pick) : undefined) === '**not met**');
  const lines = ['## Notes', ''];
  if (missed.length) lines.push(`Targets not met in this run: ${missed.map(t => `${t.label} (${limitText(t)})`).join('; ')}.`, '');
  lines.push(notes || '_No notes (bench/notes.md is empty)._');
  return lines.join('\n');
}

/** BENCHMARKS.md for one run's data. */
function renderReport(data) {
  const sections = [
    '# agent-otel benchmarks',
    `Generated by \`${data.command}\` on ${data.date.slice(0, 10)} (${data.machine.cpu}, ${data.machine.cores} cores, Node ${data.machine.node}). Do not edit by hand: rerun the benchmark. How it measures: [bench/README.md](bench/README.md).`,
    productSection(data),
    summarySection(data),
    'Pipelines:\n\n' + pipelineLegend(data),
    endSection(data),
    windowSection(data),
    searchSection(data),
    encoderSection(data),
    walSection(data),
    problemsSection(data),
    machineSection(data),
    notesSection(data),
  ];
  return sections.filter(Boolean).join('\n\n') + '\n';
}

if (require.main === module) {
  const input = process.argv[2] ?? path.join(__dirname, '..', 'results', 'latest.json');
  const output = process.argv[3] ?? path.join(__dirname, '..', '..', 'BENCHMARKS.md');
  fs.writeFileSync(output, renderReport(JSON.parse(fs.readFileSync(input, 'utf8'))));
  console.log(`wrote ${output}`);
}

module.exports = { renderReport };
