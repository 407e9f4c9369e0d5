import { diag, trace } from '@opentelemetry/api';
import { SemanticConventions as SC } from '@arizeai/openinference-semantic-conventions';
import type { GenAiSpanProcessorOptions } from '../../src/genai-span-processor';
import { recordLlmResponse } from '../../src/record-llm-response';
import { traceAgent } from '../../src/trace-agent';
import { traceLlmCall } from '../../src/trace-llm-call';
import { traceStep } from '../../src/trace-step';
import { traceTool } from '../../src/trace-tool';
import { endSpan } from '../helpers/end-span';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing | undefined;
afterEach(async () => {
  await tracing?.tearDown();
  diag.disable();
});

function start(options: GenAiSpanProcessorOptions = {}): TestTracing {
  tracing = setUpTracing({ openInference: true, ...options });
  return tracing;
}

async function llmCall(): Promise<void> {
  await traceLlmCall(
    {
      model: 'gpt-4o-mini',
      provider: 'openai',
      temperature: 0.2,
      maxTokens: 300,
      promptVersion: '3',
      systemInstructions: [{ type: 'text', content: 'Be brief.' }],
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Lisbon?' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'weather_lookup', arguments: { city: 'Lisbon' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: { condition: 'sunny' } }] },
      ],
    },
    async (span) => {
      recordLlmResponse(span, {
        model: 'gpt-4o-mini-2024-07-18',
        inputTokens: 120,
        outputTokens: 30,
        outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Sunny, 21 °C.' }], finish_reason: 'stop' }],
      });
    },
  );
}

describe('openInference: true', () => {
  it('writes the OpenInference view of an LLM span', async () => {
    const t = start();
    await llmCall();
    const attrs = t.span('chat gpt-4o-mini').attributes;
    expect(attrs).toMatchObject({
      [SC.OPENINFERENCE_SPAN_KIND]: 'LLM',
      [SC.LLM_MODEL_NAME]: 'gpt-4o-mini-2024-07-18',
      [SC.LLM_PROVIDER]: 'openai',
      [SC.LLM_TOKEN_COUNT_PROMPT]: 120,
      [SC.LLM_TOKEN_COUNT_COMPLETION]: 30,
      [SC.LLM_TOKEN_COUNT_TOTAL]: 150,
      [SC.PROMPT_TEMPLATE_VERSION]: '3',
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'Be brief.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'Weather in Lisbon?',
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'call_1',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'weather_lookup',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"city":"Lisbon"}',
      'llm.input_messages.3.message.role': 'tool',
      'llm.input_messages.3.message.tool_call_id': 'call_1',
      'llm.input_messages.3.message.content': '{"condition":"sunny"}',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Sunny, 21 °C.',
      [SC.INPUT_VALUE]: attrs['gen_ai.input.messages'],
      [SC.INPUT_MIME_TYPE]: 'application/json',
      [SC.OUTPUT_VALUE]: 'Sunny, 21 °C.',
      [SC.OUTPUT_MIME_TYPE]: 'text/plain',
    });
    expect(JSON.parse(attrs[SC.LLM_INVOCATION_PARAMETERS] as string)).toEqual({ model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 300 });
  });

  it('writes TOOL, AGENT and CHAIN kinds for tool, agent and step spans', async () => {
    const t = start();
    await traceAgent({ name: 'planner' }, () =>
      traceStep({ type: 'plan', name: 'trip' }, () =>
        traceTool({ name: 'weather_lookup', description: 'Weather by city', callId: 'call_1' }, (span) => {
          span.setAttributes({ 'gen_ai.tool.call.arguments': '{"city":"Lisbon"}', 'gen_ai.tool.call.result': 'sunny' });
        }),
      ),
    );
    expect(t.span('execute_tool weather_lookup').attributes).toMatchObject({
      [SC.OPENINFERENCE_SPAN_KIND]: 'TOOL',
      [SC.TOOL_NAME]: 'weather_lookup',
      [SC.TOOL_DESCRIPTION]: 'Weather by city',
      [SC.TOOL_CALL_ID]: 'call_1',
      [SC.INPUT_VALUE]: '{"city":"Lisbon"}',
      [SC.INPUT_MIME_TYPE]: 'application/json',
      [SC.OUTPUT_VALUE]: 'sunny',
      [SC.OUTPUT_MIME_TYPE]: 'text/plain',
    });
    expect(t.span('invoke_agent planner').attributes).toMatchObject({ [SC.OPENINFERENCE_SPAN_KIND]: 'AGENT', [SC.AGENT_NAME]: 'planner' });
    expect(t.span('plan trip').attributes[SC.OPENINFERENCE_SPAN_KIND]).toBe('CHAIN');
  });

  it('writes a RETRIEVER span with its flattened documents', () => {
    const t = start();
    const attrs = endSpan(t, 'retrieval', {
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.retrieval.query.text': 'spring trips',
      'gen_ai.retrieval.documents': JSON.stringify([{ id: 'doc-1', score: 0.9, content: 'Lisbon in May' }, 'not a document']),
    }).attributes;
    expect(attrs).toMatchObject({
      [SC.OPENINFERENCE_SPAN_KIND]: 'RETRIEVER',
      [SC.INPUT_VALUE]: 'spring trips',
      'retrieval.documents.0.document.id': 'doc-1',
      'retrieval.documents.0.document.score': 0.9,
      'retrieval.documents.0.document.content': 'Lisbon in May',
    });
    expect(Object.keys(attrs).filter((k) => k.startsWith('retrieval.documents.1'))).toEqual([]);
  });

  it('never overwrites OpenInference attributes the span already has, and writes nothing for other spans', () => {
    const t = start();
    const llm = endSpan(t, 'llm', { 'gen_ai.request.model': 'gpt-4o', [SC.LLM_MODEL_NAME]: 'own-name', 'gen_ai.provider.name': 'aws.bedrock' }).attributes;
    expect(llm[SC.LLM_MODEL_NAME]).toBe('own-name');
    expect(llm[SC.LLM_PROVIDER]).toBe('aws');
    expect(llm[SC.OPENINFERENCE_SPAN_KIND]).toBe('LLM');
    expect(endSpan(t, 'http', { 'http.request.method': 'GET' }).attributes).toEqual({ 'http.request.method': 'GET' });
  });

  it('skips flattened messages when the content is not valid JSON, keeping input.value', () => {
    const t = start();
    const attrs = endSpan(t, 'llm', { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': '[{"role":"user"', 'gen_ai.output.messages': '{}' }).attributes;
    expect(attrs[SC.INPUT_VALUE]).toBe('[{"role":"user"');
    expect(Object.keys(attrs).some((k) => k.startsWith('llm.input_messages.') || k.startsWith('llm.output_messages.'))).toBe(false);
  });

  it('writes values already redacted and cut to the length limit', async () => {
    const t = start({ limits: { maxAttributeValueLength: 120 } });
    const stopSequences = ['a'.repeat(60), 'b'.repeat(60)];
    const inputMessages = [{ role: 'user', parts: [{ type: 'text', content: `mail ann@example.com ${'x'.repeat(100)}` }] }];
    await traceLlmCall({ model: 'm', provider: 'openai', stopSequences, inputMessages }, () => undefined);
    const attrs = t.span('chat m').attributes;
    const content = attrs['llm.input_messages.0.message.content'] as string;
    expect(content).toContain('[REDACTED:email]');
    expect(content).not.toContain('ann@example.com');
    expect((attrs[SC.INPUT_VALUE] as string).length).toBeLessThanOrEqual(120);
    const parameters = attrs[SC.LLM_INVOCATION_PARAMETERS] as string;
    expect(parameters.length).toBeLessThanOrEqual(120);
    expect(JSON.parse(parameters).stop[0]).toMatch(/…\[truncated \d+ chars\]$/);
    expect(attrs['agent_otel.truncated']).toEqual(['gen_ai.input.messages', SC.LLM_INVOCATION_PARAMETERS]);
  });

  it('is off by default', async () => {
    const t = setUpTracing();
    tracing = t;
    await llmCall();
    expect(t.span('chat gpt-4o-mini').attributes[SC.OPENINFERENCE_SPAN_KIND]).toBeUndefined();
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
