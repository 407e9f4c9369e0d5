/**
 * The foundation's end-to-end promise, against a real Jaeger v2: two services with agent-otel
 * registered (one in code, one through the preload), a request with a session id in baggage, and
 * one trace read back through Jaeger's query API with the GenAI attributes on the LLM span.
 */
import { JaegerClient, type TraceSpan } from '@agent-otel/cli';
import { startExample } from '../../src/run-all';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger');

const SERVER = 2;
const CLIENT = 3;

describe('two-service agent traced into a real Jaeger (e2e)', () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let example: Awaited<ReturnType<typeof startExample>> | undefined;
  let spans: TraceSpan[];
  let answer: { traceId: string; answer: string; sessionId: string; degraded: boolean };

  beforeAll(async () => {
    jaeger = await startJaeger();
    example = await startExample({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttpUrl } });
    const res = await fetch(`${example.agentUrl}/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', baggage: 'session.id=sess-e2e-1,tenant.id=acme' },
      body: JSON.stringify({ question: 'Can I fly from Berlin to Lisbon, and what is the weather in Lisbon?' }),
    });
    expect(res.status).toBe(200);
    answer = await res.json();
    // Stopping the services (SIGTERM) flushes what they buffered.
    await example.stop();
    example = undefined;
    spans = await new JaegerClient({ url: jaeger.queryUrl }).waitForTrace(answer.traceId, { minSpans: 10 });
  });

  afterAll(async () => {
    await example?.stop();
    await jaeger?.stop();
  });

  it('answers with the looked-up facts', () => {
    expect(answer.degraded).toBe(false);
    expect(answer.answer).toMatch(/Lisbon/);
    expect(answer.sessionId).toBe('sess-e2e-1');
  });

  it('puts the spans of both services into one trace', () => {
    const services = new Set(spans.map((s) => s.service));
    expect(services).toEqual(new Set(['agent-service', 'tools-service']));
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([answer.traceId]));
    const roots = spans.filter((s) => s.parentSpanId === '');
    expect(roots).toHaveLength(1);
    expect(roots[0].service).toBe('agent-service');
    expect(roots[0].kind).toBe(SERVER);
  });

  it('makes each tools-service server span a child of an agent-service client span', () => {
    const toolServers = spans.filter((s) => s.service === 'tools-service' && s.kind === SERVER);
    expect(toolServers.length).toBe(2);
    for (const server of toolServers) {
      const parent = spans.find((s) => s.spanId === server.parentSpanId);
      expect(parent).toBeDefined();
      expect(parent!.service).toBe('agent-service');
      expect(parent!.kind).toBe(CLIENT);
      const tool = spans.find((s) => s.parentSpanId === server.spanId);
      expect(tool?.name).toMatch(/^execute_tool (flight_search|weather_lookup)$/);
      expect(tool?.attributes['gen_ai.operation.name']).toBe('execute_tool');
    }
  });

  it('records model, sampling parameters, tokens and cost on the LLM span', () => {
    const llm = spans.find((s) => s.name === 'chat gpt-4o-mini');
    expect(llm).toBeDefined();
    expect(llm!.kind).toBe(CLIENT);
    expect(llm!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.seed': 7,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    });
    const input = llm!.attributes['gen_ai.usage.input_tokens'];
    const output = llm!.attributes['gen_ai.usage.output_tokens'];
    expect(typeof input).toBe('number');
    expect(typeof output).toBe('number');
    expect(input as number).toBeGreaterThan(0);
    expect(output as number).toBeGreaterThan(0);
    expect(llm!.attributes['agent_otel.usage.total_tokens']).toBe((input as number) + (output as number));
    expect(llm!.attributes['agent_otel.cost.usd']).toBeGreaterThan(0);
  });

  it('nests agent, steps and calls under the invoke_agent span', () => {
    const agent = spans.find((s) => s.name === 'invoke_agent travel-assistant')!;
    expect(agent.attributes['gen_ai.agent.name']).toBe('travel-assistant');
    expect(agent.attributes['gen_ai.conversation.id']).toBe('sess-e2e-1');
    const children = spans.filter((s) => s.parentSpanId === agent.spanId).map((s) => s.name);
    expect(children).toEqual(expect.arrayContaining(['plan choose_tools', 'chat gpt-4o-mini']));
  });

  it('carries session.id and the tenant from baggage on spans in both services', () => {
    for (const service of ['agent-service', 'tools-service']) {
      const own = spans.filter((s) => s.service === service);
      expect(own.length).toBeGreaterThan(0);
      for (const span of own) {
        expect(span.attributes['session.id']).toBe('sess-e2e-1');
        expect(span.attributes['agent_otel.tenant.id']).toBe('acme');
      }
    }
  });
});
