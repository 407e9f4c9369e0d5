import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan, type Span, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_CAPTURE_MODE } from '../../src/capture-mode';
import { CaptureRouter } from '../../src/capture-router';
import { DeferredEnrichment } from '../../src/enrichment/deferred-enrichment';
import { RingBufferSpanProcessor } from '../../src/ring-buffer-span-processor';

/** Marks every span `enriched` and masks `secret`; counts its calls. */
class Enricher implements SpanProcessor {
  endings = 0;
  ends = 0;
  onStart(span: Span): void {
    span.setAttribute('started.by.enricher', true);
  }
  onEnding(span: Span): void {
    this.endings++;
    span.setAttribute('enriched', true);
    if (span.attributes.secret !== undefined) span.setAttribute('secret', '[REDACTED]');
    if (span.name === 'tool call') span.setAttribute('tool.kind', 'payment');
  }
  onEnd(): void {
    this.ends++;
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** Records, at the moment export() is called, whether each span was already enriched. */
class CheckingExporter implements SpanExporter {
  readonly seen: { name: string; enriched: boolean; secret: unknown }[] = [];
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const s of spans) this.seen.push({ name: s.name, enriched: s.attributes.enriched === true, secret: s.attributes.secret });
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

/** Records what the WAL-side pipeline receives, and whether it was enriched on arrival. */
class Recording implements SpanProcessor {
  readonly arrived: { name: string; enriched: boolean }[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.arrived.push({ name: span.name, enriched: span.attributes.enriched === true });
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function setup(rules: ConstructorParameters<typeof CaptureRouter>[0]['rules'] = undefined, ringOptions = {}) {
  const enricher = new Enricher();
  const enrichment = new DeferredEnrichment(enricher);
  const exporter = new CheckingExporter();
  const ring = new RingBufferSpanProcessor(exporter, { flushIntervalMs: 3_600_000, ...ringOptions, pendingWork: enrichment });
  const complete = new Recording();
  const router = new CaptureRouter({ sampled: ring, complete, critical: complete, enrichment, rules });
  const provider = new BasicTracerProvider({ spanProcessors: [router] });
  return { enricher, enrichment, exporter, ring, complete, provider, tracer: provider.getTracer('t') };
}

describe('CaptureRouter with a deferred enrichment', () => {
  it('sampled spans are enriched after end() and before the exporter sees them, on every export path', async () => {
    const t = setup(undefined, { bufferSize: 8, flushThreshold: 0.25 });
    for (let i = 0; i < 20; i++) t.tracer.startSpan(`s${i}`, { attributes: { secret: 'sk-live-123' } }).end();
    // The threshold flush ran on a timer; a forceFlush takes the rest. Background slices may not have run.
    await t.provider.forceFlush();
    expect(t.exporter.seen.length).toBeGreaterThan(0);
    expect(t.exporter.seen.filter((s) => !s.enriched || s.secret !== '[REDACTED]')).toEqual([]);
    expect(t.enricher.endings).toBe(20);
    expect(t.enricher.ends).toBe(20);
    await t.provider.shutdown();
  });

  it('the ring completes the pending enrichment itself before it takes a batch (no background slice has run yet)', async () => {
    const t = setup();
    for (let i = 0; i < 5; i++) t.tracer.startSpan(`s${i}`, { attributes: { secret: 'sk-live-123' } }).end();
    expect(t.enrichment.pending).toBe(5);
    await t.ring.forceFlush(); // the ring alone, synchronously after the ends: no router flush, no slice
    expect(t.exporter.seen).toHaveLength(5);
    expect(t.exporter.seen.filter((s) => !s.enriched || s.secret !== '[REDACTED]')).toEqual([]);
    await t.provider.shutdown();
  });

  it("end() of a sampled span does not run the enricher's end work on the caller's stack", () => {
    const t = setup();
    const span = t.tracer.startSpan('fast');
    span.end();
    expect(t.enricher.endings).toBe(0);
    expect((span as unknown as ReadableSpan).attributes).toEqual({ 'started.by.enricher': true, [ATTR_CAPTURE_MODE]: 'sampled' });
    expect(t.enrichment.stats()).toMatchObject({ deferred: 1, pending: 1 });
  });

  it('a complete span is enriched inside end(), after every sampled span that ended before it, and reaches its pipeline enriched', () => {
    const t = setup();
    t.tracer.startSpan('sampled child').end();
    t.tracer.startSpan('complete root', { attributes: { [ATTR_CAPTURE_MODE]: 'complete' } }).end();
    expect(t.complete.arrived).toEqual([{ name: 'complete root', enriched: true }]);
    expect(t.enrichment.stats()).toMatchObject({ deferred: 1, inline: 1, onDemand: 1, pending: 0 });
    expect(t.enricher.ends).toBe(2);
  });

  it('with rules, a span that states no mode is enriched first, so a rule on an attribute the enricher writes matches', () => {
    const t = setup([{ mode: 'critical', attributes: { 'tool.kind': 'payment' } }]);
    t.tracer.startSpan('tool call').end();
    t.tracer.startSpan('other').end();
    expect(t.complete.arrived).toEqual([{ name: 'tool call', enriched: true }]);
    expect(t.enrichment.stats()).toMatchObject({ deferred: 0, inline: 2 });
  });

  it('shutdown() completes the pending enrichment before the ring exports its last spans', async () => {
    const t = setup();
    for (let i = 0; i < 5; i++) t.tracer.startSpan(`s${i}`, { attributes: { secret: 'x' } }).end();
    await t.provider.shutdown();
    expect(t.exporter.seen).toHaveLength(5);
    expect(t.exporter.seen.every((s) => s.enriched && s.secret === '[REDACTED]')).toBe(true);
  });

  it('refuses an enrichment the sampled pipeline would not complete before export', () => {
    const enrichment = new DeferredEnrichment(new Enricher());
    expect(() => new CaptureRouter({ sampled: new Recording(), enrichment })).toThrow(/needs a sampled pipeline that completes it before export/);
    const other = new RingBufferSpanProcessor(new CheckingExporter(), { pendingWork: new DeferredEnrichment(new Enricher()) });
    expect(() => new CaptureRouter({ sampled: other, enrichment })).toThrow(/pendingWork is the same DeferredEnrichment/);
    void other.shutdown();
  });

  it('rejects a pendingWork option without completePending()', () => {
    expect(() => new RingBufferSpanProcessor(new CheckingExporter(), { pendingWork: {} as never })).toThrow(
      /option pendingWork must be an object with a completePending\(\) method/,
    );
  });
});
