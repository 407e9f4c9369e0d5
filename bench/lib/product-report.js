'use strict';
/**
 * The section BENCHMARKS.md leads with: what one LLM call (and one HTTP request) costs with
 * agent-otel's register() defaults and with each peer's processor, beside the SDK alone and the
 * stock pipeline, in the same run; then the synchronous burst.
 */
const { PIPELINES } = require('./pipelines');
const { figure, num, cell, ratio } = require('./figures');

const PRODUCT_ORDER = ['none', 'stock', 'register-defaults', 'langfuse', 'openinference', 'openllmetry'];
const us = ns => ns / 1000;

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map(row => `| ${row.join(' | ')} |`)].join('\n');
}

function ran(data, key) {
  return data.results.some(r => r.key === key);
}

function spanTable(data, span) {
  const rows = PRODUCT_ORDER.filter(p => ran(data, `product:${p}:${span}`)).map(pipeline => {
    const key = `product:${pipeline}:${span}`;
    const f = pick => figure(data, key, pick);
    const createEnd = f(r => us(r.createEndNs.p50));
    const stockCreateEnd = figure(data, `product:stock:${span}`, r => us(r.createEndNs.p50));
    const cpu = f(r => r.cpuMicrosPerSpan);
    const alloc = figure(data, `alloc:${pipeline}:${span}`, r => r.bytesPerSpan / 1024);
    return [
      PIPELINES[pipeline].short,
      `${cell(createEnd)} / ${cell(f(r => us(r.createEndNs.p99)))}`,
      pipeline === 'none' ? '–' : ratio(createEnd, stockCreateEnd),
      `${cell(f(r => us(r.endNs.p50)))} / ${cell(f(r => us(r.endNs.p99)))} / ${cell(f(r => us(r.endNs.max)))}`,
      cell(cpu),
      `${cell(f(r => r.eventLoopDelayMs.p99))} / ${cell(f(r => r.eventLoopDelayMs.max))}`,
      cell(alloc),
      cell(f(r => r.maxRssMB)),
      cell(f(r => r.lost)),
    ];
  });
  if (rows.length === 0) return undefined;
  return table(
    [
      'Pipeline',
      'create+end p50 / p99 µs',
      'create+end ÷ (b)',
      'end() p50 / p99 / max µs',
      'CPU µs per span, all of it',
      'loop delay p99 / max ms',
      'allocated KiB per span',
      'peak RSS MB',
      'not received',
    ],
    rows,
  );
}

function burstTable(data) {
  const rows = PRODUCT_ORDER.filter(p => ran(data, `burst:${p}`)).map(pipeline => {
    const f = pick => figure(data, `burst:${pipeline}`, pick);
    return [PIPELINES[pipeline].short, cell(f(r => r.count)), cell(f(r => r.received)), cell(f(r => r.countedDrops)), cell(f(r => r.burstMs))];
  });
  if (rows.length === 0) return undefined;
  return table(['Pipeline', 'spans in the burst', 'received', 'counted as dropped', 'burst took ms'], rows);
}

/** The leading section, or undefined when the run had no product jobs. */
function productSection(data) {
  const llm = spanTable(data, 'llm');
  const http = spanTable(data, 'http');
  const burst = burstTable(data);
  if (!llm && !http && !burst) return undefined;
  const rate = (data.results.find(r => r.key && r.key.startsWith('product:') && r.params) || { params: { rate: 5000 } }).params.rate;
  return [
    '## What one LLM call costs, with register() defaults and with each peer',
    '',
    `Each pipeline as its users configure it, in its own process, exporting to a sink process, at ${num(rate)} spans/s;`,
    'median over runs (min–max). "create+end" is the whole start, attribute writes and `end()` of one span;',
    '"CPU per span, all of it" is this process\'s CPU from the start of the window until everything was',
    'exported (foreground and background) divided by the spans made; "allocated" is V8\'s sampling heap',
    'profiler estimate of every byte allocated per span, collected objects included; "not received" counts',
    'spans the sink never got (a processor that exports only some kinds of spans shows them here).',
    '',
    '**LLM span** (16 GenAI attributes, 2 KB `gen_ai.input.messages` and 1 KB `gen_ai.output.messages` in the semconv JSON format):',
    '',
    llm ?? '_not measured_',
    '',
    '**HTTP server span** (11 HTTP attributes, no content):',
    '',
    http ?? '_not measured_',
    '',
    `**Synchronous burst**: LLM spans created and ended with no turn of the event loop in between, then drained:`,
    '',
    burst ?? '_not measured_',
  ].join('\n');
}

module.exports = { productSection };
