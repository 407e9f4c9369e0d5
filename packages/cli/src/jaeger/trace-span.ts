import { decodeAttributes, type AttributeValue, type OtlpJsonTraces } from './otlp-json';

/** A span read back from a trace store, flattened with its service name. */
export interface TraceSpan {
  traceId: string;
  spanId: string;
  /** Empty string for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP span kind number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  service: string;
  startNanos: bigint;
  endNanos: bigint;
  attributes: Record<string, AttributeValue>;
  events: { name: string; timeNanos: bigint; attributes: Record<string, AttributeValue> }[];
  status: { code: number; message?: string };
  resource: Record<string, AttributeValue>;
}

/** Flattens an OTLP/JSON traces document into spans sorted by start time. */
export function flattenOtlpJson(doc: OtlpJsonTraces): TraceSpan[] {
  const spans: TraceSpan[] = [];
  for (const rs of doc.resourceSpans ?? []) {
    const resource = decodeAttributes(rs.resource?.attributes);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown';
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          name: s.name,
          kind: s.kind ?? 0,
          service,
          startNanos: BigInt(s.startTimeUnixNano),
          endNanos: BigInt(s.endTimeUnixNano),
          attributes: decodeAttributes(s.attributes),
          events: (s.events ?? []).map((e) => ({ name: e.name, timeNanos: BigInt(e.timeUnixNano), attributes: decodeAttributes(e.attributes) })),
          status: { code: s.status?.code ?? 0, message: s.status?.message },
          resource,
        });
      }
    }
  }
  return spans.sort((a, b) => (a.startNanos < b.startNanos ? -1 : a.startNanos > b.startNanos ? 1 : 0));
}
