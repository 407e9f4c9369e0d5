import { diag } from '@opentelemetry/api';
import { SemanticConventions as OI } from '@arizeai/openinference-semantic-conventions';
import { GenAiSpanProcessor, type GenAiSpanProcessorOptions } from '../../src/genai-span-processor';
import { providerName } from '../../src/normalize/convert-value';
import { MAPPING_RULES, SOURCE_CONVENTIONS } from '../../src/normalize/mapping-table';
import { endSpan } from '../helpers/end-span';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing | undefined;
afterEach(async () => {
  await tracing?.tearDown();
  diag.disable();
});

function normalized(attributes: Record<string, unknown>, options: GenAiSpanProcessorOptions = {}) {
  tracing = setUpTracing({ redaction: false, ...options });
  return endSpan(tracing, 's', attributes as never).attributes;
}

describe('OpenLLMetry before gen_ai.input.messages (captured, not run)', () => {
  // @traceloop/instrumentation-openai releases that wrote these names support openai >=3.1 <5 only,
  // and npm installs are not possible here, so the attributes are copied from that instrumentation's
  // source (traceloop/openllmetry-js, packages/instrumentation-openai/src/instrumentation.ts at
  // commit 5343b7ef: startSpan() and _endSpan()).
  const OLD_OPENLLMETRY_SPAN = {
    'gen_ai.system': 'OpenAI',
    'llm.request.type': 'chat',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.request.max_tokens': 256,
    'gen_ai.request.temperature': 0.7,
    'llm.frequency_penalty': 0.5,
    'llm.presence_penalty': 0.1,
    'gen_ai.prompt.0.role': 'system',
    'gen_ai.prompt.0.content': 'You are a travel assistant.',
    'gen_ai.prompt.1.role': 'user',
    'gen_ai.prompt.1.content': JSON.stringify([{ type: 'text', text: 'Weather in Lisbon?' }]),
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'llm.usage.total_tokens': 1_500_000,
    'gen_ai.usage.completion_tokens': 500_000,
    'gen_ai.usage.prompt_tokens': 1_000_000,
    'gen_ai.completion.0.finish_reason': 'tool_calls',
    'gen_ai.completion.0.role': 'assistant',
    'gen_ai.completion.0.content': '',
    'gen_ai.completion.0.tool_calls.0.name': 'weather_lookup',
    'gen_ai.completion.0.tool_calls.0.arguments': '{"city":"Lisbon"}',
  };

  it('maps provider, operation, parameters, usage, messages and finish reasons', () => {
    const attrs = normalized(OLD_OPENLLMETRY_SPAN);
    expect(attrs).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.frequency_penalty': 0.5,
      'gen_ai.request.presence_penalty': 0.1,
      'gen_ai.usage.input_tokens': 1_000_000,
      'gen_ai.usage.output_tokens': 500_000,
      'agent_otel.usage.total_tokens': 1_500_000,
      'gen_ai.response.finish_reasons': ['tool_call'],
      'agent_otel.normalized_from': ['openllmetry', 'opentelemetry'],
    });
    expect(attrs['agent_otel.cost.usd']).toBeCloseTo(0.45, 10);
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a travel assistant.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Lisbon?' }] },
    ]);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', name: 'weather_lookup', arguments: { city: 'Lisbon' } }], finish_reason: 'tool_call' },
    ]);
  });

  it('maps the cache and reasoning token names of @traceloop/ai-semantic-conventions 0.27', () => {
    const attrs = normalized({
      'gen_ai.usage.cache_read_input_tokens': 40,
      'gen_ai.usage.cache_creation_input_tokens': 12,
      'gen_ai.usage.reasoning_tokens': 7,
      'llm.top_k': 40,
      'llm.chat.stop_sequences': ['END'],
    });
    expect(attrs).toMatchObject({
      'gen_ai.usage.cache_read.input_tokens': 40,
      'gen_ai.usage.cache_creation.input_tokens': 12,
      'gen_ai.usage.reasoning.output_tokens': 7,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.stop_sequences': ['END'],
    });
  });

  it('maps a tool response and a function call in flattened messages', () => {
    const attrs = normalized({
      'gen_ai.prompt.0.role': 'tool',
      'gen_ai.prompt.0.tool_call_id': 'call_1',
      'gen_ai.prompt.0.content': '{"condition":"sunny"}',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.function_call.name': 'book',
      'gen_ai.completion.0.function_call.arguments': 'not json',
    });
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual([
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: { condition: 'sunny' } }] },
    ]);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'tool_call', name: 'book', arguments: 'not json' }] }]);
  });
});

describe('OpenInference spans the OpenAI instrumentation does not make', () => {
  it('maps a TOOL span', () => {
    const attrs = normalized({
      [OI.OPENINFERENCE_SPAN_KIND]: 'TOOL',
      [OI.TOOL_NAME]: 'weather_lookup',
      [OI.TOOL_DESCRIPTION]: 'Looks up the weather',
      [OI.TOOL_CALL_ID]: 'call_1',
      [OI.INPUT_VALUE]: '{"city":"Lisbon"}',
      [OI.OUTPUT_VALUE]: '{"condition":"sunny"}',
    });
    expect(attrs).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'weather_lookup',
      'gen_ai.tool.description': 'Looks up the weather',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.call.arguments': '{"city":"Lisbon"}',
      'gen_ai.tool.call.result': '{"condition":"sunny"}',
    });
  });

  it('maps a RETRIEVER span and an AGENT span', async () => {
    const retriever = normalized({
      [OI.OPENINFERENCE_SPAN_KIND]: 'RETRIEVER',
      [OI.INPUT_VALUE]: 'spring trips',
      [`${OI.RETRIEVAL_DOCUMENTS}.0.${OI.DOCUMENT_ID}`]: 'doc-1',
      [`${OI.RETRIEVAL_DOCUMENTS}.0.${OI.DOCUMENT_SCORE}`]: 0.92,
      [`${OI.RETRIEVAL_DOCUMENTS}.0.${OI.DOCUMENT_CONTENT}`]: 'Lisbon in May',
      [`${OI.RETRIEVAL_DOCUMENTS}.1.${OI.DOCUMENT_ID}`]: 7,
      [`${OI.RETRIEVAL_DOCUMENTS}.1.${OI.DOCUMENT_METADATA}`]: '{"source":"wiki"}',
    });
    expect(retriever['gen_ai.operation.name']).toBe('retrieval');
    expect(retriever['gen_ai.retrieval.query.text']).toBe('spring trips');
    expect(retriever['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(JSON.parse(retriever['gen_ai.retrieval.documents'] as string)).toEqual([
      { id: 'doc-1', score: 0.92, content: 'Lisbon in May' },
      { id: '7', metadata: { source: 'wiki' } },
    ]);
    await tracing?.tearDown();
    const agent = normalized({ [OI.OPENINFERENCE_SPAN_KIND]: 'AGENT', [OI.AGENT_NAME]: 'planner' });
    expect(agent).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' });
  });

  it('maps cache-write tokens, a provider alias, multimodal contents and function calls', () => {
    const attrs = normalized({
      [OI.OPENINFERENCE_SPAN_KIND]: 'LLM',
      [OI.LLM_PROVIDER]: 'azure',
      [OI.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE]: 30,
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.contents.0.message_content.type': 'text',
      'llm.input_messages.0.message.contents.0.message_content.text': 'What is this?',
      'llm.input_messages.0.message.contents.1.message_content.type': 'image',
      'llm.input_messages.0.message.contents.1.message_content.image.image.url': 'https://example.com/a.png',
      'llm.input_messages.1.message.role': 'assistant',
      'llm.input_messages.1.message.function_call_name': 'describe',
      'llm.input_messages.1.message.function_call_arguments_json': '{"detail":"high"}',
    });
    expect(attrs['gen_ai.provider.name']).toBe('azure.ai.openai');
    expect(attrs['gen_ai.usage.cache_creation.input_tokens']).toBe(30);
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is this?' },
          { type: 'file_data', modality: 'image', uri: 'https://example.com/a.png' },
        ],
      },
      { role: 'assistant', parts: [{ type: 'tool_call', name: 'describe', arguments: { detail: 'high' } }] },
    ]);
  });
});

describe('Vercel AI SDK spans the stand-in cannot produce', () => {
  // Names as ai 6.0.322 writes them (dist/index.js): the model never asks for a tool here.
  it('maps an ai.toolCall span', () => {
    const attrs = normalized({
      'ai.operationId': 'ai.toolCall',
      'ai.toolCall.name': 'weather_lookup',
      'ai.toolCall.id': 'call_1',
      'ai.toolCall.args': '{"city":"Lisbon"}',
      'ai.toolCall.result': '{"condition":"sunny"}',
    });
    expect(attrs).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'weather_lookup',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.call.arguments': '{"city":"Lisbon"}',
      'gen_ai.tool.call.result': '{"condition":"sunny"}',
    });
  });

  it('maps embeddings, cache writes and a response with tool calls and reasoning', async () => {
    const embed = normalized({
      'ai.operationId': 'ai.embed.doEmbed',
      'ai.model.provider': 'openai.embedding',
      'ai.model.id': 'text-embedding-3-small',
      'ai.usage.tokens': 1_000_000,
    });
    expect(embed).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': 1_000_000 });
    expect(embed['agent_otel.cost.usd']).toBeCloseTo(0.02, 10);
    await tracing?.tearDown();
    const call = normalized({
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.usage.inputTokenDetails.cacheWriteTokens': 9,
      'ai.response.finishReason': 'tool-calls',
      'ai.response.reasoning': 'Need the weather first.',
      'ai.response.toolCalls': JSON.stringify([{ toolCallType: 'function', toolCallId: 'c1', toolName: 'weather_lookup', input: '{"city":"Lisbon"}' }]),
    });
    expect(call['gen_ai.usage.cache_creation.input_tokens']).toBe(9);
    expect(call['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    expect(JSON.parse(call['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Need the weather first.' },
          { type: 'tool_call', id: 'c1', name: 'weather_lookup', arguments: { city: 'Lisbon' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
  });
});

describe('normalization rules', () => {
  it('maps the names the OTel conventions deprecated', () => {
    const attrs = normalized({ 'gen_ai.openai.request.seed': 7, 'gen_ai.usage.input_tokens.cached': 3, 'gen_ai.usage.output_tokens.reasoning': 2 });
    expect(attrs).toMatchObject({ 'gen_ai.request.seed': 7, 'gen_ai.usage.cache_read.input_tokens': 3, 'gen_ai.usage.reasoning.output_tokens': 2 });
  });

  it('never overwrites a canonical attribute, and the first matching rule wins', () => {
    const attrs = normalized({ 'gen_ai.provider.name': 'anthropic', 'gen_ai.system': 'openai', 'llm.token_count.prompt': 5, 'gen_ai.usage.prompt_tokens': 9 });
    expect(attrs['gen_ai.provider.name']).toBe('anthropic');
    expect(attrs['gen_ai.usage.input_tokens']).toBe(5);
  });

  it('skips values of the wrong type or shape', () => {
    const attrs = normalized({
      'openinference.span.kind': 'UNKNOWN',
      'llm.token_count.prompt': -1,
      'llm.token_count.completion': '12',
      'llm.model_name': '',
      'llm.invocation_parameters': '{not json',
      'ai.response.msToFirstChunk': -5,
      'llm.input_messages.x.message.role': 'user',
    });
    for (const key of [
      'gen_ai.operation.name',
      'gen_ai.usage.input_tokens',
      'gen_ai.usage.output_tokens',
      'gen_ai.request.model',
      'gen_ai.response.time_to_first_chunk',
      'gen_ai.input.messages',
      'agent_otel.normalized_from',
    ]) {
      expect(attrs[key]).toBeUndefined();
    }
  });

  it('leaves spans without any source prefix alone', () => {
    const attrs = normalized({ 'http.request.method': 'GET', 'tool.name': 'not-a-genai-span' });
    expect(attrs).toEqual({ 'http.request.method': 'GET', 'tool.name': 'not-a-genai-span' });
  });

  it('maps only the conventions asked for, and rejects unknown ones', () => {
    const attrs = normalized({ 'gen_ai.system': 'openai', 'llm.token_count.prompt': 5 }, { normalize: { conventions: ['openinference'] } });
    expect(attrs['gen_ai.usage.input_tokens']).toBe(5);
    expect(attrs['gen_ai.provider.name']).toBeUndefined();
    expect(() => new GenAiSpanProcessor({ normalize: { conventions: ['langchain' as never] } })).toThrow(/unknown convention "langchain"/);
    expect(() => new GenAiSpanProcessor({ normalize: { conventions: 'openinference' as never } })).toThrow(TypeError);
  });

  it('counts normalized spans', () => {
    normalized({ 'gen_ai.system': 'openai' });
    expect(tracing!.processor.stats().normalized).toBe(1);
  });

  it('keeps every rule within the known conventions and canonical targets', () => {
    for (const rule of MAPPING_RULES) {
      expect(SOURCE_CONVENTIONS).toContain(rule.convention);
      expect(rule.to).toMatch(/^(gen_ai\.|agent_otel\.|session\.id$|user\.id$)/);
    }
  });

  it.each([
    ['openai.chat', 'openai'],
    ['OpenAI', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['google.generative-ai', 'gcp.gen_ai'],
    ['google.vertex.chat', 'gcp.vertex_ai'],
    ['amazon-bedrock', 'aws.bedrock'],
    ['mistral.chat', 'mistral_ai'],
    ['ibm.watsonx.ai', 'ibm.watsonx.ai'],
    ['gcp.vertex_ai', 'gcp.vertex_ai'],
  ])('names provider %s as %s', (source, canonical) => {
    expect(providerName(source)).toBe(canonical);
  });
});
