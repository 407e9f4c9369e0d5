/**
 * WAL records reach Zipkin through encode → decode → toZipkinSpans; spans of the sampled mode go
 * through the stock ZipkinExporter. Both must give the same Zipkin span.
 */
import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createProtobufSpanEncoder } from '../../src/otlp/protobuf-span-encoder';
import { decodeTraceRequest } from '../../src/export/otlp-trace-decoder';
import { toZipkinSpans, type ZipkinSpan } from '../../src/export/zipkin-span-mapper';
import { wellFormed } from '../helpers/otlp-expected-request';
import { generateSpans, plainSpan } from '../helpers/otlp-span-generator';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toZipkinSpan } = require('@opentelemetry/exporter-zipkin/build/src/transform') as {
  toZipkinSpan(span: ReadableSpan, serviceName: string, statusCodeTagName: string, statusErrorTagName: string): ZipkinSpan;
};

/** What the stock ZipkinExporter sends for `spans` (its service-name rule included). */
function stock(spans: ReadableSpan[]): ZipkinSpan[] {
  const fallback = String(spans[0].resource.attributes['service.name'] || 'OpenTelemetry Service');
  return spans.map((span) => toZipkinSpan(span, String(span.attributes['service.name'] || span.resource.attributes['service.name'] || fallback), 'otel.status_code', 'error'));
}

function viaWal(spans: ReadableSpan[]): ZipkinSpan[] {
  return toZipkinSpans(decodeTraceRequest(createProtobufSpanEncoder().encode(spans).slice()));
}

/**
 * As JSON on the wire, times left out, with what OTLP cannot carry normalized: lone surrogates
 * become U+FFFD (the OTLP encoder writes well-formed UTF-8).
 */
function wire(span: ZipkinSpan): object {
  const { annotations, timestamp: _t, duration: _d, ...rest } = span;
  const json = JSON.parse(JSON.stringify({ ...rest, annotations: annotations?.map((a) => a.value) }, (_k, v) => (typeof v === 'string' ? wellFormed(v) : v)));
  return { ...json, tags: Object.fromEntries(Object.entries(json.tags).map(([k, v]) => [wellFormed(k), v])) };
}

/**
 * Exact whole microseconds (half up) of an HrTime. The stock exporter computes times as float sums
 * whose step at today's epoch is 0.25 µs, so its rounding is sometimes one microsecond off; times
 * are therefore checked against exact arithmetic instead.
 */
function micros(time: HrTime): number {
  const nanos = BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
  return Number(nanos / 1000n) + (nanos % 1000n >= 500n ? 1 : 0);
}

function exactTimes(span: ReadableSpan): object {
  const start = BigInt(span.startTime[0]) * 1_000_000_000n + BigInt(span.startTime[1]);
  const end = BigInt(span.endTime[0]) * 1_000_000_000n + BigInt(span.endTime[1]);
  const d = end - start;
  return {
    timestamp: micros(span.startTime),
    duration: Number(d / 1000n) + (d % 1000n >= 500n ? 1 : 0),
    annotations: span.events.map((e) => micros(e.time)),
  };
}

describe('toZipkinSpans', () => {
  it.each([11, 12, 13, 14])('maps like the stock ZipkinExporter (seed %i)', (seed) => {
    const spans = generateSpans(seed, { count: 150 });
    const key = (s: { id: string; traceId: string }) => s.id + s.traceId;
    const expected = new Map(stock(spans).map((s) => [key(s), wire(s)]));
    const times = new Map(spans.map((s) => [s.spanContext().spanId + s.spanContext().traceId, exactTimes(s)]));
    const actual = viaWal(spans);
    expect(actual).toHaveLength(spans.length);
    for (const span of actual) {
      expect(wire(span)).toEqual(expected.get(key(span)));
      expect({ timestamp: span.timestamp, duration: span.duration, annotations: (span.annotations ?? []).map((a) => a.timestamp) }).toEqual(times.get(key(span)));
    }
  });

  it('maps kind, parent, status, events and resource as the Zipkin model wants them', () => {
    const parent = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true };
    const [span] = viaWal([
      plainSpan({
        name: 'chat gpt-4o-mini',
        kind: 1, // API SERVER
        parentSpanContext: parent,
        startTime: [1_700_000_000, 123_456_789],
        endTime: [1_700_000_001, 123_456_789],
        attributes: { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 42, 'agent_otel.cost.usd': 0.0125, tags: ['a', 'b'] },
        status: { code: 2, message: 'model timed out' },
        events: [{ name: 'gen_ai.retry', time: [1_700_000_000, 500_000_500], attributes: { attempt: 2 } }],
        droppedEventsCount: 3,
      }),
    ]);
    expect(span).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      id: 'b7ad6b7169203331',
      parentId: '00f067aa0ba902b7',
      name: 'chat gpt-4o-mini',
      kind: 'SERVER',
      timestamp: 1_700_000_000_123_457,
      duration: 1_000_000,
      localEndpoint: { serviceName: 'plain' },
      annotations: [{ timestamp: 1_700_000_000_500_001, value: 'gen_ai.retry' }],
      tags: {
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': '42',
        'agent_otel.cost.usd': '0.0125',
        tags: 'a,b',
        'otel.status_code': 'ERROR',
        error: 'model timed out',
        'otel.dropped_events_count': '3',
        'service.name': 'plain',
      },
    });
  });

  it.each([
    [0, undefined],
    [1, undefined],
    [2, 'SERVER'],
    [3, 'CLIENT'],
    [4, 'PRODUCER'],
    [5, 'CONSUMER'],
  ])('maps OTLP kind %i to %s', (otlpKind, zipkinKind) => {
    const [span] = viaWal([plainSpan({ kind: otlpKind - 1 })]);
    expect(span.kind).toBe(zipkinKind);
  });

  it('omits parentId and annotations of a root span without events, and never sets shared', () => {
    const json = JSON.parse(JSON.stringify(viaWal([plainSpan()])[0]));
    expect(json).not.toHaveProperty('parentId');
    expect(json).not.toHaveProperty('annotations');
    expect(json).not.toHaveProperty('shared');
    expect(json.tags).not.toHaveProperty('otel.status_code');
  });

  it('rounds a sub-microsecond start time to a whole microsecond (Zipkin rejects fractions)', () => {
    const [span] = viaWal([plainSpan({ startTime: [1_700_000_000, 999_600], endTime: [1_700_000_000, 2_000_000] })]);
    expect(span.timestamp).toBe(1_700_000_000_001_000);
    expect(Number.isInteger(span.duration)).toBe(true);
  });

  it('names the service from the span, else its resource, else the option, else the default', () => {
    const request = decodeTraceRequest(
      createProtobufSpanEncoder()
        .encode([plainSpan({ attributes: { 'service.name': 'own' } })])
        .slice(),
    );
    expect(toZipkinSpans(request)[0].localEndpoint.serviceName).toBe('own');
    delete request[0].scopeSpans[0].spans[0].attributes['service.name'];
    expect(toZipkinSpans(request)[0].localEndpoint.serviceName).toBe('plain');
    delete request[0].resourceAttributes['service.name'];
    expect(toZipkinSpans(request, { serviceName: 'configured' })[0].localEndpoint.serviceName).toBe('configured');
    expect(toZipkinSpans(request)[0].localEndpoint.serviceName).toBe('OpenTelemetry Service');
  });

  it('uses the configured status tag names', () => {
    const request = decodeTraceRequest(
      createProtobufSpanEncoder()
        .encode([plainSpan({ status: { code: 2, message: 'boom' } })])
        .slice(),
    );
    const [span] = toZipkinSpans(request, { statusCodeTagName: 'status', statusDescriptionTagName: 'reason' });
    expect(span.tags).toMatchObject({ status: 'ERROR', reason: 'boom' });
    expect(span.tags).not.toHaveProperty('error');
  });
});
