/**
 * The OTLP/protobuf decoder of the Zipkin and tenancy paths, checked against an independent decoder
 * (protobufjs with the official .proto schema) on seeded batches of generated spans, including
 * values the API refuses (nested arrays, objects, bytes, int64 edges, NaN, times past 2106).
 */
import { createProtobufSpanEncoder } from '../../src/otlp/protobuf-span-encoder';
import { decodeTraceRequest, type DecodedAttributes, type DecodedValue } from '../../src/export/otlp-trace-decoder';
import { ProtobufDecodeError } from '../../src/export/protobuf-reader';
import { decodeTraceRequest as decodeWithSchema, type CanonicalAttribute, type CanonicalValue } from '../helpers/otlp-proto-decoder';
import { generateSpans, plainSpan } from '../helpers/otlp-span-generator';

function canonicalValue(v: DecodedValue): CanonicalValue {
  if (v === undefined) return {};
  if (typeof v === 'string') return { string: v };
  if (typeof v === 'boolean') return { bool: v };
  if (typeof v === 'bigint') return { int: String(v) };
  // The decoder gives int64 values as numbers when safe; a double is never a safe integer after
  // the encoder's rule (integers in int64 range are written as int_value).
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0) ? { int: String(v) } : { double: v };
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') };
  if (Array.isArray(v)) return { array: v.map(canonicalValue) };
  return { kvlist: canonicalAttributes(v) };
}

function canonicalAttributes(a: DecodedAttributes): CanonicalAttribute[] {
  return sortByKey(Object.entries(a).map(([k, v]) => [k, canonicalValue(v)]));
}

/**
 * Keys in a JS object lose wire order for integer-like keys, and repeated keys keep the last value:
 * compare attribute lists sorted by key, at every depth.
 */
function sortByKey(list: CanonicalAttribute[]): CanonicalAttribute[] {
  const last = new Map<string, CanonicalValue>();
  for (const [k, v] of list) last.set(k, sortDeep(v));
  return [...last].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function sortDeep(v: CanonicalValue): CanonicalValue {
  if ('kvlist' in v) return { kvlist: sortByKey(v.kvlist) };
  if ('array' in v) return { array: v.array.map(sortDeep) };
  return v;
}

function normalizeNaN(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
}

describe('decodeTraceRequest', () => {
  it.each([1, 2, 3, 4, 5])('decodes what the schema decodes (seed %i)', (seed) => {
    const spans = generateSpans(seed, { count: 120, synthetic: 0.3 });
    const bytes = createProtobufSpanEncoder().encode(spans).slice();
    const ours = decodeTraceRequest(bytes);
    const reference = decodeWithSchema(bytes);
    expect(ours).toHaveLength(reference.resourceSpans.length);
    const oursCanonical = ours.map((rs) => ({
      resource: canonicalAttributes(rs.resourceAttributes),
      scopes: rs.scopeSpans.map((ss) => ({
        name: ss.scopeName,
        version: ss.scopeVersion,
        spans: ss.spans.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          traceState: s.traceState,
          flags: s.flags,
          name: s.name,
          kind: s.kind,
          start: String(s.startTimeUnixNano),
          end: String(s.endTimeUnixNano),
          attributes: canonicalAttributes(s.attributes),
          droppedAttributesCount: s.droppedAttributesCount,
          events: s.events.map((e) => ({ time: String(e.timeUnixNano), name: e.name, attributes: canonicalAttributes(e.attributes), dropped: e.droppedAttributesCount })),
          droppedEventsCount: s.droppedEventsCount,
          links: s.linkCount,
          droppedLinksCount: s.droppedLinksCount,
          status: { code: s.statusCode, message: s.statusMessage },
        })),
      })),
    }));
    const referenceCanonical = reference.resourceSpans.map((rs) => ({
      resource: sortByKey(rs.resource.attributes),
      scopes: rs.scopeSpans.map((ss) => ({
        name: ss.scope.name,
        version: ss.scope.version,
        spans: ss.spans.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId,
          traceState: s.traceState,
          flags: s.flags,
          name: s.name,
          kind: s.kind,
          start: s.startTimeUnixNano,
          end: s.endTimeUnixNano,
          attributes: sortByKey(s.attributes),
          droppedAttributesCount: s.droppedAttributesCount,
          events: s.events.map((e) => ({ time: e.timeUnixNano, name: e.name, attributes: sortByKey(e.attributes), dropped: e.droppedAttributesCount })),
          droppedEventsCount: s.droppedEventsCount,
          links: s.links.length,
          droppedLinksCount: s.droppedLinksCount,
          status: s.status,
        })),
      })),
    }));
    expect(normalizeNaN(oursCanonical)).toEqual(normalizeNaN(referenceCanonical));
  });

  it('decodes concatenated requests (as the write-ahead log sends them) as one', () => {
    const encoder = createProtobufSpanEncoder();
    const a = encoder.encode([plainSpan({ name: 'a' })]).slice();
    const b = encoder.encode([plainSpan({ name: 'b', parentSpanContext: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '00f067aa0ba902b7', traceFlags: 1 } })]).slice();
    const decoded = decodeTraceRequest(Buffer.concat([a, b]));
    const spans = decoded.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    expect(spans.map((s) => [s.name, s.parentSpanId])).toEqual([
      ['a', undefined],
      ['b', '00f067aa0ba902b7'],
    ]);
    expect(decoded[0].resourceAttributes['service.name']).toBe('plain');
    expect(decoded[0].scopeSpans[0]).toMatchObject({ scopeName: 'plain-scope', scopeVersion: '1.0.0' });
  });

  it('keeps int64 values beyond 2^53 exact and negative values signed', () => {
    const bytes = createProtobufSpanEncoder()
      .encode([plainSpan({ attributes: { big: 2 ** 62, neg: -5, min: -(2 ** 63), d: 0.25, nan: NaN } })])
      .slice();
    const { attributes } = decodeTraceRequest(bytes)[0].scopeSpans[0].spans[0];
    expect(attributes.big).toBe(2n ** 62n);
    expect(attributes.neg).toBe(-5);
    expect(attributes.min).toBe(-(2n ** 63n));
    expect(attributes.d).toBe(0.25);
    expect(attributes.nan).toBeNaN();
  });

  it('keeps an attribute named __proto__ as a plain property', () => {
    const attributes = JSON.parse('{"__proto__":"x","other":1}');
    const bytes = createProtobufSpanEncoder()
      .encode([plainSpan({ attributes })])
      .slice();
    const decoded = decodeTraceRequest(bytes)[0].scopeSpans[0].spans[0].attributes;
    expect(Object.keys(decoded)).toEqual(['__proto__', 'other']);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(String(decoded.__proto__)).toBe('x');
  });

  it('skips fields it does not know', () => {
    const span = createProtobufSpanEncoder()
      .encode([plainSpan({ name: 'known' })])
      .slice();
    // Top level: field 99 as a varint and field 100 as a length-delimited value.
    const unknown = Uint8Array.from([0x98, 0x06, 0x01, 0xa2, 0x06, 0x02, 0x61, 0x62]);
    const decoded = decodeTraceRequest(Buffer.concat([unknown, span, unknown]));
    expect(decoded).toHaveLength(1);
    expect(decoded[0].scopeSpans[0].spans[0].name).toBe('known');
  });

  it('decodes an empty request as no spans', () => {
    expect(decodeTraceRequest(new Uint8Array(0))).toEqual([]);
  });

  const malformed: [string, Uint8Array][] = [
    ['a truncated request', createProtobufSpanEncoder().encode([plainSpan()]).slice(0, 40)],
    ['a length past the end', Uint8Array.from([0x0a, 0x10, 0x01])],
    ['a varint longer than 10 bytes', Uint8Array.from([0x08, ...new Array(11).fill(0xff)])],
    ['a group (wire type 3)', Uint8Array.from([0x0b, 0x0c])],
  ];
  it.each(malformed)('throws a ProtobufDecodeError for %s', (_name, bytes) => {
    expect(() => decodeTraceRequest(bytes)).toThrow(ProtobufDecodeError);
    expect(() => decodeTraceRequest(bytes)).toThrow(/invalid protobuf at byte \d+/);
  });
});
