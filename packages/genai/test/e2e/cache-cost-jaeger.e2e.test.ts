/**
 * Cost that knows its tokens, end to end: model calls reporting cache reads, cache writes and
 * reasoning tokens are priced at those rates, exported to a real Jaeger v2, and the request roll-up
 * on the root adds the calls' costs up exactly.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter } from '@agent-otel/capture';
import { GenAiSpanProcessor } from '../../src/genai-span-processor';
import { readTrace, type JaegerSpan } from '../helpers/jaeger-trace';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger') as {
  startJaeger(): Promise<{ otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> }>;
};

const tags = (span: JaegerSpan): Record<string, unknown> => Object.fromEntries(span.tags.map((t) => [t.key, t.value]));

describe('cache and reasoning tokens priced at their own rates, in Jaeger (e2e)', () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let provider: BasicTracerProvider;

  beforeAll(async () => {
    jaeger = await startJaeger();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const exporter = new OtlpHttpSpanExporter({ url: `${jaeger.otlpHttpUrl}/v1/traces` });
    provider = new BasicTracerProvider({ spanProcessors: [new GenAiSpanProcessor(), new SimpleSpanProcessor(exporter)] });
  }, 120_000);

  afterAll(async () => {
    await provider?.shutdown();
    context.disable();
    await jaeger?.stop();
  });

  it('each call carries its cache, reasoning and total cost and the table id; the root sums them exactly', async () => {
    const tracer = provider.getTracer('cache-cost');
    const root = tracer.startSpan('request');
    const parent = trace.setSpan(context.active(), root);
    const usage = (model: string, extra: Record<string, number>) => ({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': model, ...extra });
    tracer
      .startSpan(
        'chat claude-sonnet-4',
        {
          attributes: usage('claude-sonnet-4-20250514', {
            'gen_ai.usage.input_tokens': 10_000,
            'gen_ai.usage.output_tokens': 500,
            'gen_ai.usage.cache_read.input_tokens': 8_000,
            'gen_ai.usage.cache_creation.input_tokens': 1_000,
          }),
        },
        parent,
      )
      .end();
    tracer
      .startSpan(
        'chat o4-mini',
        {
          attributes: usage('o4-mini', {
            'gen_ai.usage.input_tokens': 2_000,
            'gen_ai.usage.output_tokens': 3_000,
            'gen_ai.usage.cache_read.input_tokens': 1_000,
            'gen_ai.usage.reasoning.output_tokens': 2_500,
          }),
        },
        parent,
      )
      .end();
    root.end();
    await provider.forceFlush();

    const spans = await readTrace(jaeger.queryUrl, root.spanContext().traceId, 3);
    const byName = Object.fromEntries(spans.map((s) => [s.operationName, tags(s)]));
    // claude-sonnet-4: 1,000 uncached × 3 + 8,000 × 0.3 + 1,000 × 3.75 input, 500 × 15 output (USD per 1M).
    expect(byName['chat claude-sonnet-4']).toMatchObject({
      'agent_otel.cost.cache_read_usd': 0.0024,
      'agent_otel.cost.cache_write_usd': 0.00375,
      'agent_otel.cost.input_usd': 0.00915,
      'agent_otel.cost.usd': 0.01665,
      'agent_otel.cost.price_table': 'agent-otel-default-2025-06',
    });
    // o4-mini: 1,000 × 1.1 + 1,000 × 0.275 input; 3,000 × 4.4 output, reasoning billed as output.
    expect(byName['chat o4-mini']).toMatchObject({
      'agent_otel.cost.cache_read_usd': 0.000275,
      'agent_otel.cost.input_usd': 0.001375,
      'agent_otel.cost.reasoning_usd': 0.011,
      'agent_otel.cost.output_usd': 0.0132,
      'agent_otel.cost.usd': 0.014575,
    });
    expect(byName.request!['agent_otel.request.cost.usd']).toBe(0.031225);
    expect(byName.request!['agent_otel.request.input_tokens']).toBe(12_000);
  }, 60_000);
});
