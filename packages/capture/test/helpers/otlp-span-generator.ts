import { createTraceState, ROOT_CONTEXT, trace, type Attributes, type Context, type HrTime, type Link, type Span, type SpanContext, type TraceState } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SamplingDecision, type IdGenerator, type ReadableSpan, type Sampler, type SpanProcessor, type TimedEvent } from '@opentelemetry/sdk-trace-base';
import { randomApiValue, randomAttributes, randomString, Rng } from './otlp-random';

/**
 * Seeded batches of finished spans for the OTLP encoder tests. Most come from a real
 * `BasicTracerProvider` (several resources, scopes, span limits that drop and truncate, sampled and
 * unsampled, local and remote parents, trace state, links, events, exceptions, statuses); with
 * `synthetic`, some are plain `ReadableSpan` objects carrying values the SDK would refuse (nested and
 * mixed arrays, objects, bytes, bigint, empty keys, odd ids).
 */

/** Options of {@link generateSpans}. */
export interface SpanGeneratorOptions {
  /** How many spans. */
  count: number;
  /** Share (0..1) of plain-object spans with values outside the API's rules. Default 0. */
  synthetic?: number;
  /** How many resources (providers); 1 to 3 chosen at random when omitted. */
  resources?: number;
  /** Whether synthetic spans may carry ids that are not lowercase hex of the right length. Default false. */
  oddIds?: boolean;
}

/** Collects every ended span, sampled or not. */
class CollectingProcessor implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function randomTime(rng: Rng): HrTime {
  const r = rng.next();
  if (r < 0.05) return [0, 0];
  if (r < 0.1) return [2 ** 32 + rng.int(1000), 999_999_999]; // beyond 2106
  return [1_700_000_000 + rng.int(100_000_000), rng.int(1_000_000_000)];
}

function randomTraceState(rng: Rng): TraceState | undefined {
  if (!rng.chance(0.3)) return undefined;
  return createTraceState(rng.chance(0.2) ? '' : `vendor${rng.int(9)}=v${rng.hex(3)},other=x`);
}

function randomSpanContext(rng: Rng): SpanContext {
  return {
    traceId: rng.hex(16),
    spanId: rng.hex(8),
    traceFlags: rng.pick([0, 1, 3, 0xff]),
    isRemote: rng.pick([true, false, undefined]),
    traceState: randomTraceState(rng),
  };
}

function randomLinks(rng: Rng): Link[] {
  return Array.from({ length: rng.chance(0.7) ? 0 : 1 + rng.int(3) }, () => {
    const link: Link = { context: randomSpanContext(rng) };
    if (rng.chance(0.6)) link.attributes = randomAttributes(rng, 3) as Attributes;
    if (rng.chance(0.2)) link.droppedAttributesCount = rng.int(5);
    return link;
  });
}

/** Builds `options.count` finished spans, the same ones for the same `seed`, shuffled across groups. */
export function generateSpans(seed: number, options: SpanGeneratorOptions): ReadableSpan[] {
  const rng = new Rng(seed);
  const processor = new CollectingProcessor();
  const idGenerator: IdGenerator = { generateTraceId: () => rng.hex(16), generateSpanId: () => rng.hex(8) };
  const sampler: Sampler = {
    shouldSample: () => ({
      decision: rng.chance(0.2) ? SamplingDecision.RECORD : SamplingDecision.RECORD_AND_SAMPLED,
      traceState: rng.chance(0.1) ? createTraceState('sampler=1') : undefined,
    }),
    toString: () => 'SeededSampler',
  };
  const tracers = [];
  const resourceCount = options.resources ?? 1 + rng.int(3);
  for (let r = 0; r < resourceCount; r++) {
    const resource = resourceFromAttributes(
      { 'service.name': `svc-${r}`, ...randomAttributes(rng, 4) } as Attributes,
      rng.chance(0.5) ? { schemaUrl: `https://opentelemetry.io/schemas/1.${r}.0` } : undefined,
    );
    const provider = new BasicTracerProvider({
      resource,
      idGenerator,
      sampler,
      spanLimits: rng.chance(0.5)
        ? {
            attributeCountLimit: 6,
            eventCountLimit: 2,
            linkCountLimit: 1,
            attributePerEventCountLimit: 2,
            attributePerLinkCountLimit: 2,
            attributeValueLengthLimit: 1 + rng.int(60),
          }
        : {},
      spanProcessors: [processor],
    });
    for (let s = 0, n = 1 + rng.int(3); s < n; s++) {
      const name = rng.chance(0.8) ? `scope-${s}` : randomString(rng, 20);
      const version = rng.chance(0.7) ? `1.${s}.${rng.int(9)}` : undefined;
      const schemaUrl = rng.chance(0.4) ? `https://example.com/schemas/${s}` : undefined;
      tracers.push(provider.getTracer(name, version, schemaUrl ? { schemaUrl } : undefined));
    }
  }

  const open: Span[] = [];
  let made = 0;
  while (made < options.count) {
    let ctx: Context = ROOT_CONTEXT;
    const r = rng.next();
    if (r < 0.4 && open.length > 0) ctx = trace.setSpan(ROOT_CONTEXT, rng.pick(open));
    else if (r < 0.6) ctx = trace.setSpanContext(ROOT_CONTEXT, { ...randomSpanContext(rng), isRemote: rng.chance(0.7) });
    const span = rng.pick(tracers).startSpan(
      randomString(rng, 30),
      {
        kind: rng.chance(0.9) ? rng.int(5) : undefined,
        attributes: randomAttributes(rng, 8) as Attributes,
        links: randomLinks(rng),
        startTime: randomTime(rng),
      },
      ctx,
    );
    for (let i = 0, n = rng.int(4); i < n; i++) span.setAttribute(randomString(rng, 20) || 'k', randomApiValue(rng));
    for (let i = 0, n = rng.chance(0.5) ? 0 : rng.int(5); i < n; i++) {
      if (rng.chance(0.2)) span.recordException(new Error(randomString(rng, 50)), randomTime(rng));
      else span.addEvent(randomString(rng, 20), rng.chance(0.7) ? (randomAttributes(rng, 4) as Attributes) : undefined, randomTime(rng));
    }
    if (rng.chance(0.5)) span.setStatus({ code: rng.int(3), message: rng.chance(0.5) ? randomString(rng, 40) : undefined });
    open.push(span);
    if (open.length > 4 || rng.chance(0.5)) {
      open.splice(open.indexOf(span), 1);
      span.end(randomTime(rng));
    }
    made++;
  }
  for (const span of open) span.end(randomTime(rng));

  const spans: ReadableSpan[] = processor.spans.slice(0, options.count);
  const synthetic = options.synthetic ?? 0;
  for (let i = 0; i < spans.length; i++) {
    if (rng.next() < synthetic) spans[i] = syntheticSpan(rng, spans[i], options.oddIds ?? false);
  }
  for (let i = spans.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [spans[i], spans[j]] = [spans[j], spans[i]];
  }
  return spans;
}

/**
 * A plain-object span sharing `base`'s resource and scope, with values outside the API's rules and,
 * when `oddIds`, sometimes ids that are not valid hex.
 */
function syntheticSpan(rng: Rng, base: ReadableSpan, oddIds: boolean): ReadableSpan {
  const odd = oddIds && rng.chance(0.3);
  const spanContext: SpanContext = {
    traceId: odd ? rng.pick(['', 'ABCDEF0123456789abcdef0123456789', 'xyz', rng.hex(7) + 'f', '\u00ff\u0100é€😀']) : rng.hex(16),
    spanId: odd ? rng.pick(['', '00000000000000000', 'GG', rng.hex(8)]) : rng.hex(8),
    traceFlags: rng.int(512),
    traceState: randomTraceState(rng),
  };
  const events: TimedEvent[] = Array.from({ length: rng.int(3) }, () => ({
    time: randomTime(rng),
    name: randomString(rng, 20),
    attributes: rng.chance(0.8) ? (randomAttributes(rng, 4, 0, true) as Attributes) : undefined,
    droppedAttributesCount: rng.chance(0.5) ? rng.int(3) : undefined,
  }));
  return {
    name: randomString(rng, 40),
    kind: rng.int(5),
    spanContext: () => spanContext,
    parentSpanContext: rng.chance(0.5) ? randomSpanContext(rng) : undefined,
    startTime: randomTime(rng),
    endTime: randomTime(rng),
    status: { code: rng.int(3), message: rng.chance(0.5) ? randomString(rng, 30) : undefined },
    attributes: randomAttributes(rng, 10, 0, true) as Attributes,
    links: randomLinks(rng),
    events,
    duration: [0, 0],
    ended: true,
    resource: base.resource,
    instrumentationScope: base.instrumentationScope,
    droppedAttributesCount: rng.int(300),
    droppedEventsCount: rng.int(3),
    droppedLinksCount: rng.chance(0.9) ? 0 : 2 ** 32 - 1,
  };
}

const PLAIN_RESOURCE = resourceFromAttributes({ 'service.name': 'plain' });
const PLAIN_SCOPE = { name: 'plain-scope', version: '1.0.0' };

/** A minimal finished span as a plain object (shared resource and scope), with `fields` overriding. */
export function plainSpan(fields: Partial<ReadableSpan> = {}): ReadableSpan {
  const spanContext: SpanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
  return {
    name: 'plain',
    kind: 0,
    spanContext: () => spanContext,
    startTime: [1_700_000_000, 1],
    endTime: [1_700_000_001, 2],
    status: { code: 0 },
    attributes: {},
    links: [],
    events: [],
    duration: [1, 1],
    ended: true,
    resource: PLAIN_RESOURCE,
    instrumentationScope: PLAIN_SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...fields,
  };
}
