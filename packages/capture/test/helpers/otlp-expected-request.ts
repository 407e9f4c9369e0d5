import type { HrTime, Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { CanonicalAttribute, CanonicalRequest, CanonicalSpan, CanonicalValue } from './otlp-proto-decoder';

/**
 * What an OTLP request for `spans` must contain, per the OTLP specification, in the canonical form
 * of `otlp-proto-decoder.ts`: spans grouped by resource, then instrumentation scope (both by
 * identity, first seen first); strings as well-formed Unicode (lone surrogates become U+FFFD);
 * integers within int64 as `int_value`, other numbers as `double_value`; kind = API kind + 1;
 * flags = W3C trace flags | HAS_IS_REMOTE | IS_REMOTE when the parent (or linked) context is remote.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `s` with every lone surrogate replaced by U+FFFD, as any UTF-8 encoder must write it. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

function nanos(time: HrTime): string {
  return BigInt.asUintN(64, BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

function flags(context: SpanContext, isRemote: boolean | undefined): number {
  return (context.traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}

/** The canonical `AnyValue` of an attribute value. */
function expectedValue(v: unknown): CanonicalValue {
  if (typeof v === 'string') return { string: wellFormed(v) };
  if (typeof v === 'boolean') return { bool: v };
  if (typeof v === 'number') {
    return Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63 ? { int: BigInt(v).toString() } : { double: v };
  }
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') };
  if (Array.isArray(v)) return { array: Array.from(v, expectedValue) };
  if (typeof v === 'object' && v !== null) return { kvlist: expectedAttributes(v) };
  return {};
}

/** The canonical `KeyValue` list of an attributes object (own enumerable keys, in order). */
function expectedAttributes(attributes: object | undefined): CanonicalAttribute[] {
  if (!attributes) return [];
  return Object.keys(attributes).map((key) => [wellFormed(key), expectedValue((attributes as Record<string, unknown>)[key])]);
}

function expectedLink(link: Link) {
  const c = link.context;
  return {
    traceId: c.traceId,
    spanId: c.spanId,
    traceState: wellFormed(c.traceState?.serialize() ?? ''),
    attributes: expectedAttributes(link.attributes),
    droppedAttributesCount: link.droppedAttributesCount ?? 0,
    flags: flags(c, c.isRemote),
  };
}

/** The canonical `Span` of `span`. */
function expectedSpan(span: ReadableSpan): CanonicalSpan {
  const c = span.spanContext();
  return {
    traceId: c.traceId,
    spanId: c.spanId,
    traceState: wellFormed(c.traceState?.serialize() ?? ''),
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    name: wellFormed(span.name),
    kind: span.kind + 1,
    startTimeUnixNano: nanos(span.startTime),
    endTimeUnixNano: nanos(span.endTime),
    attributes: expectedAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((e) => ({
      timeUnixNano: nanos(e.time),
      name: wellFormed(e.name),
      attributes: expectedAttributes(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map(expectedLink),
    droppedLinksCount: span.droppedLinksCount,
    status: { message: wellFormed(span.status.message ?? ''), code: span.status.code },
    flags: flags(c, span.parentSpanContext?.isRemote),
  };
}

/** The canonical request for `spans`. */
export function expectedTraceRequest(spans: readonly ReadableSpan[]): CanonicalRequest {
  const groups = new Map<object, Map<object, ReadableSpan[]>>();
  for (const span of spans) {
    let scopes = groups.get(span.resource);
    if (!scopes) groups.set(span.resource, (scopes = new Map()));
    let list = scopes.get(span.instrumentationScope);
    if (!list) scopes.set(span.instrumentationScope, (list = []));
    list.push(span);
  }
  return {
    resourceSpans: [...groups.values()].map((scopes) => {
      const first = [...scopes.values()][0][0];
      return {
        resource: { attributes: expectedAttributes(first.resource.attributes), droppedAttributesCount: 0 },
        schemaUrl: wellFormed(first.resource.schemaUrl ?? ''),
        scopeSpans: [...scopes.values()].map((list) => {
          const scope = list[0].instrumentationScope;
          return {
            scope: { name: wellFormed(scope.name), version: wellFormed(scope.version ?? ''), attributes: [], droppedAttributesCount: 0 },
            schemaUrl: wellFormed(scope.schemaUrl ?? ''),
            spans: list.map(expectedSpan),
          };
        }),
      };
    }),
  };
}
