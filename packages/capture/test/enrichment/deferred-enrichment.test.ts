import { diag, DiagLogLevel, SpanStatusCode, type Context } from '@opentelemetry/api';
import { BasicTracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DeferredEnrichment } from '../../src/enrichment/deferred-enrichment';
import { canEditAfterEnd, editEndedSpan } from '../../src/enrichment/reopen-ended-span';

/** An enriching processor that edits the span the way GenAiSpanProcessor does, and logs its calls. */
class Enricher implements SpanProcessor {
  readonly calls: string[] = [];
  throwOn: string | undefined;
  onStart(span: Span, _context: Context): void {
    this.calls.push(`start ${span.name}`);
  }
  onEnding(span: Span): void {
    this.calls.push(`ending ${span.name}`);
    if (span.name === this.throwOn) throw new Error('enricher failed');
    span.setAttribute('enriched', true);
    span.setAttributes({ 'enriched.a': 1, 'enriched.b': 2 });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'scrubbed' });
    span.updateName(`${span.name} (enriched)`);
  }
  onEnd(span: ReadableSpan): void {
    this.calls.push(`end ${span.name}`);
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** A provider whose only processor defers every span's end work to `work`. */
function setup(options: ConstructorParameters<typeof DeferredEnrichment>[1] = {}, attributeCountLimit?: number) {
  const enricher = new Enricher();
  const work = new DeferredEnrichment(enricher, options);
  const deferring: SpanProcessor = {
    onStart: (span, ctx) => work.onStart(span as never, ctx),
    onEnding: (span) => work.defer(span as never),
    onEnd: () => undefined,
    forceFlush: () => work.forceFlush(),
    shutdown: () => work.shutdown(),
  };
  const provider = new BasicTracerProvider({ spanProcessors: [deferring], spanLimits: attributeCountLimit ? { attributeCountLimit } : undefined });
  return { enricher, work, tracer: provider.getTracer('t'), provider };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('DeferredEnrichment', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    diag.disable();
  });

  it('end() leaves the span as it was; completePending() enriches it through the SDK API and ends it again', () => {
    const t = setup();
    const span = t.tracer.startSpan('llm');
    span.end();
    const readable = span as unknown as ReadableSpan;
    expect(readable.attributes).toEqual({});
    expect(t.work.pending).toBe(1);
    t.work.completePending();
    expect(readable.attributes).toEqual({ enriched: true, 'enriched.a': 1, 'enriched.b': 2 });
    expect(readable.status).toEqual({ code: SpanStatusCode.ERROR, message: 'scrubbed' });
    expect(readable.name).toBe('llm (enriched)');
    expect(readable.ended).toBe(true);
    span.setAttribute('after', 1); // ended again: the SDK refuses further edits
    expect(readable.attributes.after).toBeUndefined();
    expect(t.work.stats()).toMatchObject({ deferred: 1, onDemand: 1, pending: 0, failures: 0 });
  });

  it("applies the SDK's attribute limits to the deferred edits, as inside end()", () => {
    const t = setup({}, 2);
    const span = t.tracer.startSpan('limited');
    span.end();
    t.work.completePending();
    const readable = span as unknown as ReadableSpan;
    expect(Object.keys(readable.attributes)).toEqual(['enriched', 'enriched.a']);
    expect(readable.droppedAttributesCount).toBe(1);
  });

  it('runs onEnding then onEnd exactly once per span, in end order, across background slices and on-demand runs', async () => {
    const t = setup();
    const a = t.tracer.startSpan('a');
    const b = t.tracer.startSpan('b');
    b.end();
    a.end();
    await nextTurn();
    const c = t.tracer.startSpan('c');
    c.end();
    t.work.completePending();
    await nextTurn();
    expect(t.enricher.calls).toEqual(['start a', 'start b', 'ending b', 'end b (enriched)', 'ending a', 'end a (enriched)', 'start c', 'ending c', 'end c (enriched)']);
    expect(t.work.stats()).toMatchObject({ deferred: 3, inBackground: 2, onDemand: 1, pending: 0 });
  });

  it('a background slice yields once sliceMs have passed, and the next slice goes on where it stopped', async () => {
    const t = setup({ sliceMs: 1 });
    for (let i = 0; i < 10; i++) t.tracer.startSpan(`s${i}`).end();
    let now = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => (now += 0.4)); // each span "takes" 0.4 ms
    await nextTurn();
    // The deadline is read after each span: 0.4 + 1 ms covers three spans.
    expect(t.work.stats()).toMatchObject({ inBackground: 3, pending: 7 });
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(t.work.stats()).toMatchObject({ inBackground: 10, pending: 0 });
    expect(t.enricher.calls.filter((c) => c.startsWith('ending'))).toEqual(Array.from({ length: 10 }, (_, i) => `ending s${i}`));
  });

  it('with maxPending spans waiting, a new end() enriches the oldest on its stack: memory stays bounded, order is kept', () => {
    const t = setup({ maxPending: 3 });
    for (let i = 0; i < 5; i++) t.tracer.startSpan(`s${i}`).end();
    expect(t.work.stats()).toMatchObject({ deferred: 5, overflow: 2, pending: 3 });
    expect(t.enricher.calls.filter((c) => c.startsWith('ending'))).toEqual(['ending s0', 'ending s1']);
    t.work.completePending();
    expect(t.enricher.calls.filter((c) => c.startsWith('ending'))).toEqual(['ending s0', 'ending s1', 'ending s2', 'ending s3', 'ending s4']);
  });

  it('enrichNow() completes every span that ended before, then the span being ended, writable', () => {
    const enricher = new Enricher();
    const work = new DeferredEnrichment(enricher);
    let inline: Span | undefined;
    const provider = new BasicTracerProvider({
      spanProcessors: [
        {
          onStart: (span, ctx) => work.onStart(span as never, ctx),
          onEnding: (span) => (span.name === 'inline' ? ((inline = span as Span), work.enrichNow(span as never)) : work.defer(span as never)),
          onEnd: (span) => (span === (inline as unknown) ? work.afterEnd(span as never) : undefined),
          forceFlush: async () => undefined,
          shutdown: async () => undefined,
        },
      ],
    });
    const tracer = provider.getTracer('t');
    tracer.startSpan('deferred').end();
    tracer.startSpan('inline').end();
    expect(enricher.calls.filter((c) => !c.startsWith('start'))).toEqual(['ending deferred', 'end deferred (enriched)', 'ending inline', 'end inline (enriched)']);
    expect(work.stats()).toMatchObject({ deferred: 1, inline: 1, onDemand: 1, pending: 0 });
  });

  it('an enricher that throws is counted and warned about once; the span is ended again and the others are enriched', () => {
    const warn = jest.fn();
    diag.setLogger({ warn, error: jest.fn(), info: jest.fn(), debug: jest.fn(), verbose: jest.fn() }, DiagLogLevel.WARN);
    const t = setup();
    t.enricher.throwOn = 'bad';
    const bad = t.tracer.startSpan('bad');
    bad.end();
    t.tracer.startSpan('bad').end();
    t.tracer.startSpan('good').end();
    expect(() => t.work.completePending()).not.toThrow();
    expect(t.work.stats()).toMatchObject({ failures: 2, pending: 0 });
    expect((bad as unknown as ReadableSpan).ended).toBe(true);
    expect(t.enricher.calls).toContain('end good (enriched)');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('stats().failures');
  });

  it('forceFlush() and shutdown() complete what is waiting first', async () => {
    const t = setup();
    t.tracer.startSpan('x').end();
    await t.provider.forceFlush();
    expect(t.work.pending).toBe(0);
    t.tracer.startSpan('y').end();
    await t.provider.shutdown();
    expect(t.enricher.calls).toContain('end y (enriched)');
  });

  it('rejects bad options with an error naming the option', () => {
    const enricher = new Enricher();
    expect(() => new DeferredEnrichment(enricher, { maxPending: 0 })).toThrow(/maxPending must be an integer >= 1, got 0/);
    expect(() => new DeferredEnrichment(enricher, { maxPending: 1.5 })).toThrow(/maxPending/);
    expect(() => new DeferredEnrichment(enricher, { sliceMs: 0 })).toThrow(/sliceMs must be a number of milliseconds in \(0, 1000\], got 0/);
    expect(() => new DeferredEnrichment(enricher, { sliceMs: Number.NaN })).toThrow(/sliceMs/);
    expect(() => new DeferredEnrichment(null as never)).toThrow(/processor must be a SpanProcessor/);
  });
});

describe('editEndedSpan / canEditAfterEnd', () => {
  it("recognises the SDK's span and not a foreign one", () => {
    const span = new BasicTracerProvider().getTracer('t').startSpan('s');
    expect(canEditAfterEnd(span as never)).toBe(true);
    expect(canEditAfterEnd({ name: 'foreign', attributes: {} } as never)).toBe(false);
  });

  it('ends the span again when the edit throws', () => {
    const span = new BasicTracerProvider().getTracer('t').startSpan('s');
    span.end();
    expect(() =>
      editEndedSpan(span as never, () => {
        span.setAttribute('k', 'v');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect((span as unknown as ReadableSpan).ended).toBe(true);
    expect((span as unknown as ReadableSpan).attributes.k).toBe('v');
  });
});
