import { context, diag, propagation, ROOT_CONTEXT, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { recordFallback } from '../../src/flow/flow-events';
import { withRetries } from '../../src/flow/with-retries';
import { GenAiSpanProcessor } from '../../src/genai-span-processor';
import { RequestRollup, type RequestRollupOptions } from '../../src/outcome/request-rollup';
import { recordLlmResponse } from '../../src/record-llm-response';
import { traceAgent } from '../../src/trace-agent';
import { traceLlmCall } from '../../src/trace-llm-call';
import { traceStep } from '../../src/trace-step';
import { traceTool } from '../../src/trace-tool';
import { RollupProcessor } from '../helpers/rollup-processor';
import { captureDiagWarnings } from '../helpers/test-tracing';

let exporter: InMemorySpanExporter;
let provider: BasicTracerProvider;
let rollup: RequestRollup;

function setUp(options?: RequestRollupOptions): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.disable();
  exporter = new InMemorySpanExporter();
  rollup = new RequestRollup(options);
  provider = new BasicTracerProvider({
    // The roll-up is tested on its own here; GenAiSpanProcessor's built-in one is turned off.
    spanProcessors: [new GenAiSpanProcessor({ requestRollup: false }), new RollupProcessor(rollup), new SimpleSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
}

beforeEach(() => setUp());

async function tearDown(): Promise<void> {
  await provider.shutdown();
  trace.disable();
  context.disable();
}

afterEach(async () => {
  diag.disable();
  await tearDown();
});

function finished(name: string): ReadableSpan {
  const found = exporter.getFinishedSpans().filter((s) => s.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

function requestAttributes(span: ReadableSpan): Record<string, unknown> {
  return Object.fromEntries(Object.entries(span.attributes).filter(([key]) => key.startsWith('agent_otel.request.')));
}

/** One model call answering with the given usage. */
function llmCall(model: string, inputTokens: number, outputTokens: number): Promise<void> {
  return traceLlmCall({ model, provider: 'openai' }, async (span) => {
    recordLlmResponse(span, { model, inputTokens, outputTokens });
  });
}

describe('RequestRollup', () => {
  it('writes outcome, latency, token and cost totals and counts on the local root', async () => {
    await traceAgent({ name: 'planner' }, async (agent) => {
      await traceStep({ type: 'plan', name: 'trip' }, async () => {
        await llmCall('gpt-4o-mini', 100, 20);
        await traceTool({ name: 'search' }, async () => undefined);
      });
      await llmCall('gpt-4o', 50, 10);
      // The agent's own usage sums its calls: it must not be counted again.
      agent.setAttributes({ 'gen_ai.usage.input_tokens': 150, 'gen_ai.usage.output_tokens': 30 });
    });
    const root = finished('invoke_agent planner');
    const calls = exporter.getFinishedSpans().filter((s) => s.name.startsWith('chat '));
    const cost = calls.reduce((sum, s) => sum + (s.attributes['agent_otel.cost.usd'] as number), 0);
    expect(cost).toBeGreaterThan(0);
    expect(requestAttributes(root)).toEqual({
      'agent_otel.request.outcome': 'success',
      'agent_otel.request.duration_ms': root.duration[0] * 1e3 + root.duration[1] / 1e6,
      'agent_otel.request.input_tokens': 150,
      'agent_otel.request.output_tokens': 30,
      'agent_otel.request.cost.usd': cost,
      'agent_otel.request.step_count': 1,
      'agent_otel.request.llm_call_count': 2,
      'agent_otel.request.tool_call_count': 1,
      'agent_otel.request.error_count': 0,
      'agent_otel.request.retry_count': 0,
      'agent_otel.request.fallback_count': 0,
    });
    for (const span of exporter.getFinishedSpans().filter((s) => s !== root)) expect(requestAttributes(span)).toEqual({});
    expect(rollup.stats()).toEqual({ openRoots: 0, droppedRoots: 0, failures: 0 });
  });

  it('counts a root that is itself a model call, and writes no totals when nothing reported usage', async () => {
    await llmCall('gpt-4o-mini', 7, 3);
    expect(requestAttributes(finished('chat gpt-4o-mini'))).toMatchObject({ 'agent_otel.request.input_tokens': 7, 'agent_otel.request.llm_call_count': 1 });
    await traceStep({ type: 'reflection', name: 'quiet' }, () => undefined);
    const quiet = requestAttributes(finished('reflection quiet'));
    expect(quiet['agent_otel.request.outcome']).toBe('success');
    expect(quiet).not.toHaveProperty('agent_otel.request.input_tokens');
    expect(quiet).not.toHaveProperty('agent_otel.request.cost.usd');
  });

  it('is partial when a step below the root failed but the root succeeded', async () => {
    await traceAgent({ name: 'planner' }, async () => {
      await traceTool({ name: 'search' }, async () => Promise.reject(new Error('down'))).catch(() => undefined);
      await traceTool({ name: 'cache' }, async () => 'hit');
    });
    expect(requestAttributes(finished('invoke_agent planner'))).toMatchObject({
      'agent_otel.request.outcome': 'partial',
      'agent_otel.request.error_count': 1,
      'agent_otel.request.tool_call_count': 2,
    });
  });

  it('is partial when a fallback was taken, and counts retries', async () => {
    await traceAgent({ name: 'planner' }, async () => {
      await traceLlmCall({ model: 'gpt-4o', provider: 'openai' }, async (span) => {
        let calls = 0;
        await withRetries(async () => (++calls < 3 ? Promise.reject(Object.assign(new Error('x'), { status: 429 })) : 'ok'), { backoff: 0 });
        recordFallback(span, { from: 'gpt-4o', to: 'gpt-4o-mini', reason: 'rate_limited' });
      });
    });
    expect(requestAttributes(finished('invoke_agent planner'))).toMatchObject({
      'agent_otel.request.outcome': 'partial',
      'agent_otel.request.error_count': 0,
      'agent_otel.request.retry_count': 2,
      'agent_otel.request.fallback_count': 1,
    });
  });

  it('is a failure when the root failed', async () => {
    await traceAgent({ name: 'planner' }, async () => {
      await llmCall('gpt-4o-mini', 1, 1);
      throw new Error('gave up');
    }).catch(() => undefined);
    expect(requestAttributes(finished('invoke_agent planner'))).toMatchObject({ 'agent_otel.request.outcome': 'failure', 'agent_otel.request.error_count': 0 });
  });

  it('treats a span with a remote parent as a local root and keeps concurrent requests apart', async () => {
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    await Promise.all([
      context.with(remote, () => traceAgent({ name: 'a' }, () => llmCall('gpt-4o-mini', 10, 1))),
      traceAgent({ name: 'b' }, async () => {
        await llmCall('gpt-4o-mini', 20, 2);
        await llmCall('gpt-4o-mini', 20, 2);
      }),
    ]);
    const a = finished('invoke_agent a');
    expect(a.parentSpanContext?.isRemote).toBe(true);
    expect(requestAttributes(a)).toMatchObject({ 'agent_otel.request.input_tokens': 10, 'agent_otel.request.llm_call_count': 1 });
    expect(requestAttributes(finished('invoke_agent b'))).toMatchObject({ 'agent_otel.request.input_tokens': 40, 'agent_otel.request.llm_call_count': 2 });
  });

  it('does not count a span that ends after its root, nor spans started after it', () => {
    const tracer = trace.getTracer('test');
    const root = tracer.startSpan('root', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    const late = tracer.startSpan('late', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 5 } }, trace.setSpan(ROOT_CONTEXT, root));
    root.end();
    const after = tracer.startSpan('after', { attributes: { 'gen_ai.operation.name': 'chat' } }, trace.setSpan(ROOT_CONTEXT, root));
    late.end();
    after.end();
    expect(requestAttributes(finished('root'))).toMatchObject({ 'agent_otel.request.llm_call_count': 0 });
    expect(requestAttributes(finished('root'))).not.toHaveProperty('agent_otel.request.input_tokens');
    expect(rollup.stats().openRoots).toBe(0);
  });

  it('leaves a request with no GenAI work (e.g. a health check) without request attributes', () => {
    const tracer = trace.getTracer('test');
    const root = tracer.startSpan('GET /health');
    tracer.startSpan('db.query', {}, trace.setSpan(ROOT_CONTEXT, root)).end();
    root.end();
    expect(requestAttributes(finished('GET /health'))).toEqual({});
    expect(rollup.stats().openRoots).toBe(0);
  });

  it('never overwrites what the root already has', async () => {
    await traceAgent({ name: 'planner', attributes: { 'agent_otel.request.outcome': 'partial' } }, () => llmCall('gpt-4o-mini', 1, 1));
    expect(requestAttributes(finished('invoke_agent planner'))).toMatchObject({ 'agent_otel.request.outcome': 'partial', 'agent_otel.request.llm_call_count': 1 });
  });

  it('drops the oldest open request past maxOpenRoots, counts it and warns once', async () => {
    await tearDown();
    setUp({ maxOpenRoots: 2 });
    const warnings = captureDiagWarnings();
    const tracer = trace.getTracer('test');
    const roots: Span[] = ['r1', 'r2', 'r3', 'r4'].map((name) => tracer.startSpan(name, { attributes: { 'gen_ai.operation.name': 'invoke_agent' } }));
    const child = tracer.startSpan('child-of-r1', {}, trace.setSpan(ROOT_CONTEXT, roots[0]));
    child.end();
    expect(rollup.stats()).toEqual({ openRoots: 2, droppedRoots: 2, failures: 0 });
    for (const span of roots) span.end();
    expect(requestAttributes(finished('r1'))).toEqual({});
    expect(requestAttributes(finished('r2'))).toEqual({});
    expect(requestAttributes(finished('r3'))['agent_otel.request.outcome']).toBe('success');
    expect(requestAttributes(finished('r4'))['agent_otel.request.outcome']).toBe('success');
    expect(warnings.filter((w) => w.includes('RequestRollup'))).toHaveLength(1);
    expect(rollup.stats()).toEqual({ openRoots: 0, droppedRoots: 2, failures: 0 });
  });

  it('never throws: a broken span is skipped, counted and logged once', () => {
    const warnings = captureDiagWarnings();
    expect(() => rollup.onStart(null as never, ROOT_CONTEXT)).not.toThrow();
    expect(() => rollup.onStart(null as never, ROOT_CONTEXT)).not.toThrow();
    expect(() => rollup.onEnd(null as never)).not.toThrow();
    expect(rollup.stats().failures).toBe(2);
    expect(warnings.filter((w) => w.includes('RequestRollup.onStart'))).toHaveLength(1);
  });

  it('rejects an invalid maxOpenRoots', () => {
    expect(() => new RequestRollup({ maxOpenRoots: 0 })).toThrow(new TypeError('RequestRollup: option "maxOpenRoots" must be an integer ≥ 1; got 0'));
    expect(() => new RequestRollup({ maxOpenRoots: 1.5 })).toThrow(TypeError);
  });
});

describe('GenAiSpanProcessor request roll-up', () => {
  it('writes the outcome and totals on the root span by default', async () => {
    await tearDown();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    exporter = new InMemorySpanExporter();
    const processor = new GenAiSpanProcessor();
    provider = new BasicTracerProvider({ spanProcessors: [processor, new SimpleSpanProcessor(exporter)] });
    trace.setGlobalTracerProvider(provider);
    await traceAgent({ name: 'planner' }, () =>
      traceLlmCall({ model: 'gpt-4o-mini', provider: 'openai' }, (span) => recordLlmResponse(span, { inputTokens: 100, outputTokens: 20 })),
    );
    const root = exporter.getFinishedSpans().find((s) => s.name === 'invoke_agent planner')!;
    expect(root.attributes['agent_otel.request.outcome']).toBe('success');
    expect(root.attributes['agent_otel.request.input_tokens']).toBe(100);
    expect(root.attributes['agent_otel.request.output_tokens']).toBe(20);
    expect(root.attributes['agent_otel.request.llm_call_count']).toBe(1);
    expect(processor.stats().requestRollup).toEqual({ openRoots: 0, droppedRoots: 0, failures: 0 });
    expect(new GenAiSpanProcessor({ requestRollup: false }).stats().requestRollup).toBeUndefined();
  });

  it('keeps the deprecated getStats() of the processor as an alias of stats()', () => {
    const processor = new GenAiSpanProcessor();
    expect(processor.getStats()).toEqual(processor.stats());
  });
});
