import { context, diag, trace, type Attributes } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_COST_INPUT_USD,
  ATTR_COST_OUTPUT_USD,
  ATTR_COST_USD,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SESSION_ID,
  ATTR_TENANT_ID,
  ATTR_USAGE_TOTAL_TOKENS,
  ATTR_USER_ID,
} from '../src/attributes';
import { DEFAULT_BAGGAGE_KEYS, GenAiSpanProcessor, type GenAiSpanProcessorOptions } from '../src/genai-span-processor';
import { traceAgent } from '../src/trace-agent';
import { captureDiagWarnings, contextWithBaggage, setUpTracing, type TestTracing } from './helpers/test-tracing';

let tracing: TestTracing | undefined;

afterEach(async () => {
  await tracing?.tearDown();
  tracing = undefined;
  diag.disable();
});

function start(options?: GenAiSpanProcessorOptions): TestTracing {
  tracing = setUpTracing(options);
  return tracing;
}

/** Starts and ends one span named `name` with `attributes`, under `parent` (default: active context). */
function endSpan(name: string, attributes: Attributes, parent = context.active()): void {
  trace.getTracer('test').startSpan(name, { attributes }, parent).end();
}

function usage(model: string, input: unknown, output: unknown): Attributes {
  return {
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input as number,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: output as number,
  };
}

describe('GenAiSpanProcessor baggage', () => {
  it('copies session, user and tenant ids from the parent context baggage', () => {
    const t = start();
    endSpan('s', {}, contextWithBaggage({ 'session.id': 'sess-1', 'user.id': 'user-1', 'tenant.id': 'acme' }));
    const attrs = t.span('s').attributes;
    expect(attrs[ATTR_SESSION_ID]).toBe('sess-1');
    expect(attrs[ATTR_USER_ID]).toBe('user-1');
    expect(attrs[ATTR_TENANT_ID]).toBe('acme');
    expect(ATTR_TENANT_ID).toBe('agent_otel.tenant.id');
  });

  it('never overwrites an attribute the span already has', () => {
    const t = start();
    endSpan('s', { [ATTR_SESSION_ID]: 'explicit' }, contextWithBaggage({ 'session.id': 'from-baggage', 'user.id': 'u' }));
    expect(t.span('s').attributes[ATTR_SESSION_ID]).toBe('explicit');
    expect(t.span('s').attributes[ATTR_USER_ID]).toBe('u');
  });

  it('writes nothing when there is no baggage, or the entries are missing or empty', () => {
    const t = start();
    endSpan('none', {});
    endSpan('other', {}, contextWithBaggage({ unrelated: 'x', 'user.id': '' }));
    for (const name of ['none', 'other']) {
      const attrs = t.span(name).attributes;
      expect(attrs[ATTR_SESSION_ID]).toBeUndefined();
      expect(attrs[ATTR_USER_ID]).toBeUndefined();
      expect(attrs[ATTR_TENANT_ID]).toBeUndefined();
    }
  });

  it('follows a custom mapping, and copies nothing with an empty one', () => {
    const t = start({ baggageKeys: { 'x-customer': 'customer.id' } });
    endSpan('s', {}, contextWithBaggage({ 'x-customer': 'c-9', 'session.id': 'sess' }));
    expect(t.span('s').attributes['customer.id']).toBe('c-9');
    expect(t.span('s').attributes[ATTR_SESSION_ID]).toBeUndefined();
  });

  it('copies nothing with an empty mapping', () => {
    const t = start({ baggageKeys: {} });
    endSpan('s', {}, contextWithBaggage({ 'session.id': 'sess' }));
    expect(t.span('s').attributes[ATTR_SESSION_ID]).toBeUndefined();
  });

  it('rejects a mapping to an empty attribute name', () => {
    expect(() => new GenAiSpanProcessor({ baggageKeys: { 'session.id': '' } })).toThrow(
      new TypeError('baggageKeys: baggage key "session.id" must map to a non-empty attribute name'),
    );
  });

  it('documents its default mapping', () => {
    expect(DEFAULT_BAGGAGE_KEYS).toEqual({ 'session.id': 'session.id', 'user.id': 'user.id', 'tenant.id': 'agent_otel.tenant.id' });
  });
});

describe('GenAiSpanProcessor agent name and version', () => {
  it('writes the configured name and version on every span', () => {
    const t = start({ agentName: 'travel-planner', agentVersion: '1.4.2' });
    endSpan('s', {});
    expect(t.span('s').attributes[ATTR_GEN_AI_AGENT_NAME]).toBe('travel-planner');
    expect(t.span('s').attributes[ATTR_GEN_AI_AGENT_VERSION]).toBe('1.4.2');
  });

  it('keeps a name and version the span already has', () => {
    const t = start({ agentName: 'configured', agentVersion: '1' });
    endSpan('s', { [ATTR_GEN_AI_AGENT_NAME]: 'own', [ATTR_GEN_AI_AGENT_VERSION]: '2' });
    expect(t.span('s').attributes[ATTR_GEN_AI_AGENT_NAME]).toBe('own');
    expect(t.span('s').attributes[ATTR_GEN_AI_AGENT_VERSION]).toBe('2');
  });

  it('labels spans inside traceAgent with that agent, not the configured one', () => {
    const t = start({ agentName: 'configured' });
    traceAgent({ name: 'researcher' }, () => endSpan('inner', {}));
    endSpan('outer', {});
    expect(t.span('inner').attributes[ATTR_GEN_AI_AGENT_NAME]).toBe('researcher');
    expect(t.span('outer').attributes[ATTR_GEN_AI_AGENT_NAME]).toBe('configured');
  });

  it('writes neither when none is configured', () => {
    const t = start();
    endSpan('s', {});
    expect(t.span('s').attributes[ATTR_GEN_AI_AGENT_NAME]).toBeUndefined();
    expect(t.span('s').attributes[ATTR_GEN_AI_AGENT_VERSION]).toBeUndefined();
  });
});

describe('GenAiSpanProcessor total tokens and cost', () => {
  it('derives total tokens and cost, matching a dated model name to its base entry', () => {
    const t = start();
    endSpan('chat', { ...usage('gpt-4o-mini', 1000, 500), [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18' });
    const attrs = t.span('chat').attributes;
    expect(attrs[ATTR_USAGE_TOTAL_TOKENS]).toBe(1500);
    // gpt-4o-mini: 0.15 USD / 1M input, 0.60 USD / 1M output
    expect(attrs[ATTR_COST_INPUT_USD]).toBeCloseTo(0.00015, 12);
    expect(attrs[ATTR_COST_OUTPUT_USD]).toBeCloseTo(0.0003, 12);
    expect(attrs[ATTR_COST_USD]).toBeCloseTo(0.00045, 12);
  });

  it('prices cache reads and writes and reasoning tokens at their own rates, and names the table that priced the span', () => {
    const t = start();
    endSpan('cached', {
      ...usage('claude-sonnet-4', 10_000, 500),
      'gen_ai.usage.cache_read.input_tokens': 8_000,
      'gen_ai.usage.cache_creation.input_tokens': 1_000,
      'gen_ai.usage.reasoning.output_tokens': 200,
    });
    endSpan('plain', usage('claude-sonnet-4', 10_000, 500));
    const cached = t.span('cached').attributes;
    // claude-sonnet-4: 3 input, 15 output, 0.3 cache read, 3.75 cache write (USD per 1M tokens)
    expect(cached).toMatchObject({
      'agent_otel.cost.cache_read_usd': 0.0024,
      'agent_otel.cost.cache_write_usd': 0.00375,
      'agent_otel.cost.reasoning_usd': 0.003, // billed as output
      [ATTR_COST_INPUT_USD]: 0.00915,
      [ATTR_COST_OUTPUT_USD]: 0.0075,
      [ATTR_COST_USD]: 0.01665,
      'agent_otel.cost.price_table': 'agent-otel-default-2025-06',
    });
    const plain = t.span('plain').attributes;
    expect(plain[ATTR_COST_USD]).toBe(0.0375);
    expect(plain['agent_otel.cost.cache_read_usd']).toBeUndefined();
    expect(plain['agent_otel.cost.price_table']).toBe('agent-otel-default-2025-06');
  });

  it('names a custom table "custom"', () => {
    const t = start({ priceTable: { m: { inputPerMillion: 1, outputPerMillion: 1 } } });
    endSpan('chat', usage('m', 10, 10));
    expect(t.span('chat').attributes['agent_otel.cost.price_table']).toBe('custom');
  });

  it('names a table by priceTableId, and rejects an empty priceTableId', () => {
    const t = start({ priceTable: { m: { inputPerMillion: 1, outputPerMillion: 1 } }, priceTableId: 'contract-2026-q4' });
    endSpan('chat', usage('m', 10, 10));
    expect(t.span('chat').attributes['agent_otel.cost.price_table']).toBe('contract-2026-q4');
    expect(() => new GenAiSpanProcessor({ priceTableId: ' ' })).toThrow(/priceTableId must be a non-empty string/);
  });

  it('prices by the response model before the request model', () => {
    const t = start({ priceTable: { cheap: { inputPerMillion: 1, outputPerMillion: 1 }, dear: { inputPerMillion: 100, outputPerMillion: 100 } } });
    endSpan('chat', { ...usage('cheap', 1_000_000, 0), [ATTR_GEN_AI_RESPONSE_MODEL]: 'dear' });
    expect(t.span('chat').attributes[ATTR_COST_USD]).toBe(100);
  });

  it('falls back to the request model when the response model has no price', () => {
    const t = start({ priceTable: { base: { inputPerMillion: 2, outputPerMillion: 4 } } });
    endSpan('chat', { ...usage('base', 500_000, 250_000), [ATTR_GEN_AI_RESPONSE_MODEL]: 'unknown-model' });
    expect(t.span('chat').attributes[ATTR_COST_USD]).toBe(2);
  });

  it('uses a custom table instead of the default one', () => {
    const t = start({ priceTable: { 'my-model': { inputPerMillion: 10, outputPerMillion: 20 } } });
    endSpan('mine', usage('my-model', 100_000, 50_000));
    endSpan('default', usage('gpt-4o', 100, 100));
    expect(t.span('mine').attributes[ATTR_COST_USD]).toBe(2);
    expect(t.span('default').attributes[ATTR_COST_USD]).toBeUndefined();
    expect(t.span('default').attributes[ATTR_USAGE_TOTAL_TOKENS]).toBe(200);
  });

  it('writes no cost for an unknown model, counts it, and does not throw', () => {
    const t = start();
    endSpan('chat', usage('some-local-llama', 10, 20));
    expect(t.span('chat').attributes[ATTR_USAGE_TOTAL_TOKENS]).toBe(30);
    expect(t.span('chat').attributes[ATTR_COST_USD]).toBeUndefined();
    expect(t.processor.stats()).toMatchObject({ failures: 0, unpriced: 1 });
  });

  it('writes no cost without a model name', () => {
    const t = start();
    endSpan('chat', { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 2 });
    expect(t.span('chat').attributes[ATTR_USAGE_TOTAL_TOKENS]).toBe(3);
    expect(t.span('chat').attributes[ATTR_COST_USD]).toBeUndefined();
    expect(t.processor.stats().unpriced).toBe(0);
  });

  it('counts input tokens alone, as embeddings report them', () => {
    const t = start();
    endSpan('embed', { [ATTR_GEN_AI_REQUEST_MODEL]: 'text-embedding-3-small', [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_000_000 });
    expect(t.span('embed').attributes[ATTR_USAGE_TOTAL_TOKENS]).toBe(1_000_000);
    expect(t.span('embed').attributes[ATTR_COST_USD]).toBeCloseTo(0.02, 12);
  });

  it('keeps a total and a cost the span already has', () => {
    const t = start();
    endSpan('chat', { ...usage('gpt-4o', 10, 10), [ATTR_USAGE_TOTAL_TOKENS]: 99, [ATTR_COST_USD]: 1.5 });
    const attrs = t.span('chat').attributes;
    expect(attrs[ATTR_USAGE_TOTAL_TOKENS]).toBe(99);
    expect(attrs[ATTR_COST_USD]).toBe(1.5);
    expect(attrs[ATTR_COST_INPUT_USD]).toBeUndefined();
  });

  it('sees usage recorded while the span runs, not only at start', () => {
    const t = start();
    const span = trace.getTracer('test').startSpan('chat', { attributes: { [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o' } });
    span.setAttributes({ [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_000_000, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 0 });
    span.end();
    expect(t.span('chat').attributes[ATTR_COST_USD]).toBe(2.5);
  });

  it('gives agent spans, whose usage sums their model calls, a total but no cost', () => {
    const t = start();
    endSpan('invoke_agent a', { ...usage('gpt-4o', 10, 10), [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent' });
    expect(t.span('invoke_agent a').attributes[ATTR_USAGE_TOTAL_TOKENS]).toBe(20);
    expect(t.span('invoke_agent a').attributes[ATTR_COST_USD]).toBeUndefined();
  });

  it('leaves spans without usage alone', () => {
    const t = start();
    endSpan('http', { [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o' });
    expect(t.span('http').attributes[ATTR_USAGE_TOTAL_TOKENS]).toBeUndefined();
    expect(t.span('http').attributes[ATTR_COST_USD]).toBeUndefined();
  });

  it.each([
    ['strings', '12', 3],
    ['a negative count', -1, 3],
    ['NaN', Number.NaN, 3],
    ['an array', [1, 2], 3],
    ['a boolean', true, 3],
  ])('skips totals and cost when a token count is %s, without throwing', (_label, bad, good) => {
    const t = start();
    endSpan('a', usage('gpt-4o', bad, good));
    endSpan('b', usage('gpt-4o', good, bad));
    for (const name of ['a', 'b']) {
      expect(t.span(name).attributes[ATTR_USAGE_TOTAL_TOKENS]).toBeUndefined();
      expect(t.span(name).attributes[ATTR_COST_USD]).toBeUndefined();
    }
    expect(t.processor.stats()).toMatchObject({ failures: 0, unpriced: 0 });
  });

  it('skips cost when the model attributes are not strings', () => {
    const t = start();
    endSpan('chat', { ...usage('x', 1, 1), [ATTR_GEN_AI_REQUEST_MODEL]: 42, [ATTR_GEN_AI_RESPONSE_MODEL]: ['gpt-4o'] });
    expect(t.span('chat').attributes[ATTR_USAGE_TOTAL_TOKENS]).toBe(2);
    expect(t.span('chat').attributes[ATTR_COST_USD]).toBeUndefined();
  });

  it('rejects an invalid price table when constructed', () => {
    expect(() => new GenAiSpanProcessor({ priceTable: { bad: { inputPerMillion: -1, outputPerMillion: 1 } } })).toThrow(TypeError);
  });
});

describe('GenAiSpanProcessor never throws', () => {
  /** A span whose attributes cannot be read, as a broken SDK or a foreign span might behave. */
  function brokenSpan(): Span {
    return {
      spanContext: () => ({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 }),
      get attributes(): never {
        throw new Error('attributes unavailable');
      },
    } as unknown as Span;
  }

  it('counts failures in both hooks and warns through diag only once', () => {
    const warnings = captureDiagWarnings();
    const processor = new GenAiSpanProcessor({ agentName: 'a' });
    expect(() => processor.onStart(brokenSpan(), context.active())).not.toThrow();
    expect(() => processor.onEnding(brokenSpan())).not.toThrow();
    expect(() => processor.onStart(brokenSpan(), context.active())).not.toThrow();
    expect(processor.stats().failures).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('GenAiSpanProcessor.onStart');
  });

  it('resolves forceFlush and shutdown, more than once, and ignores onEnd', async () => {
    const processor = new GenAiSpanProcessor();
    expect(() => processor.onEnd(brokenSpan())).not.toThrow();
    await expect(processor.forceFlush()).resolves.toBeUndefined();
    await expect(processor.shutdown()).resolves.toBeUndefined();
    await expect(processor.shutdown()).resolves.toBeUndefined();
  });
});
