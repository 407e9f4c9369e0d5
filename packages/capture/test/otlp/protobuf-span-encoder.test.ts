import { createTraceState, type Attributes } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createProtobufSpanEncoder, ProtobufSpanEncoder } from '../../src/otlp/protobuf-span-encoder';
import { EDGE_NUMBERS } from '../helpers/otlp-random';
import { generateSpans, plainSpan } from '../helpers/otlp-span-generator';

function official(spans: readonly ReadableSpan[]): Buffer {
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans as ReadableSpan[]) as Uint8Array);
}

/** Asserts `encoder` writes exactly the official bytes for `spans`, as a batch and span by span. */
function expectIdentical(encoder: ProtobufSpanEncoder, spans: readonly ReadableSpan[]): void {
  expect(Buffer.from(encoder.encode(spans)).equals(official(spans))).toBe(true);
  for (const span of spans) {
    expect(Buffer.from(encoder.encode([span])).equals(official([span]))).toBe(true);
  }
}

describe('ProtobufSpanEncoder: bytes identical to ProtobufTraceSerializer', () => {
  it('on spans from the SDK, in batches and one by one', () => {
    const encoder = new ProtobufSpanEncoder();
    for (let seed = 1; seed <= 25; seed++) expectIdentical(encoder, generateSpans(seed, { count: 20 }));
  });

  it('on spans with values outside the API rules (nested, mixed, objects, bytes, bigint, odd ids)', () => {
    const encoder = new ProtobufSpanEncoder();
    for (let seed = 100; seed <= 125; seed++) {
      expectIdentical(encoder, generateSpans(seed, { count: 20, synthetic: 0.6, oddIds: true }));
    }
  });

  it('groups several resources and scopes of one shuffled batch as the official serializer', () => {
    const encoder = new ProtobufSpanEncoder();
    for (let seed = 200; seed <= 210; seed++) {
      const spans = generateSpans(seed, { count: 60, resources: 3, synthetic: 0.2 });
      expect(new Set(spans.map((s) => s.resource)).size).toBe(3);
      expect(new Set(spans.map((s) => s.instrumentationScope)).size).toBeGreaterThan(3);
      expect(Buffer.from(encoder.encode(spans)).equals(official(spans))).toBe(true);
    }
  });

  it('on an empty batch: no bytes', () => {
    const encoder = new ProtobufSpanEncoder();
    expect(encoder.encode([])).toHaveLength(0);
    expect(official([])).toHaveLength(0);
  });

  it('on an LLM-shaped span (2 KB prompt, 1 KB completion, events)', () => {
    const span = plainSpan({
      name: 'chat gpt-4o',
      kind: 2,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.request.temperature': 0.7,
        'gen_ai.request.max_tokens': 1024,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 512,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', content: 'ä'.repeat(900) + 'x'.repeat(1100) }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', content: 'y'.repeat(1000) }]),
      },
      events: [
        { name: 'gen_ai.retry', time: [1_700_000_000, 5], attributes: { attempt: 1, reason: 'rate_limited' } },
        { name: 'gen_ai.first_token', time: [1_700_000_000, 6] },
      ],
    });
    expectIdentical(new ProtobufSpanEncoder(), [span]);
  });

  it('on strings around UTF-8, inline-loop and varint boundaries, in every string field', () => {
    const encoder = new ProtobufSpanEncoder();
    const units = ['a', 'é', '€', '😀', '\uD800', '\uDC00', 'a\uDBFF', '\uDFFFa'];
    const lengths = [0, 1, 2, 21, 41, 42, 43, 44, 63, 64, 127, 128, 129, 5461, 5462, 16383, 16384, 70_000];
    for (const unit of units) {
      for (const length of lengths) {
        const s = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
        const span = plainSpan({
          name: s,
          attributes: { [s]: s, k: [s, s], o: s.length % 2 ? 1 : s },
          status: { code: 2, message: s },
          events: [{ name: s, time: [1, 2], attributes: { [s]: s } }],
          links: [{ context: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 0, traceState: createTraceState(`k=${s.length}`) }, attributes: { s } }],
        });
        expectIdentical(encoder, [span]);
      }
    }
  });

  it('on numbers at the int64 / double and varint edges, alone and in arrays', () => {
    const encoder = new ProtobufSpanEncoder();
    const nanWithPayload = new Float64Array(new Uint32Array([1, 0x7ff00000]).buffer)[0];
    const numbers = [...EDGE_NUMBERS, nanWithPayload, -nanWithPayload];
    const attributes: Attributes = { all: numbers };
    numbers.forEach((n, i) => (attributes[`n${i}`] = n));
    expectIdentical(encoder, [plainSpan({ attributes })]);
    for (const n of numbers) expectIdentical(encoder, [plainSpan({ attributes: { n }, droppedAttributesCount: Math.abs(n) })]);
  });

  it('on span, event and link messages around their length-prefix boundaries', () => {
    const encoder = new ProtobufSpanEncoder();
    const sizes = [...Array(160).keys(), ...Array.from({ length: 80 }, (_, i) => 16_300 + i)];
    for (const size of sizes) {
      const s = 'x'.repeat(size);
      expectIdentical(encoder, [
        plainSpan({ attributes: { s } }),
        plainSpan({ events: [{ name: s, time: [0, 0] }] }),
        plainSpan({ links: [{ context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }, attributes: { s } }] }),
        plainSpan({ attributes: { ['k'.repeat(size % 140)]: size, arr: [s, [s]] } as unknown as Attributes }),
      ]);
    }
  });

  it('on spans whose kind, status, times and counts are missing or odd', () => {
    const encoder = new ProtobufSpanEncoder();
    const odd = (fields: object) => plainSpan(fields as Partial<ReadableSpan>);
    expectIdentical(encoder, [
      odd({ kind: undefined, status: { code: undefined } }),
      odd({ kind: -1, droppedAttributesCount: undefined, droppedEventsCount: -5, droppedLinksCount: 1.5 }),
      odd({ startTime: [-1, 0], endTime: [2 ** 40, 2e9] }),
      odd({ attributes: undefined, events: [{ name: '', time: [0, 0], attributes: null, droppedAttributesCount: 2 ** 32 }] }),
      odd({ parentSpanContext: { traceId: '', spanId: '', traceFlags: 0, isRemote: true } }),
    ]);
  });
});

describe('ProtobufSpanEncoder: output buffer', () => {
  it('a copy of a result is unaffected by later calls', () => {
    const encoder = new ProtobufSpanEncoder();
    const first = generateSpans(1, { count: 10 });
    const second = generateSpans(2, { count: 10 });
    const view = encoder.encode(first);
    expect(Buffer.from(view).equals(official(first))).toBe(true);
    const copy = view.slice();
    encoder.encode(second);
    expect(Buffer.from(copy).equals(official(first))).toBe(true);
  });

  it('grows for a large batch and releases a buffer beyond maxRetainedBufferSize on the next call', () => {
    const encoder = new ProtobufSpanEncoder({ initialBufferSize: 1024, maxRetainedBufferSize: 64 * 1024 });
    const span = plainSpan({ attributes: { prompt: 'p'.repeat(4000) } });
    const batch = Array.from({ length: 500 }, () => span);
    const bytes = encoder.encode(batch);
    expect(bytes.length).toBeGreaterThan(2_000_000);
    expect(encoder.bufferSize).toBeGreaterThanOrEqual(bytes.length);
    expect(Buffer.from(bytes).equals(official(batch))).toBe(true);
    const small = plainSpan();
    expect(Buffer.from(encoder.encode([small])).equals(official([small]))).toBe(true);
    expect(encoder.bufferSize).toBe(1024);
  });

  it('grows correctly wherever the buffer runs out', () => {
    const encoder = new ProtobufSpanEncoder({ initialBufferSize: 1, maxRetainedBufferSize: 1 });
    for (let seed = 300; seed <= 315; seed++) {
      expectIdentical(encoder, generateSpans(seed, { count: 10, synthetic: 0.5, oddIds: true }));
    }
  });
});

describe('ProtobufSpanEncoder: caches', () => {
  it('follows a resource whose async attributes settle after a first encode', async () => {
    const encoder = new ProtobufSpanEncoder();
    const resource = resourceFromAttributes({ 'service.name': 'svc', late: Promise.resolve('value') });
    const span = plainSpan({ resource });
    const before = Buffer.from(encoder.encode([span]));
    expect(before.equals(official([span]))).toBe(true);
    await resource.waitForAsyncAttributes?.();
    const after = Buffer.from(encoder.encode([span]));
    expect(after.equals(official([span]))).toBe(true);
    expect(after.equals(before)).toBe(false);
  });

  it('re-encodes a scope object whose fields were replaced', () => {
    const encoder = new ProtobufSpanEncoder();
    const scope: Record<string, unknown> = { name: 'a', version: '1' };
    const span = plainSpan({ instrumentationScope: scope as unknown as ReadableSpan['instrumentationScope'] });
    const changes: Array<[string, unknown]> = [
      ['name', 'b'],
      ['version', '2'],
      ['schemaUrl', 'https://example.com/s'],
      ['attributes', { 'scope.attr': 1 }],
      ['droppedAttributesCount', 3],
    ];
    let previous = Buffer.from(encoder.encode([span]));
    for (const [field, value] of changes) {
      scope[field] = value;
      const bytes = Buffer.from(encoder.encode([span]));
      expect(bytes.equals(official([span]))).toBe(true);
      expect(bytes.equals(previous)).toBe(false);
      previous = bytes;
    }
  });

  it('stays identical with a key cache smaller than the key vocabulary', () => {
    const encoder = new ProtobufSpanEncoder({ maxCachedKeys: 2 });
    for (let seed = 400; seed <= 405; seed++) expectIdentical(encoder, generateSpans(seed, { count: 10 }));
  });
});

describe('ProtobufSpanEncoder: errors', () => {
  it.each([
    [{ initialBufferSize: 0 }],
    [{ initialBufferSize: -1 }],
    [{ initialBufferSize: 1.5 }],
    [{ maxRetainedBufferSize: Number.NaN }],
    [{ maxCachedKeys: 0 }],
    [{ initialBufferSize: 2048, maxRetainedBufferSize: 1024 }],
  ])('rejects options %p', (options) => {
    expect(() => new ProtobufSpanEncoder(options)).toThrow(RangeError);
  });

  it('throws where the official serializer throws, and keeps working afterwards', () => {
    const encoder = new ProtobufSpanEncoder({ initialBufferSize: 16 });
    const good = generateSpans(7, { count: 5 });
    const broken = [...good, { ...good[0], spanContext: undefined } as unknown as ReadableSpan];
    expect(() => official(broken)).toThrow(TypeError);
    expect(() => encoder.encode(broken)).toThrow(TypeError);
    expectIdentical(encoder, good);
  });

  it('createProtobufSpanEncoder returns a working encoder', () => {
    const spans = generateSpans(8, { count: 5 });
    expect(Buffer.from(createProtobufSpanEncoder().encode(spans)).equals(official(spans))).toBe(true);
  });
});
