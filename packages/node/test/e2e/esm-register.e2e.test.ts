/**
 * An ES-module service that calls register() in code, against a real Jaeger and the
 * OpenAI-compatible stand-in: with openai imported after register() the trace has the http server
 * span continuing the inbound traceparent and the openai LLM span under it, enriched by the GenAI
 * processor; with openai imported statically before register() the server span still continues
 * the trace and the process said why there is no LLM span.
 */
import * as path from 'node:path';
import { JaegerClient } from '@agent-otel/cli';
import { startChildService, type ChildService } from '../helpers/child-service';
import { startLlmStandIn } from '../helpers/llm-stand-in';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger');

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const SERVER = 2;
const CLIENT = 3;

describe('register() in code in an ES-module service (e2e, real Jaeger)', () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let client: JaegerClient;
  let llm: ChildService;

  beforeAll(async () => {
    [jaeger, llm] = await Promise.all([startJaeger(), startLlmStandIn()]);
    client = new JaegerClient({ url: jaeger.queryUrl });
  });
  afterAll(async () => {
    await llm?.stop();
    await jaeger?.stop();
  });

  function startApp(fixture: string, serviceName: string): Promise<ChildService> {
    return startChildService(path.join(FIXTURES, fixture), [], {
      OTEL_SERVICE_NAME: serviceName,
      OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttpUrl,
      AGENT_OTEL_AGENT_NAME: 'esm-agent',
      LLM_URL: llm.url,
    });
  }

  async function chat(app: ChildService, traceId: string): Promise<void> {
    const res = await fetch(`${app.url}/chat`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, baggage: 'session.id=sess-esm' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { traceId: string }).traceId).toBe(traceId);
  }

  it('openai imported after register(): the server span continues the traceparent and the LLM span sits under it', async () => {
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4737';
    const app = await startApp('esm-dynamic-imports.mjs', 'esm-in-code');
    await chat(app, traceId);
    await app.stop();
    const spans = await client.waitForTrace(traceId, { minSpans: 3 });
    const server = spans.find((s) => s.kind === SERVER && s.service === 'esm-in-code');
    expect(server).toBeDefined();
    expect(server!.parentSpanId).toBe('00f067aa0ba902b7');
    expect(server!.attributes['session.id']).toBe('sess-esm');
    const llmSpan = spans.find((s) => s.name === 'chat gpt-4o-mini');
    expect(llmSpan).toBeDefined();
    expect(llmSpan!.kind).toBe(CLIENT);
    expect(llmSpan!.parentSpanId).toBe(server!.spanId);
    expect(llmSpan!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.agent.name': 'esm-agent',
      'session.id': 'sess-esm',
    });
    expect(llmSpan!.attributes['gen_ai.usage.input_tokens']).toEqual(expect.any(Number));
    expect(llmSpan!.attributes['gen_ai.usage.output_tokens']).toEqual(expect.any(Number));
    expect(app.stderr()).not.toContain('loaded before register()');
  });

  it('openai imported statically before register(): the server span still continues the traceparent, and the fix was printed', async () => {
    const traceId = '6bf92f3577b34da6a3ce929d0e0e4738';
    const app = await startApp('esm-static-imports.mjs', 'esm-static');
    await chat(app, traceId);
    await app.stop();
    const spans = await client.waitForTrace(traceId, { minSpans: 2 });
    const server = spans.find((s) => s.kind === SERVER && s.service === 'esm-static');
    expect(server).toBeDefined();
    expect(server!.parentSpanId).toBe('00f067aa0ba902b7');
    expect(spans.find((s) => s.name === 'chat gpt-4o-mini')).toBeUndefined();
    expect(app.stderr()).toContain('`node --import @agent-otel/node/register ');
  });
});
