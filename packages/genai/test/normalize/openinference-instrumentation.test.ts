import { diag } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { SemanticConventions } from '@arizeai/openinference-semantic-conventions';
import type OpenAI from 'openai';
import type { GenAiSpanProcessorOptions } from '../../src/genai-span-processor';
import { CANONICAL_INPUT, chat, chatStream, until } from '../helpers/chat-requests';
import { patchOpenAi, type PatchedOpenAi } from '../helpers/instrumented-openai';
import { startStandIn, startUsageDetailsProxy, type LlmEndpoint } from '../helpers/llm-stand-in';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

// Spans of @arizeai/openinference-instrumentation-openai 4.2.7 (supports openai ^5, ^6, ^7) driving
// openai 6.49: `llm.*` names only, content flattened into llm.input_messages.{i}.*. It reads no usage
// from streamed chunks and records no time to first chunk.
let endpoint: LlmEndpoint | undefined;
let tracing: TestTracing | undefined;
let patched: PatchedOpenAi | undefined;
let unregister: (() => void) | undefined;

afterEach(async () => {
  patched?.unpatch();
  unregister?.();
  await tracing?.tearDown();
  await endpoint?.close();
  endpoint = undefined;
  diag.disable();
});

async function start(options: GenAiSpanProcessorOptions = {}, usageDetails?: { cachedTokens: number; reasoningTokens: number }) {
  endpoint = usageDetails ? await startUsageDetailsProxy(usageDetails) : await startStandIn();
  tracing = setUpTracing({ redaction: false, ...options });
  const instrumentation = new OpenAIInstrumentation();
  unregister = registerInstrumentations({ instrumentations: [instrumentation] });
  patched = patchOpenAi(instrumentation as never);
  const client: OpenAI = new patched.OpenAI({ baseURL: endpoint.baseUrl, apiKey: 'test-key', maxRetries: 0 });
  return { tracing, client };
}

const SPAN = 'OpenAI Chat Completions';

describe('normalizing @arizeai/openinference-instrumentation-openai 4.2.7 spans', () => {
  it('maps model, provider, parameters, tokens and messages onto gen_ai.* (non-streaming)', async () => {
    const { tracing, client } = await start();
    const reply = await chat(client);
    await until(() => tracing.spans().length === 1);
    const attrs = tracing.span(SPAN).attributes;
    expect(attrs[SemanticConventions.OPENINFERENCE_SPAN_KIND]).toBe('LLM');
    expect(attrs).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 200,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': attrs[SemanticConventions.LLM_TOKEN_COUNT_PROMPT],
      'gen_ai.usage.output_tokens': attrs[SemanticConventions.LLM_TOKEN_COUNT_COMPLETION],
      'agent_otel.usage.total_tokens': attrs[SemanticConventions.LLM_TOKEN_COUNT_TOTAL],
      'agent_otel.normalized_from': ['openinference'],
    });
    expect(attrs['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(attrs['agent_otel.cost.usd']).toBeGreaterThan(0);
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual(CANONICAL_INPUT);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: reply }], finish_reason: 'stop' }]);
  });

  it('maps streamed calls: stream flag and messages, and no tokens because the instrumentation records none', async () => {
    const { tracing, client } = await start();
    const reply = await chatStream(client);
    await until(() => tracing.spans().length === 1);
    const attrs = tracing.span(SPAN).attributes;
    expect(attrs['gen_ai.request.stream']).toBe(true);
    expect(attrs['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual(CANONICAL_INPUT);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)[0].parts).toEqual([{ type: 'text', content: reply }]);
    expect(attrs[SemanticConventions.LLM_TOKEN_COUNT_PROMPT]).toBeUndefined();
    expect(attrs['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(attrs['gen_ai.response.time_to_first_chunk']).toBeUndefined();
  });

  it('maps cache-read and reasoning token details the instrumentation reads from the usage', async () => {
    const { tracing, client } = await start({}, { cachedTokens: 8, reasoningTokens: 5 });
    await chat(client);
    await until(() => tracing.spans().length === 1);
    const attrs = tracing.span(SPAN).attributes;
    expect(attrs[SemanticConventions.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ]).toBe(8);
    expect(attrs['gen_ai.usage.cache_read.input_tokens']).toBe(8);
    expect(attrs[SemanticConventions.LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING]).toBe(5);
    expect(attrs['gen_ai.usage.reasoning.output_tokens']).toBe(5);
  });

  it('takes the request model from the invocation parameters and the response model from llm.model_name', async () => {
    const { tracing, client } = await start();
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    await until(() => tracing.spans().length === 1);
    const attrs = tracing.span(SPAN).attributes;
    expect(attrs['gen_ai.request.model']).toBe('gpt-4o');
    expect(attrs['gen_ai.response.model']).toBe('gpt-4o-2024-07-18');
  });
});
