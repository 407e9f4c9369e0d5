import type { DecodedResourceSpans, DecodedSpan, DecodedValue } from './otlp-trace-decoder';

/** A span in Zipkin's JSON v2 model (https://zipkin.io/zipkin-api/#/default/post_spans). */
export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  /** Epoch microseconds. */
  timestamp: number;
  /** Microseconds. */
  duration: number;
  localEndpoint: { serviceName: string };
  annotations?: { timestamp: number; value: string }[];
  tags: Record<string, string>;
}

/** How OTLP spans become Zipkin spans. Every field is optional. */
export interface ZipkinMappingOptions {
  /**
   * Service name of spans whose own attributes and resource carry no `service.name`. Default: the
   * `service.name` of the first resource in the request, else `OpenTelemetry Service`.
   */
  serviceName?: string;
  /** Tag that carries the span status code (`OK`, `ERROR`). Default `otel.status_code`. */
  statusCodeTagName?: string;
  /** Tag that carries the status message of an error span. Default `error`. */
  statusDescriptionTagName?: string;
}

const DEFAULT_SERVICE_NAME = 'OpenTelemetry Service';
const SERVICE_NAME = 'service.name';
/** OTLP kind (API kind + 1) to Zipkin kind; internal and unspecified spans have none. */
const KINDS: Record<number, ZipkinSpan['kind']> = { 2: 'SERVER', 3: 'CLIENT', 4: 'PRODUCER', 5: 'CONSUMER' };
const STATUS_CODES: Record<number, string> = { 1: 'OK', 2: 'ERROR' };

/**
 * Maps decoded OTLP spans to Zipkin v2 spans exactly as `ZipkinExporter` of
 * `@opentelemetry/exporter-zipkin` 2.x maps `ReadableSpan`s, so a span looks the same in Zipkin
 * whichever capture mode sent it:
 * - `traceId`, `id`, `parentId` (absent for a root span), `name`; `kind` from the span kind
 *   (internal spans have none); `shared` is never set, since OpenTelemetry never shares a span id
 *   between client and server.
 * - `timestamp` and `duration` in microseconds; `localEndpoint.serviceName` from the span's
 *   `service.name` attribute, else its resource's, else {@link ZipkinMappingOptions.serviceName}.
 * - `tags`: every span attribute as `String(value)` of the original value (arrays comma-joined,
 *   as the stock exporter does), `otel.status_code` when the status is set, `error` with the
 *   message of an error status, `otel.dropped_{attributes,events,links}_count` when non-zero, then every resource
 *   attribute.
 * - `annotations`: one per event (its name; event attributes are not mapped), omitted when none.
 * One deliberate difference: `timestamp` is rounded to whole microseconds (Zipkin rejects
 * fractions; the stock exporter sends one when a start time has sub-microsecond digits).
 */
export function toZipkinSpans(request: readonly DecodedResourceSpans[], options: ZipkinMappingOptions = {}): ZipkinSpan[] {
  const statusCodeTag = options.statusCodeTagName || 'otel.status_code';
  const statusErrorTag = options.statusDescriptionTagName || 'error';
  const firstResourceName = request[0]?.resourceAttributes[SERVICE_NAME];
  const fallbackService = options.serviceName || (firstResourceName ? text(firstResourceName) : '') || DEFAULT_SERVICE_NAME;
  const spans: ZipkinSpan[] = [];
  for (const resourceSpans of request) {
    const resource = resourceSpans.resourceAttributes;
    for (const scope of resourceSpans.scopeSpans) {
      for (const span of scope.spans) {
        const serviceName = text(span.attributes[SERVICE_NAME] || resource[SERVICE_NAME] || fallbackService);
        spans.push(toZipkinSpan(span, resource, serviceName, statusCodeTag, statusErrorTag));
      }
    }
  }
  return spans;
}

function toZipkinSpan(span: DecodedSpan, resource: Record<string, DecodedValue>, serviceName: string, statusCodeTag: string, statusErrorTag: string): ZipkinSpan {
  const tags: Record<string, string> = {};
  for (const key of Object.keys(span.attributes)) tags[key] = text(span.attributes[key]);
  if (span.statusCode !== 0) tags[statusCodeTag] = STATUS_CODES[span.statusCode] ?? String(span.statusCode);
  if (span.statusCode === 2 && span.statusMessage) tags[statusErrorTag] = span.statusMessage;
  if (span.droppedAttributesCount) tags['otel.dropped_attributes_count'] = String(span.droppedAttributesCount);
  if (span.droppedEventsCount) tags['otel.dropped_events_count'] = String(span.droppedEventsCount);
  if (span.droppedLinksCount) tags['otel.dropped_links_count'] = String(span.droppedLinksCount);
  for (const key of Object.keys(resource)) tags[key] = text(resource[key]);

  const zipkin: ZipkinSpan = {
    traceId: span.traceId,
    parentId: span.parentSpanId,
    name: span.name,
    id: span.spanId,
    kind: KINDS[span.kind],
    timestamp: nanosToMicros(span.startTimeUnixNano),
    duration: nanosToMicros(span.endTimeUnixNano - span.startTimeUnixNano),
    localEndpoint: { serviceName },
    tags,
    annotations: span.events.length > 0 ? span.events.map((e) => ({ timestamp: nanosToMicros(e.timeUnixNano), value: e.name })) : undefined,
  };
  return zipkin;
}

/**
 * `String(value)` of the attribute value the span had: an int64 beyond 2^53 was a JS number, so it
 * is printed as that number (`9223372036854775000`), not with all its integer digits.
 */
function text(value: DecodedValue): string {
  if (typeof value === 'bigint') return String(Number(value));
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? '' : text(item))).join(',');
  return String(value);
}

/** Nanoseconds to whole microseconds, half rounded up (as `Math.round`), exact for any 64-bit time. */
function nanosToMicros(nanos: bigint): number {
  const micros = nanos / 1000n;
  const rest = nanos % 1000n;
  return Number(micros) + (rest >= 500n ? 1 : rest < -500n ? -1 : 0);
}
