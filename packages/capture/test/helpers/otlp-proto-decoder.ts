import * as path from 'node:path';
import * as protobuf from 'protobufjs';

/**
 * Decodes OTLP trace requests with protobufjs and the `.proto` schema in `test/fixtures/otlp/`,
 * independently of the encoder under test, into a canonical plain form that
 * `otlp-expected-request.ts` also builds from source spans.
 */

/** A decoded `AnyValue`: exactly one key, or none for an empty value. int64 as decimal strings. */
export type CanonicalValue =
  | { string: string }
  | { bool: boolean }
  | { int: string }
  | { double: number }
  | { array: CanonicalValue[] }
  | { kvlist: CanonicalAttribute[] }
  | { bytes: string }
  | Record<string, never>;

/** A decoded `KeyValue`. */
export type CanonicalAttribute = [key: string, value: CanonicalValue];

/** A decoded `Span`; ids as lowercase hex, times as decimal nanosecond strings. */
export interface CanonicalSpan {
  traceId: string;
  spanId: string;
  traceState: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: CanonicalAttribute[];
  droppedAttributesCount: number;
  events: Array<{ timeUnixNano: string; name: string; attributes: CanonicalAttribute[]; droppedAttributesCount: number }>;
  droppedEventsCount: number;
  links: Array<{
    traceId: string;
    spanId: string;
    traceState: string;
    attributes: CanonicalAttribute[];
    droppedAttributesCount: number;
    flags: number;
  }>;
  droppedLinksCount: number;
  status: { message: string; code: number };
  flags: number;
}

/** A decoded `ExportTraceServiceRequest`. */
export interface CanonicalRequest {
  resourceSpans: Array<{
    resource: { attributes: CanonicalAttribute[]; droppedAttributesCount: number };
    schemaUrl: string;
    scopeSpans: Array<{
      scope: { name: string; version: string; attributes: CanonicalAttribute[]; droppedAttributesCount: number };
      schemaUrl: string;
      spans: CanonicalSpan[];
    }>;
  }>;
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'otlp');
let requestType: protobuf.Type | undefined;

/** The `ExportTraceServiceRequest` type loaded from the fixture schema. */
export function traceRequestType(): protobuf.Type {
  if (!requestType) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => path.join(FIXTURES, target);
    root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto', { keepCase: true });
    requestType = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  }
  return requestType;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs' toObject() output is untyped; the canonical form it is read into is typed */

/** Decodes `bytes` with the fixture schema into the canonical form. */
export function decodeTraceRequest(bytes: Uint8Array): CanonicalRequest {
  const type = traceRequestType();
  const o: any = type.toObject(type.decode(bytes), { longs: String, enums: Number, defaults: true, oneofs: true, arrays: true });
  return {
    resourceSpans: o.resource_spans.map((rs: any) => ({
      resource: {
        attributes: attributes(rs.resource?.attributes ?? []),
        droppedAttributesCount: rs.resource?.dropped_attributes_count ?? 0,
      },
      schemaUrl: rs.schema_url,
      scopeSpans: rs.scope_spans.map((ss: any) => ({
        scope: {
          name: ss.scope.name,
          version: ss.scope.version,
          attributes: attributes(ss.scope.attributes),
          droppedAttributesCount: ss.scope.dropped_attributes_count,
        },
        schemaUrl: ss.schema_url,
        spans: ss.spans.map(span),
      })),
    })),
  };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function span(s: any): CanonicalSpan {
  return {
    traceId: hex(s.trace_id),
    spanId: hex(s.span_id),
    traceState: s.trace_state,
    parentSpanId: hex(s.parent_span_id),
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: s.start_time_unix_nano,
    endTimeUnixNano: s.end_time_unix_nano,
    attributes: attributes(s.attributes),
    droppedAttributesCount: s.dropped_attributes_count,
    events: s.events.map((e: any) => ({
      timeUnixNano: e.time_unix_nano,
      name: e.name,
      attributes: attributes(e.attributes),
      droppedAttributesCount: e.dropped_attributes_count,
    })),
    droppedEventsCount: s.dropped_events_count,
    links: s.links.map((l: any) => ({
      traceId: hex(l.trace_id),
      spanId: hex(l.span_id),
      traceState: l.trace_state,
      attributes: attributes(l.attributes),
      droppedAttributesCount: l.dropped_attributes_count,
      flags: l.flags,
    })),
    droppedLinksCount: s.dropped_links_count,
    status: { message: s.status.message, code: s.status.code },
    flags: s.flags,
  };
}

function attributes(list: any[]): CanonicalAttribute[] {
  return list.map((kv) => [kv.key, value(kv.value)]);
}

function value(v: any): CanonicalValue {
  switch (v?.value) {
    case 'string_value':
      return { string: v.string_value };
    case 'bool_value':
      return { bool: v.bool_value };
    case 'int_value':
      return { int: v.int_value };
    case 'double_value':
      return { double: v.double_value };
    case 'array_value':
      return { array: (v.array_value.values ?? []).map(value) };
    case 'kvlist_value':
      return { kvlist: attributes(v.kvlist_value.values ?? []) };
    case 'bytes_value':
      return { bytes: hex(v.bytes_value) };
    default:
      return {};
  }
}
