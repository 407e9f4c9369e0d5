/**
 * NaN and ±Infinity attributes against a real Jaeger v2: sent as they are, they make Jaeger's query
 * API fail for the whole trace; written as strings by GenAiSpanProcessor, the trace reads back from
 * `/api/traces` and `/api/v3/traces`.
 */
import { context, trace } from '@opentelemetry/api';
import { OtlpHttpSpanExporter } from '@agent-otel/capture';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { GenAiSpanProcessor } from '../../src/genai-span-processor';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger') as {
  startJaeger(): Promise<{ otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> }>;
};

let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };

beforeAll(async () => {
  jaeger = await startJaeger();
});

afterAll(async () => {
  await jaeger?.stop();
});

/** Sends one trace (a root and a child with non-finite attributes on the span, an event and a link) through `processors`; returns its id. */
async function sendTrace(processors: SpanProcessor[]): Promise<string> {
  const exporter = new OtlpHttpSpanExporter({ url: `${jaeger.otlpHttpUrl}/v1/traces`, retry: { maxAttempts: 1 } });
  const provider = new BasicTracerProvider({ spanProcessors: [...processors, new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('non-finite');
  const root = tracer.startSpan('request');
  const traceId = root.spanContext().traceId;
  const child = tracer.startSpan(
    'evaluate',
    {
      attributes: { 'gen_ai.evaluation.score.value': Number.NaN, 'bench.ratio': Infinity, 'bench.floor': -Infinity, 'bench.scores': [0.5, Number.NaN], 'bench.ok': 0.25 },
      links: [{ context: root.spanContext(), attributes: { weight: Number.NaN } }],
    },
    trace.setSpan(context.active(), root),
  );
  child.addEvent('gen_ai.evaluation.result', { 'gen_ai.evaluation.score.value': Number.NEGATIVE_INFINITY });
  child.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return traceId;
}

/**
 * GET `path` on the query API until it answers something other than 404 with both spans of the
 * trace in it (the spans are exported one by one, so the first answer may hold only one), at most 15 s.
 */
async function query(path: string): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await fetch(`${jaeger.queryUrl}${path}`);
    const body = await response.text();
    const complete = response.status !== 200 || (body.includes('"request"') && body.includes('"evaluate"'));
    if ((response.status !== 404 && complete) || Date.now() > deadline) return { status: response.status, body };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface V1Tag {
  key: string;
  type: string;
  value: unknown;
}

describe('non-finite numbers in Jaeger (e2e, real Jaeger v2)', () => {
  it('sent as doubles, they make /api/traces (the one the Jaeger UI reads) fail for the whole trace: what the encoding prevents', async () => {
    const traceId = await sendTrace([]);
    const v1 = await query(`/api/traces/${traceId}`);
    expect(v1.status).toBe(500);
    expect(v1.body).toContain('json: unsupported value');
    // The OTLP-shaped API writes them as JSON strings itself.
    expect((await query(`/api/v3/traces/${traceId}`)).status).toBe(200);
  });

  it('written as strings by GenAiSpanProcessor, the whole trace reads back from /api/traces and /api/v3/traces', async () => {
    const traceId = await sendTrace([new GenAiSpanProcessor({ requestRollup: false })]);
    const v1 = await query(`/api/traces/${traceId}`);
    expect(v1.status).toBe(200);
    const spans = (JSON.parse(v1.body) as { data: Array<{ spans: Array<{ operationName: string; tags: V1Tag[]; logs: Array<{ fields: V1Tag[] }>; references: unknown[] }> }> })
      .data[0].spans;
    expect(spans.map((s) => s.operationName).sort()).toEqual(['evaluate', 'request']);
    const evaluate = spans.find((s) => s.operationName === 'evaluate')!;
    const tags = Object.fromEntries(evaluate.tags.map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({ 'gen_ai.evaluation.score.value': 'NaN', 'bench.ratio': 'Infinity', 'bench.floor': '-Infinity', 'bench.ok': 0.25 });
    expect(JSON.parse(tags['bench.scores'] as string)).toEqual(['0.5', 'NaN']);
    expect(evaluate.logs[0].fields).toContainEqual(expect.objectContaining({ key: 'gen_ai.evaluation.score.value', value: '-Infinity' }));

    const v3 = await query(`/api/v3/traces/${traceId}`);
    expect(v3.status).toBe(200);
    expect(v3.body).toContain('"stringValue":"NaN"');
    expect(v3.body).toContain('"stringValue":"-Infinity"');
  });
});
