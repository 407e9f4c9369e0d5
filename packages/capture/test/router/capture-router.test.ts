import { context, diag, DiagLogLevel } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_CAPTURE_MODE, withCaptureMode } from '../../src/capture-mode';
import { CaptureRouter, type CaptureRouterOptions } from '../../src/capture-router';

/** Records the spans a pipeline receives. */
class RecordingProcessor implements SpanProcessor {
  readonly ended: ReadableSpan[] = [];
  flushed = 0;
  shutdowns = 0;
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.ended.push(span);
  }
  async forceFlush(): Promise<void> {
    this.flushed++;
  }
  async shutdown(): Promise<void> {
    this.shutdowns++;
  }
}

describe('CaptureRouter', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
  afterAll(() => {
    context.disable();
  });

  function setup(options: Partial<CaptureRouterOptions> = {}) {
    const sampled = new RecordingProcessor();
    const complete = new RecordingProcessor();
    const critical = new RecordingProcessor();
    const router = new CaptureRouter({ sampled, complete, critical, ...options });
    const provider = new BasicTracerProvider({ spanProcessors: [router] });
    const tracer = provider.getTracer('test');
    const names = (p: RecordingProcessor) => p.ended.map((s) => s.name);
    return { sampled, complete, critical, router, tracer, names, provider };
  }

  it('routes by the explicit attribute given at start', () => {
    const t = setup();
    t.tracer.startSpan('a', { attributes: { [ATTR_CAPTURE_MODE]: 'critical' } }).end();
    t.tracer.startSpan('b', { attributes: { [ATTR_CAPTURE_MODE]: 'complete' } }).end();
    t.tracer.startSpan('c').end();
    expect(t.names(t.critical)).toEqual(['a']);
    expect(t.names(t.complete)).toEqual(['b']);
    expect(t.names(t.sampled)).toEqual(['c']);
    expect(t.sampled.ended[0].attributes[ATTR_CAPTURE_MODE]).toBe('sampled');
  });

  it('routes spans started inside withCaptureMode, including nested children, and the explicit mode wins', () => {
    const t = setup();
    withCaptureMode('complete', () => {
      t.tracer.startActiveSpan('parent', (parent: Span) => {
        t.tracer.startSpan('child').end();
        t.tracer.startSpan('explicit', { attributes: { [ATTR_CAPTURE_MODE]: 'sampled' } }).end();
        parent.end();
      });
    });
    expect(t.names(t.complete)).toEqual(['child', 'parent']);
    expect(t.names(t.sampled)).toEqual(['explicit']);
  });

  it('applies rules to attributes set after start, in order, then the default', () => {
    const t = setup({
      defaultMode: 'complete',
      rules: [
        { mode: 'critical', attributes: { 'gen_ai.tool.type': ['payment', 'external'] } },
        { mode: 'sampled', spanName: /^GET / },
      ],
    });
    const pay = t.tracer.startSpan('execute_tool charge');
    pay.setAttribute('gen_ai.tool.type', 'payment');
    pay.end();
    t.tracer.startSpan('GET /health').end();
    t.tracer.startSpan('plan').end();
    expect(t.names(t.critical)).toEqual(['execute_tool charge']);
    expect(t.names(t.sampled)).toEqual(['GET /health']);
    expect(t.names(t.complete)).toEqual(['plan']);
  });

  it('treats a throwing rule predicate as no match', () => {
    const t = setup({
      rules: [
        {
          mode: 'critical',
          match: () => {
            throw new Error('bad rule');
          },
        },
      ],
    });
    t.tracer.startSpan('x').end();
    expect(t.names(t.sampled)).toEqual(['x']);
  });

  it('replaces an unknown explicit mode with the scope, rules or default, and warns', () => {
    const warnings: string[] = [];
    diag.setLogger({ error() {}, warn: (m: string) => warnings.push(m), info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
    const t = setup({ rules: [{ mode: 'complete', spanName: 'ruled' }] });
    t.tracer.startSpan('ruled', { attributes: { [ATTR_CAPTURE_MODE]: 'forever' } }).end();
    withCaptureMode('critical', () => t.tracer.startSpan('scoped', { attributes: { [ATTR_CAPTURE_MODE]: 'x' } }).end());
    diag.disable();
    expect(t.names(t.complete)).toEqual(['ruled']);
    expect(t.names(t.critical)).toEqual(['scoped']);
    expect(warnings.join('\n')).toMatch(/unknown capture mode "forever"/);
  });

  it('falls back: critical to complete, complete to sampled, when pipelines are not given', () => {
    const sampled = new RecordingProcessor();
    const complete = new RecordingProcessor();
    const onlyComplete = new CaptureRouter({ sampled, complete });
    const tracer = new BasicTracerProvider({ spanProcessors: [onlyComplete] }).getTracer('t');
    tracer.startSpan('crit', { attributes: { [ATTR_CAPTURE_MODE]: 'critical' } }).end();
    expect(complete.ended.map((s) => s.name)).toEqual(['crit']);

    const sampledOnly = new RecordingProcessor();
    const tracer2 = new BasicTracerProvider({ spanProcessors: [new CaptureRouter({ sampled: sampledOnly })] }).getTracer('t');
    tracer2.startSpan('crit', { attributes: { [ATTR_CAPTURE_MODE]: 'critical' } }).end();
    expect(sampledOnly.ended.map((s) => s.name)).toEqual(['crit']);
  });

  it('flushes and shuts down each distinct pipeline once', async () => {
    const sampled = new RecordingProcessor();
    const wal = new RecordingProcessor();
    const router = new CaptureRouter({ sampled, complete: wal, critical: wal });
    await router.forceFlush();
    await router.shutdown();
    expect([sampled.flushed, wal.flushed, sampled.shutdowns, wal.shutdowns]).toEqual([1, 1, 1, 1]);
  });

  it('sees attributes set by an earlier processor in onEnding', () => {
    const sampled = new RecordingProcessor();
    const critical = new RecordingProcessor();
    const enricher: SpanProcessor = {
      onStart() {},
      onEnding(span: Span) {
        span.setAttribute('gen_ai.tool.type', 'payment');
      },
      onEnd() {},
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const router = new CaptureRouter({ sampled, critical, rules: [{ mode: 'critical', attributes: { 'gen_ai.tool.type': 'payment' } }] });
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [enricher, router, new SimpleSpanProcessor(exporter)] }).getTracer('t');
    tracer.startSpan('t').end();
    expect(critical.ended.map((s) => s.name)).toEqual(['t']);
    expect(exporter.getFinishedSpans()[0].attributes[ATTR_CAPTURE_MODE]).toBe('critical');
  });

  it('rejects bad options with an error naming them', () => {
    const sampled = new RecordingProcessor();
    expect(() => new CaptureRouter({} as CaptureRouterOptions)).toThrow(/option sampled/);
    expect(() => new CaptureRouter({ sampled, defaultMode: 'always' as never })).toThrow(/option defaultMode "always"/);
    expect(() => new CaptureRouter({ sampled, rules: [{ mode: 'x' as never, spanName: 'a' }] })).toThrow(/capture rule 0: mode "x"/);
    expect(() => new CaptureRouter({ sampled, rules: [{ mode: 'critical' }] })).toThrow(/capture rule 0 has no condition/);
  });
});
