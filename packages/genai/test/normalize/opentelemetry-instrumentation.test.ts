import { diag } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import type OpenAI from 'openai';
import type { GenAiSpanProcessorOptions } from '../../src/genai-span-processor';
import { CHAT_MESSAGES, chat, chatStream, until } from '../helpers/chat-requests';
import { patchOpenAi, type PatchedOpenAi } from '../helpers/instrumented-openai';
import { startStandIn, type LlmEndpoint } from '../helpers/llm-stand-in';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

// Spans of @opentelemetry/instrumentation-openai 0.21.0 (supports openai >=4.19 <7) driving openai 6.49.
// It writes the current gen_ai.* names except `gen_ai.system` (deprecated for gen_ai.provider.name);
// message content goes to log records, never to span attributes, and it records no time to first chunk.
let endpoint: LlmEndpoint;
let tracing: TestTracing | undefined;
let patched: PatchedOpenAi | undefined;
let unregister: (() => void) | undefined;

beforeAll(async () => {
  endpoint = await startStandIn();
});
afterAll(() => endpoint.close());

afterEach(async () => {
  patched?.unpatch();
  unregister?.();
  await tracing?.tearDown();
  diag.disable();
});

/** Tracing with a GenAiSpanProcessor(options), the instrumentation registered, and a patched client. */
function start(options?: GenAiSpanProcessorOptions): { tracing: TestTracing; client: OpenAI } {
  tracing = setUpTracing(options);
  const instrumentation = new OpenAIInstrumentation();
  unregister = registerInstrumentations({ instrumentations: [instrumentation] });
  patched = patchOpenAi(instrumentation as never);
  return { tracing, client: new patched.OpenAI({ baseURL: endpoint.baseUrl, apiKey: 'test-key', maxRetries: 0 }) };
}

describe('normalizing @opentelemetry/instrumentation-openai 0.21.0 spans', () => {
  it('maps gen_ai.system to gen_ai.provider.name and derives totals and cost (non-streaming)', async () => {
    const { tracing, client } = start();
    await chat(client);
    const attrs = tracing.span('chat gpt-4o-mini').attributes;
    expect(attrs['gen_ai.system']).toBe('openai');
    expect(attrs).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 200,
      'gen_ai.response.finish_reasons': ['stop'],
      'agent_otel.normalized_from': ['opentelemetry'],
    });
    const input = attrs['gen_ai.usage.input_tokens'] as number;
    const output = attrs['gen_ai.usage.output_tokens'] as number;
    expect(input).toBeGreaterThan(0);
    expect(attrs['agent_otel.usage.total_tokens']).toBe(input + output);
    expect(attrs['agent_otel.cost.usd']).toBeGreaterThan(0);
    // Content is not on the span with this instrumentation, so there is nothing to map or redact.
    expect(attrs['gen_ai.input.messages']).toBeUndefined();
    expect(CHAT_MESSAGES).toHaveLength(4);
  });

  it('normalizes streamed calls the same way, with usage from the include_usage chunk', async () => {
    const { tracing, client } = start();
    await chatStream(client);
    await until(() => tracing.spans().length === 1);
    const attrs = tracing.span('chat gpt-4o-mini').attributes;
    expect(attrs['gen_ai.provider.name']).toBe('openai');
    expect(attrs['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(attrs['agent_otel.usage.total_tokens']).toBe((attrs['gen_ai.usage.input_tokens'] as number) + (attrs['gen_ai.usage.output_tokens'] as number));
    expect(attrs['gen_ai.response.time_to_first_chunk']).toBeUndefined();
  });

  it('leaves the spans as they are with normalize: false', async () => {
    const { tracing, client } = start({ normalize: false });
    await chat(client);
    const attrs = tracing.span('chat gpt-4o-mini').attributes;
    expect(attrs['gen_ai.provider.name']).toBeUndefined();
    expect(attrs['agent_otel.normalized_from']).toBeUndefined();
    expect(attrs['agent_otel.usage.total_tokens']).toBeGreaterThan(0);
  });
});
