import { diag } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import type OpenAI from 'openai';
import { CANONICAL_INPUT, chat, chatStream, until } from '../helpers/chat-requests';
import { patchOpenAi, type PatchedOpenAi } from '../helpers/instrumented-openai';
import { startStandIn, type LlmEndpoint } from '../helpers/llm-stand-in';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

// Spans of @traceloop/instrumentation-openai 0.27.0 (supports openai >=4 <7) driving openai 6.49.
// This version already writes the current gen_ai.* names (input/output messages as JSON); what is
// left to map is `gen_ai.usage.total_tokens`. Streamed calls carry no usage (it only counts tokens
// itself with `enrichTokens`) and no time to first chunk. The flattened `gen_ai.prompt.{i}.*` names
// of earlier OpenLLMetry releases are tested in mapping-table.test.ts.
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

function start(): { tracing: TestTracing; client: OpenAI } {
  tracing = setUpTracing({ redaction: false });
  const instrumentation = new OpenAIInstrumentation({ traceContent: true, enrichTokens: false });
  unregister = registerInstrumentations({ instrumentations: [instrumentation] });
  patched = patchOpenAi(instrumentation as never);
  return { tracing, client: new patched.OpenAI({ baseURL: endpoint.baseUrl, apiKey: 'test-key', maxRetries: 0 }) };
}

describe('normalizing @traceloop/instrumentation-openai 0.27.0 spans', () => {
  it('keeps its canonical names and maps gen_ai.usage.total_tokens (non-streaming)', async () => {
    const { tracing, client } = start();
    const reply = await chat(client);
    const attrs = tracing.span('chat gpt-4o-mini').attributes;
    expect(attrs).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'agent_otel.usage.total_tokens': attrs['gen_ai.usage.total_tokens'],
      'agent_otel.normalized_from': ['openllmetry'],
    });
    expect(attrs['agent_otel.usage.total_tokens']).toBe((attrs['gen_ai.usage.input_tokens'] as number) + (attrs['gen_ai.usage.output_tokens'] as number));
    expect(attrs['agent_otel.cost.usd']).toBeGreaterThan(0);
    const input = JSON.parse(attrs['gen_ai.input.messages'] as string) as Array<{ role: string }>;
    expect(input.map((m) => m.role)).toEqual(CANONICAL_INPUT.map((m) => m.role));
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)[0].parts).toEqual([{ type: 'text', content: reply }]);
  });

  it('normalizes nothing on streamed calls, which carry canonical names and no usage', async () => {
    const { tracing, client } = start();
    await chatStream(client);
    await until(() => tracing.spans().length === 1);
    const attrs = tracing.span('chat gpt-4o-mini').attributes;
    expect(attrs['gen_ai.input.messages']).toBeDefined();
    expect(attrs['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(attrs['agent_otel.usage.total_tokens']).toBeUndefined();
    expect(attrs['agent_otel.normalized_from']).toBeUndefined();
  });
});
