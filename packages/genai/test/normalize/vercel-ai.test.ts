import { createOpenAI } from '@ai-sdk/openai';
import { diag } from '@opentelemetry/api';
import { generateText, streamText, type ModelMessage } from 'ai';
import { CANONICAL_INPUT } from '../helpers/chat-requests';
import { startStandIn, startUsageDetailsProxy, type LlmEndpoint } from '../helpers/llm-stand-in';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

// Spans of the Vercel AI SDK's experimental_telemetry (ai 6.0.322 with @ai-sdk/openai 3.0.141, chat
// completions API): a top-level `ai.generateText` / `ai.streamText` span and one `.doGenerate` /
// `.doStream` span per model call, with `ai.*` names (the model-call spans also carry a few gen_ai.* ones).
let endpoint: LlmEndpoint | undefined;
let tracing: TestTracing | undefined;

afterEach(async () => {
  await tracing?.tearDown();
  await endpoint?.close();
  endpoint = undefined;
  diag.disable();
});

const MESSAGES: ModelMessage[] = [
  { role: 'system', content: 'You are a travel assistant.' },
  { role: 'user', content: 'Weather in Lisbon?' },
  { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'weather_lookup', input: { city: 'Lisbon' } }] },
  {
    role: 'tool',
    content: [
      { type: 'tool-result', toolCallId: 'call_1', toolName: 'weather_lookup', output: { type: 'json', value: { tool: 'weather_lookup', city: 'Lisbon', condition: 'sunny' } } },
    ],
  },
];

async function start(usageDetails?: { cachedTokens: number; reasoningTokens: number }) {
  endpoint = usageDetails ? await startUsageDetailsProxy(usageDetails) : await startStandIn();
  tracing = setUpTracing({ redaction: false });
  const provider = createOpenAI({ baseURL: endpoint.baseUrl, apiKey: 'test-key' });
  const telemetry = { isEnabled: true, functionId: 'trip-planner', metadata: { sessionId: 'sess-9', userId: 'user-3' } };
  return { tracing, model: provider.chat('gpt-4o-mini'), telemetry };
}

describe('normalizing Vercel AI SDK telemetry spans', () => {
  it('maps a generateText model call onto gen_ai.* with messages, tokens and cost', async () => {
    const { tracing, model, telemetry } = await start();
    const result = await generateText({ model, messages: MESSAGES, allowSystemInMessages: true, temperature: 0.2, maxOutputTokens: 200, experimental_telemetry: telemetry });
    const attrs = tracing.span('ai.generateText.doGenerate').attributes;
    expect(attrs).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 200,
      'gen_ai.request.stream': false,
      'gen_ai.usage.input_tokens': result.usage.inputTokens,
      'gen_ai.usage.output_tokens': result.usage.outputTokens,
      'agent_otel.usage.total_tokens': result.usage.totalTokens,
      'session.id': 'sess-9',
      'user.id': 'user-3',
      'agent_otel.normalized_from': ['vercel-ai'],
    });
    expect(attrs['agent_otel.cost.usd']).toBeGreaterThan(0);
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual(CANONICAL_INPUT);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: result.text }], finish_reason: 'stop' }]);
  });

  it('makes the top-level call a workflow: totals without cost, so a trace counts each model call once', async () => {
    const { tracing, model, telemetry } = await start();
    const result = await generateText({ model, system: 'Be brief.', prompt: 'Weather in Lisbon?', experimental_telemetry: telemetry });
    const attrs = tracing.span('ai.generateText').attributes;
    expect(attrs).toMatchObject({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'trip-planner',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': result.usage.inputTokens,
      'agent_otel.usage.total_tokens': result.usage.totalTokens,
    });
    expect(attrs['agent_otel.cost.usd']).toBeUndefined();
    expect(JSON.parse(attrs['gen_ai.system_instructions'] as string)).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Lisbon?' }] }]);
    expect(tracing.span('ai.generateText.doGenerate').attributes['gen_ai.workflow.name']).toBeUndefined();
  });

  it('maps a streamText model call, with its time to first chunk in seconds', async () => {
    const { tracing, model, telemetry } = await start();
    const result = streamText({ model, messages: MESSAGES, allowSystemInMessages: true, experimental_telemetry: telemetry });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    const usage = await result.usage;
    const attrs = tracing.span('ai.streamText.doStream').attributes;
    expect(attrs['gen_ai.request.stream']).toBe(true);
    expect(attrs['gen_ai.response.time_to_first_chunk']).toBeCloseTo((attrs['ai.response.msToFirstChunk'] as number) / 1000, 12);
    expect(attrs['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(attrs['gen_ai.usage.input_tokens']).toBe(usage.inputTokens);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)[0].parts).toEqual([{ type: 'text', content: text }]);
    expect(tracing.span('ai.streamText').attributes['gen_ai.operation.name']).toBe('invoke_workflow');
  });

  it('maps cache-read and reasoning tokens the provider reports', async () => {
    const { tracing, model, telemetry } = await start({ cachedTokens: 6, reasoningTokens: 4 });
    await generateText({ model, prompt: 'Weather in Lisbon?', experimental_telemetry: telemetry });
    const attrs = tracing.span('ai.generateText.doGenerate').attributes;
    expect(attrs['ai.usage.cachedInputTokens']).toBe(6);
    expect(attrs['gen_ai.usage.cache_read.input_tokens']).toBe(6);
    expect(attrs['ai.usage.reasoningTokens']).toBe(4);
    expect(attrs['gen_ai.usage.reasoning.output_tokens']).toBe(4);
  });
});
