import { context, diag, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ATTR_LLM_DUPLICATE_OF } from '../../src/attributes';
import { LlmCallDedupe, MAX_OPEN_SPANS } from '../../src/outcome/llm-call-dedupe';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

// Spans made by hand with the attributes an instrumentation would write, for the cases the real
// instrumentations cannot be made to produce on demand (retries, late children, other conventions).
let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing({ redaction: false, requestRollup: {} });
});
afterEach(async () => {
  await tracing.tearDown();
  diag.disable();
});

const chat = (model: string, usage?: [number, number]): Attributes => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': model,
  ...(usage ? { 'gen_ai.usage.input_tokens': usage[0], 'gen_ai.usage.output_tokens': usage[1] } : {}),
});

/** Starts a span named `name` under the active span, runs `fn` inside it, and ends it unless told not to. */
function span(name: string, attributes: Attributes, fn: (span: Span) => void = () => undefined, end = true): Span {
  return trace.getTracer('test').startActiveSpan(name, { attributes }, (s) => {
    fn(s);
    if (end) s.end();
    return s;
  });
}

const ended = (name: string): ReadableSpan => tracing.span(name);
const id = (s: Span | ReadableSpan): string => s.spanContext().spanId;
const request = (): Attributes => ended('request').attributes;

describe('LlmCallDedupe through GenAiSpanProcessor', () => {
  it('sums the usage of several duplicates of one call (retries inside one traceLlmCall) onto the outer span', () => {
    span('request', {}, () =>
      span('outer', chat('gpt-4o-mini'), () => {
        span('attempt-1', chat('gpt-4o-mini', [100, 0]));
        span('attempt-2', chat('gpt-4o-mini', [100, 20]));
      }),
    );
    expect(ended('outer').attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 200, 'gen_ai.usage.output_tokens': 20 });
    expect(ended('attempt-1').attributes[ATTR_LLM_DUPLICATE_OF]).toBe(id(ended('outer')));
    expect(ended('attempt-2').attributes[ATTR_LLM_DUPLICATE_OF]).toBe(id(ended('outer')));
    expect(request()).toMatchObject({ 'agent_otel.request.llm_call_count': 1, 'agent_otel.request.input_tokens': 200, 'agent_otel.request.output_tokens': 20 });
  });

  it("keeps the outer span's own usage when both report one", () => {
    span('request', {}, () => span('outer', chat('gpt-4o-mini', [10, 5]), () => span('inner', chat('gpt-4o-mini', [12, 6]))));
    expect(ended('outer').attributes['gen_ai.usage.input_tokens']).toBe(10);
    expect(request()['agent_otel.request.input_tokens']).toBe(10);
  });

  it('an outer span with usage that ends before its child stays counted; the late child is a duplicate', () => {
    let inner: Span | undefined;
    span('request', {}, () => {
      span('outer', chat('gpt-4o-mini', [10, 5]), () => {
        inner = span('inner', chat('gpt-4o-mini', [10, 5]), undefined, false);
      });
      inner?.end();
    });
    expect(ended('outer').attributes[ATTR_LLM_DUPLICATE_OF]).toBeUndefined();
    expect(ended('outer').attributes['agent_otel.cost.usd']).toBeGreaterThan(0);
    expect(ended('inner').attributes[ATTR_LLM_DUPLICATE_OF]).toBe(id(ended('outer')));
    expect(ended('inner').attributes['agent_otel.cost.usd']).toBeUndefined();
    expect(request()).toMatchObject({ 'agent_otel.request.llm_call_count': 1, 'agent_otel.request.input_tokens': 10 });
  });

  it('does not pair spans of different operations, or a model call with a span that is not one', () => {
    span('request', {}, () => {
      span('outer', chat('gpt-4o-mini', [10, 5]), () =>
        span('embed', { 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 3 }),
      );
      span('step', { 'agent_otel.step.type': 'plan' }, () => span('call', chat('gpt-4o-mini', [10, 5])));
    });
    for (const name of ['outer', 'embed', 'call']) expect(ended(name).attributes[ATTR_LLM_DUPLICATE_OF]).toBeUndefined();
    expect(request()['agent_otel.request.llm_call_count']).toBe(3);
  });

  it('pairs a parent that writes another convention (OpenInference names, normalized on a copy while it is open)', () => {
    const openInference: Attributes = {
      'openinference.span.kind': 'LLM',
      'llm.invocation_parameters': JSON.stringify({ model: 'gpt-4o-mini' }),
      'llm.token_count.prompt': 10,
      'llm.token_count.completion': 5,
    };
    span('request', {}, () => span('outer', openInference, () => span('inner', chat('gpt-4o-mini', [10, 5]))));
    expect(ended('inner').attributes[ATTR_LLM_DUPLICATE_OF]).toBe(id(ended('outer')));
    expect(ended('outer').attributes['gen_ai.operation.name']).toBe('chat');
    expect(request()).toMatchObject({ 'agent_otel.request.llm_call_count': 1, 'agent_otel.request.input_tokens': 10 });
  });

  it('leaves every span counted with dedupeLlmCalls: false', async () => {
    await tracing.tearDown();
    tracing = setUpTracing({ redaction: false, requestRollup: {}, dedupeLlmCalls: false });
    span('request', {}, () => span('outer', chat('gpt-4o-mini', [10, 5]), () => span('inner', chat('gpt-4o-mini', [10, 5]))));
    expect(ended('inner').attributes[ATTR_LLM_DUPLICATE_OF]).toBeUndefined();
    expect(request()).toMatchObject({ 'agent_otel.request.llm_call_count': 2, 'agent_otel.request.input_tokens': 20 });
  });
});

describe('LlmCallDedupe with openInference names', () => {
  it('writes no llm.token_count.* on a duplicate, so Phoenix, which adds counts up the tree, counts the call once', async () => {
    await tracing.tearDown();
    tracing = setUpTracing({ redaction: false, requestRollup: {}, openInference: true });
    span('request', {}, () => span('outer', chat('gpt-4o-mini', [10, 5]), () => span('inner', chat('gpt-4o-mini', [10, 5]))));
    expect(ended('outer').attributes['llm.token_count.prompt']).toBe(10);
    expect(ended('inner').attributes['openinference.span.kind']).toBe('LLM');
    expect(Object.keys(ended('inner').attributes).filter((key) => key.startsWith('llm.token_count.'))).toEqual([]);
  });
});

describe('LlmCallDedupe', () => {
  it('holds nothing for a span once it has ended, and leaves a span it never saw start alone', () => {
    const dedupe = new LlmCallDedupe(() => ({}));
    const tracer = trace.getTracer('test');
    const parent = tracer.startSpan('parent', { attributes: chat('m') });
    const child = tracer.startSpan('child', { attributes: chat('m') }, trace.setSpan(context.active(), parent));
    dedupe.onStart(parent as never);
    dedupe.onStart(child as never);
    expect(dedupe.openSpans).toBe(2);
    expect(dedupe.onEnding(child as never)).toBe(true);
    expect(dedupe.onEnding(parent as never)).toBe(false);
    expect(dedupe.openSpans).toBe(0);
    // A span this dedupe never saw start is left alone, even one that cannot tell its id.
    expect(dedupe.onEnding(tracer.startSpan('stranger', { attributes: chat('m') }) as never)).toBe(false);
    expect(dedupe.onEnding({ attributes: chat('m') } as never)).toBe(false);
  });

  it(`keeps at most ${MAX_OPEN_SPANS} open spans findable as parents, dropping the oldest (spans that never end are not held for good)`, () => {
    const dedupe = new LlmCallDedupe(() => ({}));
    const tracer = trace.getTracer('test');
    const first = tracer.startSpan('never ended');
    dedupe.onStart(first as never);
    for (let i = 0; i < MAX_OPEN_SPANS; i++) {
      const spanId = (i + 1).toString(16).padStart(16, '0');
      dedupe.onStart({ spanContext: () => ({ traceId: '1'.repeat(32), spanId, traceFlags: 1 }), parentSpanContext: undefined } as never);
    }
    expect(dedupe.openSpans).toBe(MAX_OPEN_SPANS);
    expect(dedupe.onEnding(first as never)).toBe(false);
    expect(dedupe.openSpans).toBe(MAX_OPEN_SPANS);
  });
});
