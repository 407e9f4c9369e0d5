/**
 * agentOtelSpanProcessors() in SDKs the application owns (OTel JS 2.x: NodeSDK 0.223 and a
 * NodeTracerProvider 2.12), against a real Jaeger: sampled spans (ring buffer) and complete spans
 * (write-ahead log) both arrive enriched, and the SDK's own shutdown() drains the whole chain.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { context, diag, propagation, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { withCaptureMode } from '@agent-otel/capture';
import { JaegerClient } from '@agent-otel/cli';
import { recordLlmResponse, traceAgent, traceLlmCall } from '@agent-otel/genai';
import { agentOtelSpanProcessors } from '../../src/agent-otel-span-processors';
import { TempDirs } from '../helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-own-sdk-');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger');

/** One agent run with an LLM call (sampled) and a tool-like step in complete mode; resolves to its trace id. */
async function agentRun(): Promise<string> {
  return traceAgent({ name: 'planner' }, async (agent) => {
    await traceLlmCall({ model: 'gpt-4o-mini', provider: 'openai' }, async (span) => {
      recordLlmResponse(span, { model: 'gpt-4o-mini-2024-07-18', inputTokens: 1000, outputTokens: 200 });
    });
    await withCaptureMode('complete', () => trace.getTracer('app').startActiveSpan('charge card', async (s) => s.end()));
    return agent.spanContext().traceId;
  });
}

describe("agentOtelSpanProcessors() in the application's own SDK (e2e, real Jaeger)", () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let client: JaegerClient;
  let walRoot: string;
  const env = { ...process.env };

  beforeAll(async () => {
    jaeger = await startJaeger();
    client = new JaegerClient({ url: jaeger.queryUrl });
    walRoot = tempDirs.make();
  });
  afterAll(async () => {
    await jaeger?.stop();
    tempDirs.cleanup();
  });
  afterEach(() => {
    process.env = { ...env };
    trace.disable();
    context.disable();
    propagation.disable();
    diag.disable();
  });

  function processors(serviceName: string) {
    return agentOtelSpanProcessors(
      { serviceName, genai: { agentName: 'planner', agentVersion: '3.0.0' }, capture: { wal: { dir: path.join(walRoot, serviceName) } } },
      { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttpUrl },
    );
  }

  function expectEnriched(spans: Awaited<ReturnType<JaegerClient['waitForTrace']>>, service: string) {
    const llm = spans.find((s) => s.name === 'chat gpt-4o-mini');
    const complete = spans.find((s) => s.name === 'charge card');
    expect(llm?.service).toBe(service);
    expect(llm?.attributes['gen_ai.agent.name']).toBe('planner');
    expect(llm?.attributes['gen_ai.agent.version']).toBe('3.0.0');
    expect(llm?.attributes['gen_ai.usage.input_tokens']).toBe(1000);
    expect(typeof llm?.attributes['agent_otel.cost.usd']).toBe('number');
    expect(complete?.attributes['agent_otel.capture.mode']).toBe('complete');
    expect(complete?.attributes['gen_ai.agent.name']).toBe('planner');
  }

  it('NodeSDK({ spanProcessors: agentOtelSpanProcessors() }): sampled and WAL spans reach Jaeger after sdk.shutdown()', async () => {
    Object.assign(process.env, { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
    const sdk = new NodeSDK({ serviceName: 'own-node-sdk', spanProcessors: processors('own-node-sdk'), instrumentations: [] });
    sdk.start();
    const traceId = await agentRun();
    await sdk.shutdown();
    expectEnriched(await client.waitForTrace(traceId, { minSpans: 3 }), 'own-node-sdk');
    expect(fs.readdirSync(path.join(walRoot, 'own-node-sdk')).length).toBeGreaterThan(0);
  });

  it('new NodeTracerProvider({ spanProcessors: agentOtelSpanProcessors() }) registered by the application', async () => {
    const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'own-provider' }), spanProcessors: processors('own-provider') });
    provider.register();
    const traceId = await agentRun();
    await provider.shutdown();
    expectEnriched(await client.waitForTrace(traceId, { minSpans: 3 }), 'own-provider');
  });
});
