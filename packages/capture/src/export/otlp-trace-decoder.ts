import { ProtobufReader, WireType } from './protobuf-reader';

/**
 * An OTLP `AnyValue` as a JS value: string, boolean, number (int64 values outside the safe
 * integer range as bigint), array, object (`kvlist_value`), Uint8Array (`bytes_value`), or
 * undefined for an empty AnyValue (what the encoder writes for null and other unsupported values).
 */
export type DecodedValue = string | boolean | number | bigint | Uint8Array | DecodedValue[] | DecodedAttributes | undefined;

/** Attributes in wire order; a key repeated on the wire keeps its last value. */
export interface DecodedAttributes {
  [key: string]: DecodedValue;
}

/** An OTLP span event. */
export interface DecodedEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: DecodedAttributes;
  droppedAttributesCount: number;
}

/** The fields of an OTLP `Span` that exporters to other formats need (links are counted, not kept). */
export interface DecodedSpan {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  /** 16 lower-case hex digits, or undefined for a root span. */
  parentSpanId: string | undefined;
  traceState: string;
  /** W3C trace flags in the low byte; bit 8/9: whether the parent is known to be local/remote. */
  flags: number;
  name: string;
  /** OTLP kind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer (API kind + 1). */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: DecodedAttributes;
  droppedAttributesCount: number;
  events: DecodedEvent[];
  droppedEventsCount: number;
  /** Links on the wire (their content is skipped). */
  linkCount: number;
  droppedLinksCount: number;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
}

/** One `ScopeSpans`. */
export interface DecodedScopeSpans {
  scopeName: string;
  scopeVersion: string;
  spans: DecodedSpan[];
}

/** One `ResourceSpans`. */
export interface DecodedResourceSpans {
  resourceAttributes: DecodedAttributes;
  scopeSpans: DecodedScopeSpans[];
}

/**
 * Decodes OTLP/protobuf `ExportTraceServiceRequest` bytes (one request, or several concatenated,
 * as the write-ahead log sends them) into plain objects. Unknown fields are skipped, so newer
 * OTLP versions decode too.
 * @throws ProtobufDecodeError when the bytes are not well-formed protobuf.
 */
export function decodeTraceRequest(bytes: Uint8Array): DecodedResourceSpans[] {
  const reader = new ProtobufReader(bytes);
  const result: DecodedResourceSpans[] = [];
  while (reader.more()) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LEN) result.push(resourceSpans(reader.message()));
    else reader.skip(wire);
  }
  return result;
}

function resourceSpans(r: ProtobufReader): DecodedResourceSpans {
  const out: DecodedResourceSpans = { resourceAttributes: {}, scopeSpans: [] };
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LEN) {
      const resource = r.message();
      while (resource.more()) {
        const [f, w] = resource.tag();
        if (f === 1 && w === WireType.LEN) keyValue(resource.message(), out.resourceAttributes);
        else resource.skip(w);
      }
    } else if (field === 2 && wire === WireType.LEN) {
      out.scopeSpans.push(scopeSpans(r.message()));
    } else {
      r.skip(wire);
    }
  }
  return out;
}

function scopeSpans(r: ProtobufReader): DecodedScopeSpans {
  const out: DecodedScopeSpans = { scopeName: '', scopeVersion: '', spans: [] };
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LEN) {
      const scope = r.message();
      while (scope.more()) {
        const [f, w] = scope.tag();
        if (f === 1 && w === WireType.LEN) out.scopeName = scope.string();
        else if (f === 2 && w === WireType.LEN) out.scopeVersion = scope.string();
        else scope.skip(w);
      }
    } else if (field === 2 && wire === WireType.LEN) {
      out.spans.push(span(r.message()));
    } else {
      r.skip(wire);
    }
  }
  return out;
}

/** A field's tag as on the wire: field number and wire type. */
function key(field: number, wire: number): number {
  return field * 8 + wire;
}

/** Tags of the `Span` fields read (opentelemetry/proto/trace/v1/trace.proto). */
const SPAN = {
  traceId: key(1, WireType.LEN),
  spanId: key(2, WireType.LEN),
  traceState: key(3, WireType.LEN),
  parentSpanId: key(4, WireType.LEN),
  name: key(5, WireType.LEN),
  kind: key(6, WireType.VARINT),
  startTime: key(7, WireType.I64),
  endTime: key(8, WireType.I64),
  attributes: key(9, WireType.LEN),
  droppedAttributes: key(10, WireType.VARINT),
  events: key(11, WireType.LEN),
  droppedEvents: key(12, WireType.VARINT),
  links: key(13, WireType.LEN),
  droppedLinks: key(14, WireType.VARINT),
  status: key(15, WireType.LEN),
  flags: key(16, WireType.I32),
} as const;

function span(r: ProtobufReader): DecodedSpan {
  const s: DecodedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: undefined,
    traceState: '',
    flags: 0,
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    linkCount: 0,
    droppedLinksCount: 0,
    statusCode: 0,
    statusMessage: '',
  };
  while (r.more()) {
    const [field, wire] = r.tag();
    switch (key(field, wire)) {
      case SPAN.traceId:
        s.traceId = hex(r.slice());
        break;
      case SPAN.spanId:
        s.spanId = hex(r.slice());
        break;
      case SPAN.traceState:
        s.traceState = r.string();
        break;
      case SPAN.parentSpanId: {
        const parent = r.slice();
        s.parentSpanId = parent.length > 0 ? hex(parent) : undefined;
        break;
      }
      case SPAN.name:
        s.name = r.string();
        break;
      case SPAN.kind:
        s.kind = r.varint();
        break;
      case SPAN.startTime:
        s.startTimeUnixNano = r.fixed64();
        break;
      case SPAN.endTime:
        s.endTimeUnixNano = r.fixed64();
        break;
      case SPAN.attributes:
        keyValue(r.message(), s.attributes);
        break;
      case SPAN.droppedAttributes:
        s.droppedAttributesCount = r.varint();
        break;
      case SPAN.events:
        s.events.push(event(r.message()));
        break;
      case SPAN.droppedEvents:
        s.droppedEventsCount = r.varint();
        break;
      case SPAN.links:
        s.linkCount++;
        r.skip(wire);
        break;
      case SPAN.droppedLinks:
        s.droppedLinksCount = r.varint();
        break;
      case SPAN.status:
        status(r.message(), s);
        break;
      case SPAN.flags:
        s.flags = r.fixed32();
        break;
      default:
        r.skip(wire);
    }
  }
  return s;
}

function event(r: ProtobufReader): DecodedEvent {
  const e: DecodedEvent = { timeUnixNano: 0n, name: '', attributes: {}, droppedAttributesCount: 0 };
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.I64) e.timeUnixNano = r.fixed64();
    else if (field === 2 && wire === WireType.LEN) e.name = r.string();
    else if (field === 3 && wire === WireType.LEN) keyValue(r.message(), e.attributes);
    else if (field === 4 && wire === WireType.VARINT) e.droppedAttributesCount = r.varint();
    else r.skip(wire);
  }
  return e;
}

function status(r: ProtobufReader, s: DecodedSpan): void {
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 2 && wire === WireType.LEN) s.statusMessage = r.string();
    else if (field === 3 && wire === WireType.VARINT) s.statusCode = r.varint();
    else r.skip(wire);
  }
}

/** Reads one `KeyValue` into `into`. */
function keyValue(r: ProtobufReader, into: DecodedAttributes): void {
  let key = '';
  let value: DecodedValue;
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LEN) key = r.string();
    else if (field === 2 && wire === WireType.LEN) value = anyValue(r.message());
    else r.skip(wire);
  }
  // A key named __proto__ must become a property, not replace the object's prototype.
  if (key === '__proto__') Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  else into[key] = value;
}

function anyValue(r: ProtobufReader): DecodedValue {
  let value: DecodedValue;
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LEN) value = r.string();
    else if (field === 2 && wire === WireType.VARINT) value = r.varint() !== 0;
    else if (field === 3 && wire === WireType.VARINT) value = r.int64();
    else if (field === 4 && wire === WireType.I64) value = r.double();
    else if (field === 5 && wire === WireType.LEN) value = arrayValue(r.message());
    else if (field === 6 && wire === WireType.LEN) value = keyValueList(r.message());
    else if (field === 7 && wire === WireType.LEN) value = r.slice().slice();
    else r.skip(wire);
  }
  return value;
}

function arrayValue(r: ProtobufReader): DecodedValue[] {
  const values: DecodedValue[] = [];
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LEN) values.push(anyValue(r.message()));
    else r.skip(wire);
  }
  return values;
}

function keyValueList(r: ProtobufReader): DecodedAttributes {
  const values: DecodedAttributes = {};
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LEN) keyValue(r.message(), values);
    else r.skip(wire);
  }
  return values;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Bytes as lower-case hex. */
function hex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!]!; // a byte indexes the 256 entries
  return out;
}
