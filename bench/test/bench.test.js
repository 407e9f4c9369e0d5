'use strict';
/** Checks of the benchmark's own machinery: `node --test bench/test/` (no build needed). */
const test = require('node:test');
const assert = require('node:assert/strict');
const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { ProtobufTraceSerializer, JsonTraceSerializer } = require('@opentelemetry/otlp-transformer');
const { countSpansProtobuf, countSpansJson, startSink } = require('../otlp-sink');
const { makeLlmSpans } = require('../llm-span');
const { percentiles, summarize } = require('../lib/stats');
const { loadConfig } = require('../lib/config');
const { cell, ratio } = require('../lib/figures');
const { renderReport } = require('../lib/report');
const { TARGETS } = require('../lib/targets');

/** LLM spans plus spans of a second resource and three scopes, with links and events. */
function mixedSpans() {
  const spans = makeLlmSpans(20);
  const collect = { onStart() {}, onEnd: span => spans.push(span), forceFlush: async () => {}, shutdown: async () => {} };
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'other' }), spanProcessors: [collect] });
  for (let i = 0; i < 9; i++) {
    const span = provider.getTracer(`scope-${i % 3}`).startSpan(`op ${i}`, { links: [{ context: spans[0].spanContext() }] });
    span.addEvent('retry', { attempt: i, backoff_ms: 1.5 });
    span.end();
  }
  return spans;
}

test('countSpansProtobuf counts every span across resources and scopes', () => {
  const spans = mixedSpans();
  assert.equal(countSpansProtobuf(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans))), 29);
  assert.equal(countSpansProtobuf(Buffer.alloc(0)), 0);
});

test('countSpansProtobuf rejects truncated and malformed bytes', () => {
  const bytes = Buffer.from(ProtobufTraceSerializer.serializeRequest(makeLlmSpans(3)));
  assert.throws(() => countSpansProtobuf(bytes.subarray(0, bytes.length - 10)), /runs past/);
  assert.throws(() => countSpansProtobuf(Buffer.from([0x0a])), /truncated varint/);
  assert.throws(() => countSpansProtobuf(Buffer.from([0x0b, 0x00])), /wire type 3/);
});

test('countSpansJson counts every span', () => {
  assert.equal(countSpansJson(Buffer.from(JsonTraceSerializer.serializeRequest(mixedSpans()))), 29);
});

test('the sink process counts protobuf, gzip and JSON requests, and answers 400 to malformed ones', async () => {
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  const sink = await startSink();
  try {
    const spans = mixedSpans();
    const send = options => new Promise(resolve => new OTLPTraceExporter({ url: sink.url, ...options }).export(spans, resolve));
    assert.equal((await send({})).code, 0);
    assert.equal((await send({ compression: 'gzip' })).code, 0);
    const json = await fetch(sink.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JsonTraceSerializer.serializeRequest(spans) });
    assert.equal(json.status, 200);
    const bad = await fetch(sink.url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from([0x0a, 0x20, 0x01]) });
    assert.equal(bad.status, 400);
    const stats = await sink.settle({ quietMs: 50 });
    assert.equal(stats.spans, 3 * 29);
    assert.equal(stats.requests, 3);
    assert.equal(stats.rejected, 1);
    assert.equal((await sink.reset()).spans, 0);
  } finally {
    sink.stop();
  }
});

test('LLM-shaped spans carry 16 attributes with a 2 KB prompt and a 1 KB completion', () => {
  const [span] = makeLlmSpans(1);
  assert.equal(Object.keys(span.attributes).length, 16);
  assert.equal(span.attributes['gen_ai.input.messages'].length, 2048);
  assert.equal(span.attributes['gen_ai.output.messages'].length, 1024);
});

test('percentiles are nearest-rank; summarize gives median, quartiles and range', () => {
  const p = percentiles(
    Float64Array.from({ length: 1000 }, (_, i) => 1000 - i),
    [50, 99, 99.9],
  );
  assert.deepEqual([p.p50, p.p99, p.p99_9, p.min, p.max], [500, 990, 999, 1, 1000]);
  const s = summarize([5, 1, null, 3, NaN, 2, 4]);
  assert.deepEqual([s.n, s.median, s.min, s.max, s.q1, s.q3], [5, 3, 1, 5, 2, 4]);
  assert.equal(summarize([]).n, 0);
});

test('loadConfig applies defaults, --quick and BENCH_* overrides, and rejects bad input', () => {
  const full = loadConfig([], {});
  assert.deepEqual([full.runs, full.seconds, full.searchRuns, full.quick], [5, 10, 3, false]);
  const quick = loadConfig(['--quick'], { BENCH_SECONDS: '3' });
  assert.deepEqual([quick.runs, quick.seconds, quick.quick], [1, 3, true]);
  assert.equal(loadConfig([], { BENCH_RUNS: '2' }).searchRuns, 2);
  assert.throws(() => loadConfig([], { BENCH_RUNS: '0' }), /BENCH_RUNS/);
  assert.throws(() => loadConfig([], { BENCH_RUNS: '2.5' }), /integer/);
  assert.throws(() => loadConfig(['--fast'], {}), /unknown argument --fast/);
  assert.ok(loadConfig(['--only=encoder'], {}).only.test('encoder:fast'));
});

test('cells show median and range; ratios divide medians', () => {
  assert.equal(cell(summarize([2.5, 1.25, 3]), 'µs'), '2.50 µs (1.25–3.00)');
  assert.equal(cell(summarize([34, 12, 1500])), '34 (12–1,500)');
  assert.equal(cell(summarize([])), '–');
  assert.equal(ratio(summarize([1]), summarize([4])), '0.25×');
});

test('the report marks targets met and not met, and lists skipped and failed jobs', () => {
  const window = (pipeline, p50) => ({
    key: `window:${pipeline}:20000`,
    label: pipeline,
    run: 1,
    scenario: 'window',
    params: { pipeline, rate: 20000 },
    loadAtStart: 0.1,
    ok: true,
    result: {
      endNs: { p50, p99: 900, p99_9: 5000, max: 20000, count: 200000 },
      timerOverheadNs: 30,
      eventLoopDelayMs: { p99: 1.5, max: 9 },
      cpuPercent: 20,
      produced: 200000,
      received: 200000,
      lost: 0,
      countedDrops: pipeline === 'stock' ? null : 0,
      maxRssMB: 100,
    },
  });
  const data = {
    date: '2026-01-01T00:00:00.000Z',
    durationSeconds: 10,
    command: 'npm run bench',
    config: { runs: 1, seconds: 10, warmupSeconds: 0.5, searchRuns: 1, searchSeconds: 2, encoderSeconds: 1, walSeconds: 2, quick: false },
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 4, os: 'Linux', node: 'v20', loadAverage: [0.1, 0.1, 0.1], otel: {} },
    skipped: [{ key: 'wal:group-commit', label: 'WAL group commit', reason: 'not present' }],
    results: [window('ring-fast', 250), window('stock', 400), { key: 'encoder:fast', label: 'encoder fast', run: 1, scenario: 'encoder', ok: false, error: 'Error: boom\n  at x' }],
  };
  const md = renderReport(data);
  const row = label => md.split('\n').find(line => line.includes(`| ${label} |`));
  assert.match(row('span.end() p50 at 20k spans/s'), /\| met \|$/);
  assert.match(row('event-loop delay max at 20k spans/s'), /\*\*not met\*\*/);
  assert.match(row('encoding, per LLM-shaped span (batch of 512)'), /not measured/);
  assert.match(md, /Skipped: WAL group commit — not present/);
  assert.match(md, /Failed: run 1 encoder fast — Error: boom/);
  assert.equal(md.split('\n').filter(line => line.startsWith('| #')).length, TARGETS.length);
});

test('a peer that is not installed is named as missing, so its pipeline is skipped with the reason', () => {
  const { peerMissing } = require('../lib/peers');
  const { pipelineMissing } = require('../lib/pipelines');
  assert.match(peerMissing('@agent-otel-bench/not-a-package'), /not installed in bench\/peers/);
  for (const id of ['langfuse', 'openinference', 'openllmetry']) {
    const reason = pipelineMissing(id);
    assert.ok(reason === undefined || /not installed in bench\/peers/.test(reason), `${id}: ${reason}`);
  }
});

test("the Langfuse mask used for the comparison masks what agent-otel's detectors find", () => {
  const { langfuseMask } = require('../lib/peer-pipelines');
  const data = { text: 'mail ann.lee@example.com, card 4111 1111 1111 1111, Bearer abcdefgh12345678, ip 10.1.2.3', list: ['sk-abcdefghijklmnop1234'] };
  const masked = langfuseMask({ data });
  for (const secret of ['ann.lee@example.com', '4111 1111 1111 1111', 'abcdefgh12345678', '10.1.2.3', 'sk-abcdefghijklmnop1234']) {
    assert.ok(!JSON.stringify(masked).includes(secret), secret);
  }
  assert.match(masked.text, /^mail \[REDACTED\]/);
});
