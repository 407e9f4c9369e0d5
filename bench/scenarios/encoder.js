'use strict';
/**
 * Encoder micro-benchmark: µs per LLM-shaped span to turn a batch of 512 spans (one resource, one
 * scope, as an exporter batch holds them) into an OTLP ExportTraceServiceRequest, with
 * - `otlp-proto`: ProtobufTraceSerializer from @opentelemetry/otlp-transformer (the stock exporter's);
 * - `otlp-json`: JsonTraceSerializer from the same package (the stock http/json exporter's);
 * - `fast`: the agent-otel protobuf encoder (createProtobufSpanEncoder), whose output is also
 *   compared byte for byte with ProtobufTraceSerializer's.
 * Each call is timed; the figure is the median call divided by the batch size.
 */
const { performance } = require('node:perf_hooks');
const { ProtobufTraceSerializer, JsonTraceSerializer } = require('@opentelemetry/otlp-transformer');
const { makeLlmSpans } = require('../llm-span');
const { requireExport } = require('../lib/capture-modules');
const { percentiles } = require('../lib/stats');
const { collectGarbage } = require('../lib/produce');

const BATCH = 512;
const WARMUP_CALLS = 40;

function encoderOf(name) {
  if (name === 'otlp-proto') return spans => ProtobufTraceSerializer.serializeRequest(spans);
  if (name === 'otlp-json') return spans => JsonTraceSerializer.serializeRequest(spans);
  if (name === 'fast') {
    const encoder = requireExport('createProtobufSpanEncoder')();
    return spans => encoder.encode(spans);
  }
  throw new Error(`bench: unknown encoder ${name}`);
}

function sameBytes(a, b) {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

async function run({ encoder, seconds }) {
  const spans = makeLlmSpans(BATCH);
  const encode = encoderOf(encoder);
  let bytes = 0;
  for (let i = 0; i < WARMUP_CALLS; i++) bytes = encode(spans).length;
  const identical = encoder === 'fast' ? sameBytes(encode(spans), ProtobufTraceSerializer.serializeRequest(spans)) : undefined;
  collectGarbage();

  const times = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline || times.length < 5) {
    const t0 = performance.now();
    encode(spans);
    times.push(performance.now() - t0);
  }
  const p = percentiles(times, [50, 99]);
  return {
    encoder,
    batch: BATCH,
    calls: times.length,
    usPerSpan: (p.p50 * 1000) / BATCH,
    usPerSpanMean: (p.mean * 1000) / BATCH,
    usPerSpanP99: (p.p99 * 1000) / BATCH,
    bytesPerSpan: bytes / BATCH,
    identicalToOtlpProto: identical,
  };
}

module.exports = { run };
