/**
 * One model call is counted once, end to end: traceLlmCall around a client patched by the real
 * @opentelemetry/instrumentation-openai, exported to a real Jaeger v2; summing
 * `agent_otel.cost.usd` over the trace read back gives each call's cost once.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter } from '@agent-otel/capture';
import type OpenAI from 'openai';
import { GenAiSpanProcessor } from '../../src/genai-span-processor';
import { recordLlmResponse } from '../../src/record-llm-response';
import { traceAgent } from '../../src/trace-agent';
import { traceLlmCall } from '../../src/trace-llm-call';
import { CHAT_MESSAGES } from '../helpers/chat-requests';
import { patchOpenAi, type PatchedOpenAi } from '../helpers/instrumented-openai';
import { readTrace, tag } from '../helpers/jaeger-trace';
import { startStandIn, type LlmEndpoint } from '../helpers/llm-stand-in';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger') as {
  startJaeger(): Promise<{ otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> }>;
};

describe('one model call is counted once in Jaeger (e2e)', () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let endpoint: LlmEndpoint;
  let provider: BasicTracerProvider;
  let patched: PatchedOpenAi;
  let unregister: () => void;

  beforeAll(async () => {
    jaeger = await startJaeger();
    endpoint = await startStandIn();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const exporter = new OtlpHttpSpanExporter({ url: `${jaeger.otlpHttpUrl}/v1/traces` });
    provider = new BasicTracerProvider({ spanProcessors: [new GenAiSpanProcessor(), new SimpleSpanProcessor(exporter)] });
    trace.setGlobalTracerProvider(provider);
    const instrumentation = new OpenAIInstrumentation();
    unregister = registerInstrumentations({ instrumentations: [instrumentation] });
    patched = patchOpenAi(instrumentation as never);
  });

  afterAll(async () => {
    patched?.unpatch();
    unregister?.();
    await provider?.shutdown();
    trace.disable();
    context.disable();
    await endpoint?.close();
    await jaeger?.stop();
  });

  it('two calls: five spans, two marked duplicates, the cost summed over the trace is two calls', async () => {
    const client: OpenAI = new patched.OpenAI({ baseURL: endpoint.baseUrl, apiKey: 'test-key', maxRetries: 0 });
    const traceId = await traceAgent({ name: 'travel' }, async (agent) => {
      for (let i = 0; i < 2; i++) {
        await traceLlmCall({ model: 'gpt-4o-mini', provider: 'openai' }, async (span) => {
          const res = await client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: CHAT_MESSAGES as unknown as OpenAI.Chat.ChatCompletionMessageParam[],
          });
          recordLlmResponse(span, { model: res.model, inputTokens: res.usage?.prompt_tokens, outputTokens: res.usage?.completion_tokens });
        });
      }
      return agent.spanContext().traceId;
    });
    await provider.forceFlush();

    const spans = await readTrace(jaeger.queryUrl, traceId, 5);
    expect(spans).toHaveLength(5);
    const costs = spans.map((s) => tag(s, 'agent_otel.cost.usd')).filter((v): v is number => typeof v === 'number');
    expect(costs).toHaveLength(2);
    // 35 input and 21 output tokens per call at gpt-4o-mini's $0.15 / $0.60 per million.
    expect(costs.reduce((a, b) => a + b, 0)).toBeCloseTo(2 * 0.00001785, 15);
    const duplicates = spans.filter((s) => tag(s, 'agent_otel.llm.duplicate_of') !== undefined);
    expect(duplicates).toHaveLength(2);
    const ids = new Set(spans.filter((s) => s.operationName === 'chat gpt-4o-mini' && tag(s, 'agent_otel.cost.usd') !== undefined).map((s) => s.spanID));
    for (const duplicate of duplicates) expect(ids.has(tag(duplicate, 'agent_otel.llm.duplicate_of') as string)).toBe(true);
    const root = spans.find((s) => s.operationName === 'invoke_agent travel');
    expect(root && tag(root, 'agent_otel.request.llm_call_count')).toBe(2);
    expect(root && tag(root, 'agent_otel.request.input_tokens')).toBe(70);
    expect(root && tag(root, 'agent_otel.request.cost.usd')).toBeCloseTo(2 * 0.00001785, 15);
  });
});
