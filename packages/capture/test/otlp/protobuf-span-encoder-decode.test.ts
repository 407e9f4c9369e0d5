import { ProtobufSpanEncoder } from '../../src/otlp/protobuf-span-encoder';
import { expectedTraceRequest, wellFormed } from '../helpers/otlp-expected-request';
import { decodeTraceRequest, traceRequestType } from '../helpers/otlp-proto-decoder';
import { generateSpans, plainSpan } from '../helpers/otlp-span-generator';

/**
 * Decodes the encoder's bytes with protobufjs and the OTLP `.proto` schema (test/fixtures/otlp),
 * without the official serializer, and compares every field with the source spans.
 */
describe('ProtobufSpanEncoder output decoded with the OTLP schema', () => {
  it('carries every field of generated spans (ids, times, attributes, events, links, status, resource, scope)', () => {
    const encoder = new ProtobufSpanEncoder();
    for (let seed = 500; seed <= 520; seed++) {
      const spans = generateSpans(seed, { count: 20, synthetic: 0.3 });
      expect(decodeTraceRequest(encoder.encode(spans))).toEqual(expectedTraceRequest(spans));
    }
  });

  it('decodes int64 edges, doubles, NaN, infinities and bytes as written', () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const span = plainSpan({
      attributes: {
        min: -(2 ** 63),
        belowMax: 2 ** 63 - 1024,
        max: 2 ** 63,
        negZero: -0,
        nan: Number.NaN,
        inf: -Infinity,
        safe: Number.MAX_SAFE_INTEGER,
        half: 0.5,
        bytes: bytes as never,
      },
    });
    const [kv] = [decodeTraceRequest(new ProtobufSpanEncoder().encode([span])).resourceSpans[0].scopeSpans[0].spans[0].attributes];
    expect(Object.fromEntries(kv)).toEqual({
      min: { int: '-9223372036854775808' },
      belowMax: { int: '9223372036854774784' },
      max: { double: 2 ** 63 },
      negZero: { int: '0' },
      nan: { double: Number.NaN },
      inf: { double: -Infinity },
      safe: { int: '9007199254740991' },
      half: { double: 0.5 },
      bytes: { bytes: '0001feff' },
    });
  });

  it('writes lone surrogates as U+FFFD and astral characters intact', () => {
    const name = 'a\uD800b\uDC00c😀\uDE00\uD83D';
    const decoded = decodeTraceRequest(new ProtobufSpanEncoder().encode([plainSpan({ name })]));
    expect(decoded.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('a\uFFFDb\uFFFDc😀\uFFFD\uFFFD');
    expect(wellFormed(name)).toBe('a\uFFFDb\uFFFDc😀\uFFFD\uFFFD');
  });

  it('single-span requests concatenate into one valid request', () => {
    const encoder = new ProtobufSpanEncoder();
    const spans = generateSpans(530, { count: 6, resources: 1 });
    const parts = spans.map((span) => encoder.encode([span]).slice());
    const decoded = decodeTraceRequest(Buffer.concat(parts));
    expect(decoded.resourceSpans).toHaveLength(spans.length);
    expect(decoded.resourceSpans.map((rs) => rs.scopeSpans[0].spans[0])).toEqual(spans.map((span) => expectedTraceRequest([span]).resourceSpans[0].scopeSpans[0].spans[0]));
  });

  it('an empty batch decodes as an empty request', () => {
    expect(traceRequestType().decode(new ProtobufSpanEncoder().encode([])).toJSON()).toEqual({});
  });
});
