import { diag, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation as OpenTelemetryOpenAI } from '@opentelemetry/instrumentation-openai';
import { OpenAIInstrumentation as OpenInferenceOpenAI } from '@arizeai/openinference-instrumentation-openai';
import { OpenAIInstrumentation as TraceloopOpenAI } from '@traceloop/instrumentation-openai';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type OpenAI from 'openai';
import type { GenAiSpanProcessorOptions } from '../../src/genai-span-processor';
import { recordLlmResponse } from '../../src/record-llm-response';
import { traceAgent } from '../../src/trace-agent';
import { traceLlmCall } from '../../src/trace-llm-call';
import { CHAT_MESSAGES, chat, chatStream, until } from '../helpers/chat-requests';
import { patchOpenAi, type PatchableInstrumentation, type PatchedOpenAi } from '../helpers/instrumented-openai';
import { startStandIn, type LlmEndpoint } from '../helpers/llm-stand-in';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

// One model call seen by a traceLlmCall span and by the real instrumentations
// (@opentelemetry/instrumentation-openai 0.21.0, @arizeai/openinference-instrumentation-openai 4.2.7,
// @traceloop/instrumentation-openai 0.27.0) driving openai 6.49 against the local stand-in.
// The stand-in answers CHAT_MESSAGES with 35 input and 21 output tokens; gpt-4o-mini costs
// $0.15 / $0.60 per million, so one call is 0.00000525 + 0.0000126 = 0.00001785 USD.
const INPUT = 35;
const OUTPUT = 21;
const CALL_USD = 0.00001785;

type InstrumentationName = 'opentelemetry' | 'openinference' | 'traceloop';
const INSTRUMENTATIONS: Record<InstrumentationName, () => PatchableInstrumentation> = {
  opentelemetry: () => new OpenTelemetryOpenAI() as never,
  openinference: () => new OpenInferenceOpenAI() as never,
  traceloop: () => new TraceloopOpenAI({ traceContent: true, enrichTokens: false }) as never,
};
const SCOPES: Record<InstrumentationName, string> = {
  opentelemetry: '@opentelemetry/instrumentation-openai',
  openinference: '@arizeai/openinference-instrumentation-openai',
  traceloop: '@traceloop/instrumentation-openai',
};

let endpoint: LlmEndpoint;
let tracing: TestTracing | undefined;
let patches: PatchedOpenAi[] = [];
let unregister: (() => void) | undefined;

beforeAll(async () => {
  endpoint = await startStandIn();
});
afterAll(() => endpoint.close());

afterEach(async () => {
  for (const patch of patches.reverse()) patch.unpatch();
  patches = [];
  unregister?.();
  await tracing?.tearDown();
  diag.disable();
});

/**
 * Tracing with the request roll-up on and the named instrumentations patched into `openai` in
 * this order (each one wraps the previous one's patch, as require hooks registered in this order would).
 */
function start(names: InstrumentationName[], options: GenAiSpanProcessorOptions = {}): { tracing: TestTracing; client: OpenAI } {
  tracing = setUpTracing({ redaction: false, requestRollup: {}, ...options });
  const instrumentations = names.map((name) => INSTRUMENTATIONS[name]());
  unregister = registerInstrumentations({ instrumentations: instrumentations as never });
  patches = instrumentations.map((instrumentation) => patchOpenAi(instrumentation));
  const { OpenAI } = patches[patches.length - 1];
  return { tracing, client: new OpenAI({ baseURL: endpoint.baseUrl, apiKey: 'test-key', maxRetries: 0 }) };
}

/** The README's pattern: traceLlmCall around the client, the response recorded on the span. */
function tracedChat(client: OpenAI, record = true): Promise<string> {
  return traceLlmCall({ model: 'gpt-4o-mini', provider: 'openai', temperature: 0.2 }, async (span) => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      max_tokens: 200,
      messages: CHAT_MESSAGES as unknown as OpenAI.Chat.ChatCompletionMessageParam[],
    });
    if (record) recordLlmResponse(span, { model: res.model, inputTokens: res.usage?.prompt_tokens, outputTokens: res.usage?.completion_tokens });
    return res.choices[0].message.content ?? '';
  });
}

const byScope = (spans: ReadableSpan[], scope: string): ReadableSpan[] => spans.filter((s) => s.instrumentationScope.name === scope);
const helperSpans = (spans: ReadableSpan[]): ReadableSpan[] => byScope(spans, '@agent-otel/genai').filter((s) => s.name === 'chat gpt-4o-mini');
const idOf = (span: ReadableSpan): string => span.spanContext().spanId;
const costSum = (spans: ReadableSpan[]): number => spans.reduce((sum, s) => sum + ((s.attributes['agent_otel.cost.usd'] as number | undefined) ?? 0), 0);

describe('one model call is counted once (real instrumentations)', () => {
  it('two traceLlmCall calls around an instrumented client: 2 calls, 70 + 42 tokens, 2 × the cost (the README pattern)', async () => {
    const { tracing, client } = start(['opentelemetry']);
    await traceAgent({ name: 'travel' }, async () => {
      await tracedChat(client);
      await tracedChat(client);
    });
    const spans = tracing.spans();
    const root = tracing.span('invoke_agent travel').attributes;
    expect(root['agent_otel.request.llm_call_count']).toBe(2);
    expect(root['agent_otel.request.input_tokens']).toBe(2 * INPUT);
    expect(root['agent_otel.request.output_tokens']).toBe(2 * OUTPUT);
    expect(root['agent_otel.request.cost.usd']).toBeCloseTo(2 * CALL_USD, 15);
    expect(costSum(spans)).toBeCloseTo(2 * CALL_USD, 15);

    const helpers = helperSpans(spans);
    const inner = byScope(spans, SCOPES.opentelemetry);
    expect(helpers).toHaveLength(2);
    expect(inner).toHaveLength(2);
    for (const [i, span] of inner.entries()) {
      expect(span.attributes['agent_otel.llm.duplicate_of']).toBe(idOf(helpers[i]));
      expect(span.attributes['agent_otel.cost.usd']).toBeUndefined();
      // The instrumentation's own usage stays as it reported it.
      expect(span.attributes['gen_ai.usage.input_tokens']).toBe(INPUT);
    }
    for (const span of helpers) {
      expect(span.attributes['agent_otel.llm.duplicate_of']).toBeUndefined();
      expect(span.attributes['agent_otel.cost.usd']).toBeCloseTo(CALL_USD, 15);
    }
    expect(tracing.processor.stats().duplicateLlmCalls).toBe(2);
  });

  it('with dedupeLlmCalls: false each call is counted twice (what happened before)', async () => {
    const { tracing, client } = start(['opentelemetry'], { dedupeLlmCalls: false });
    await traceAgent({ name: 'travel' }, async () => {
      await tracedChat(client);
      await tracedChat(client);
    });
    const root = tracing.span('invoke_agent travel').attributes;
    expect(root['agent_otel.request.llm_call_count']).toBe(4);
    expect(root['agent_otel.request.input_tokens']).toBe(4 * INPUT);
    expect(root['agent_otel.request.cost.usd']).toBeCloseTo(4 * CALL_USD, 15);
    expect(costSum(tracing.spans())).toBeCloseTo(4 * CALL_USD, 15);
    expect(tracing.spans().some((s) => s.attributes['agent_otel.llm.duplicate_of'] !== undefined)).toBe(false);
  });

  it.each(['opentelemetry', 'openinference', 'traceloop'] as const)(
    'traceLlmCall without recordLlmResponse around %s: the helper span gets the usage, the response model and the cost',
    async (name) => {
      const { tracing, client } = start([name]);
      await traceAgent({ name: 'travel' }, () => tracedChat(client, false));
      const helper = helperSpans(tracing.spans())[0];
      const [inner] = byScope(tracing.spans(), SCOPES[name]);
      expect(helper.attributes).toMatchObject({
        'gen_ai.usage.input_tokens': INPUT,
        'gen_ai.usage.output_tokens': OUTPUT,
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'agent_otel.usage.total_tokens': INPUT + OUTPUT,
      });
      expect(helper.attributes['agent_otel.cost.usd']).toBeCloseTo(CALL_USD, 15);
      expect(inner.attributes['agent_otel.llm.duplicate_of']).toBe(idOf(helper));
      expect(inner.attributes['agent_otel.cost.usd']).toBeUndefined();
      const root = tracing.span('invoke_agent travel').attributes;
      expect(root['agent_otel.request.llm_call_count']).toBe(1);
      expect(root['agent_otel.request.input_tokens']).toBe(INPUT);
      expect(root['agent_otel.request.output_tokens']).toBe(OUTPUT);
      expect(root['agent_otel.request.cost.usd']).toBeCloseTo(CALL_USD, 15);
      expect(costSum(tracing.spans())).toBeCloseTo(CALL_USD, 15);
    },
  );

  it('two instrumentations of one client (Traceloop inside OpenInference): the outer span counts, the inner is marked', async () => {
    const { tracing, client } = start(['traceloop', 'openinference']);
    await trace.getTracer('app').startActiveSpan('request', async (root) => {
      await chat(client);
      root.end();
    });
    const spans = tracing.spans();
    const [outer] = byScope(spans, SCOPES.openinference);
    const [inner] = byScope(spans, SCOPES.traceloop);
    expect(inner.parentSpanContext?.spanId).toBe(idOf(outer));
    expect(inner.attributes['agent_otel.llm.duplicate_of']).toBe(idOf(outer));
    expect(inner.attributes['agent_otel.cost.usd']).toBeUndefined();
    expect(outer.attributes['agent_otel.llm.duplicate_of']).toBeUndefined();
    expect(outer.attributes['agent_otel.cost.usd']).toBeCloseTo(CALL_USD, 15);
    // The Traceloop span's parent reaches the processors wrapped by OpenInference's tracer; it is still in the request.
    const request = tracing.span('request').attributes;
    expect(request['agent_otel.request.llm_call_count']).toBe(1);
    expect(request['agent_otel.request.input_tokens']).toBe(INPUT);
    expect(request['agent_otel.request.cost.usd']).toBeCloseTo(CALL_USD, 15);
    expect(costSum(spans)).toBeCloseTo(CALL_USD, 15);
  });

  it('traceLlmCall around two instrumentations: a chain of three spans, counted once on the helper span', async () => {
    const { tracing, client } = start(['traceloop', 'openinference']);
    await traceAgent({ name: 'travel' }, () => tracedChat(client));
    const spans = tracing.spans();
    const helper = helperSpans(spans)[0];
    const [middle] = byScope(spans, SCOPES.openinference);
    const [inner] = byScope(spans, SCOPES.traceloop);
    expect(middle.attributes['agent_otel.llm.duplicate_of']).toBe(idOf(helper));
    expect(inner.attributes['agent_otel.llm.duplicate_of']).toBe(idOf(middle));
    const root = tracing.span('invoke_agent travel').attributes;
    expect(root['agent_otel.request.llm_call_count']).toBe(1);
    expect(root['agent_otel.request.input_tokens']).toBe(INPUT);
    expect(root['agent_otel.request.output_tokens']).toBe(OUTPUT);
    expect(root['agent_otel.request.cost.usd']).toBeCloseTo(CALL_USD, 15);
    expect(costSum(spans)).toBeCloseTo(CALL_USD, 15);
  });

  it('streaming read inside traceLlmCall: the usage of the include_usage chunk lands on the helper span', async () => {
    const { tracing, client } = start(['opentelemetry']);
    await traceAgent({ name: 'travel' }, () => traceLlmCall({ model: 'gpt-4o-mini', provider: 'openai' }, () => chatStream(client)));
    const helper = helperSpans(tracing.spans())[0];
    const [inner] = byScope(tracing.spans(), SCOPES.opentelemetry);
    expect(inner.attributes['agent_otel.llm.duplicate_of']).toBe(idOf(helper));
    expect(helper.attributes['gen_ai.usage.input_tokens']).toBe(INPUT);
    expect(helper.attributes['agent_otel.cost.usd']).toBeCloseTo(CALL_USD, 15);
    const root = tracing.span('invoke_agent travel').attributes;
    expect(root['agent_otel.request.llm_call_count']).toBe(1);
    expect(root['agent_otel.request.cost.usd']).toBeCloseTo(CALL_USD, 15);
  });

  it('streaming with OpenInference, which records no streamed usage: the usage the application records counts, once', async () => {
    const { tracing, client } = start(['openinference']);
    await traceAgent({ name: 'travel' }, () =>
      traceLlmCall({ model: 'gpt-4o-mini', provider: 'openai' }, async (span) => {
        await chatStream(client);
        recordLlmResponse(span, { inputTokens: INPUT, outputTokens: OUTPUT });
      }),
    );
    await until(() => byScope(tracing.spans(), SCOPES.openinference).length === 1);
    const helper = helperSpans(tracing.spans())[0];
    const [inner] = byScope(tracing.spans(), SCOPES.openinference);
    expect(inner.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(inner.attributes['agent_otel.llm.duplicate_of']).toBe(idOf(helper));
    expect(helper.attributes['agent_otel.cost.usd']).toBeCloseTo(CALL_USD, 15);
    expect(tracing.span('invoke_agent travel').attributes['agent_otel.request.llm_call_count']).toBe(1);
  });

  it('a stream handed out of traceLlmCall: the helper span ends first, so the instrumentation span is counted', async () => {
    const { tracing, client } = start(['opentelemetry']);
    await traceAgent({ name: 'travel' }, async () => {
      const stream = await traceLlmCall({ model: 'gpt-4o-mini', provider: 'openai' }, () =>
        client.chat.completions.create({
          model: 'gpt-4o-mini',
          stream: true,
          stream_options: { include_usage: true },
          messages: CHAT_MESSAGES as unknown as OpenAI.Chat.ChatCompletionMessageParam[],
        }),
      );
      for await (const chunk of stream) void chunk;
    });
    const helper = helperSpans(tracing.spans())[0];
    const [inner] = byScope(tracing.spans(), SCOPES.opentelemetry);
    expect(helper.endTime[0] * 1e9 + helper.endTime[1]).toBeLessThanOrEqual(inner.endTime[0] * 1e9 + inner.endTime[1]);
    expect(helper.attributes['agent_otel.llm.duplicate_of']).toBe(idOf(inner));
    expect(helper.attributes['agent_otel.cost.usd']).toBeUndefined();
    expect(inner.attributes['agent_otel.llm.duplicate_of']).toBeUndefined();
    expect(inner.attributes['agent_otel.cost.usd']).toBeCloseTo(CALL_USD, 15);
    const root = tracing.span('invoke_agent travel').attributes;
    expect(root['agent_otel.request.llm_call_count']).toBe(1);
    expect(root['agent_otel.request.input_tokens']).toBe(INPUT);
    expect(root['agent_otel.request.cost.usd']).toBeCloseTo(CALL_USD, 15);
  });

  it('a call to another model inside traceLlmCall (a fallback) is a call of its own', async () => {
    const { tracing, client } = start(['opentelemetry']);
    await traceAgent({ name: 'travel' }, () => traceLlmCall({ model: 'gpt-4o', provider: 'openai' }, () => chat(client)));
    const [inner] = byScope(tracing.spans(), SCOPES.opentelemetry);
    expect(inner.attributes['agent_otel.llm.duplicate_of']).toBeUndefined();
    expect(inner.attributes['agent_otel.cost.usd']).toBeCloseTo(CALL_USD, 15);
    expect(tracing.span('invoke_agent travel').attributes['agent_otel.request.llm_call_count']).toBe(2);
  });
});
