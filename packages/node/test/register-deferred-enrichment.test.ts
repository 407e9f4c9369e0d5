/**
 * Where register() and agentOtelSpanProcessors() run the GenAI work: deferred behind the router
 * (register() defaults) or inline as the first processor (additional processors, the application's
 * own chain, or deferEnrichment false), and what reaches a local OTLP backend either way.
 */
import * as path from 'node:path';
import { context, diag, propagation, trace } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@agent-otel/capture';
import { decodeTraceRequest } from '../../capture/src/export/otlp-trace-decoder';
import type * as RegisterModule from '../src/register';
import type * as ProcessorsModule from '../src/agent-otel-span-processors';
import type { Environment } from '../src/from-env';
import { RecordingServer } from './helpers/recording-server';
import { TempDirs } from './helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-register-deferred-');

function fresh(): typeof RegisterModule & typeof ProcessorsModule {
  let mod: (typeof RegisterModule & typeof ProcessorsModule) | undefined;
  jest.isolateModules(() => {
    mod = { ...jest.requireActual('../src/register'), ...jest.requireActual('../src/agent-otel-span-processors') };
  });
  return mod!;
}

const SECRET = 'ann.lee@example.com';

describe('deferred GenAI enrichment in register() and agentOtelSpanProcessors()', () => {
  let backend: RecordingServer;
  let stateHome: string;
  let handle: RegisterModule.AgentOtelHandle | undefined;
  beforeEach(async () => {
    stateHome = tempDirs.make();
    backend = await RecordingServer.start();
  });
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    await backend.close();
    trace.disable();
    propagation.disable();
    context.disable();
    diag.disable();
    tempDirs.cleanup();
  });

  function start(options: RegisterModule.RegisterOptions = {}, env: Environment = {}): RegisterModule.AgentOtelHandle {
    const { register } = fresh();
    handle = register(
      { handleProcessExit: false, logLevel: 'none', instrumentations: { http: false, undici: false }, ...options },
      { XDG_STATE_HOME: stateHome, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${backend.origin}/v1/traces`, ...env },
    );
    return handle;
  }

  function endLlmSpan(): ReadableSpan {
    const span = trace.getTracer('t').startSpan('chat gpt-4o-mini', {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 100,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `mail ${SECRET}` }] }]),
      },
    });
    span.end();
    return span as unknown as ReadableSpan;
  }

  async function exported(): Promise<Record<string, unknown>[]> {
    await handle!.forceFlush();
    return backend.requests.flatMap((r) => decodeTraceRequest(r.body).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.attributes as Record<string, unknown>))));
  }

  it('register() defaults: end() only queues the sampled span; what reaches the backend is enriched and redacted', async () => {
    const h = start();
    expect(h.pipeline!.enrichment).toBeDefined();
    expect(h.pipeline!.processors.map((p) => p.constructor.name)).toEqual(['CaptureRouter']);
    const span = endLlmSpan();
    expect(span.attributes['agent_otel.cost.usd']).toBeUndefined(); // not yet: after end()
    expect(h.pipeline!.enrichment!.stats()).toMatchObject({ deferred: 1, pending: 1 });
    const [attributes] = await exported();
    expect(attributes['agent_otel.cost.usd']).toBeCloseTo(0.00021, 12);
    expect(String(attributes['gen_ai.input.messages'])).toContain('[REDACTED:email]');
    expect(backend.requests.some((r) => r.body.includes(SECRET))).toBe(false);
  });

  it('a complete span is enriched inside end(), before the WAL append', () => {
    const h = start({ capture: { wal: { dir: path.join(stateHome, 'wal') } } });
    const span = trace
      .getTracer('t')
      .startSpan('tool', { attributes: { 'agent_otel.capture.mode': 'complete', 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'x' } });
    span.end();
    expect((span as unknown as ReadableSpan).attributes['agent_otel.capture.mode']).toBe('complete');
    expect(h.pipeline!.enrichment!.stats()).toMatchObject({ deferred: 0, inline: 1 });
  });

  it('the maximum of waiting spans follows capture.ringBuffer.bufferSize', () => {
    const h = start({ capture: { ringBuffer: { bufferSize: 4 } } });
    for (let i = 0; i < 6; i++) endLlmSpan();
    expect(h.pipeline!.enrichment!.stats()).toMatchObject({ deferred: 6, overflow: 2, pending: 4 });
  });

  it.each([
    ['additionalSpanProcessors given', { additionalSpanProcessors: [noopProcessor()] }, {}],
    ['capture.deferEnrichment: false', { capture: { deferEnrichment: false } }, {}],
    ['AGENT_OTEL_DEFER_ENRICHMENT=false', {}, { AGENT_OTEL_DEFER_ENRICHMENT: 'false' }],
  ])('inline, GenAiSpanProcessor first, with %s: end() enriches the span', async (_label, options, env) => {
    const h = start(options as RegisterModule.RegisterOptions, env as Environment);
    expect(h.pipeline!.enrichment).toBeUndefined();
    expect(h.pipeline!.processors[0]!.constructor.name).toBe('GenAiSpanProcessor');
    const span = endLlmSpan();
    expect(span.attributes['agent_otel.cost.usd']).toBeCloseTo(0.00021, 12);
  });

  it('a processor added after register()s chain sees enriched spans when it is in additionalSpanProcessors', async () => {
    const seen: ReadableSpan[] = [];
    start({ additionalSpanProcessors: [{ ...noopProcessor(), onEnd: (span: ReadableSpan) => void seen.push(span) }] });
    endLlmSpan();
    expect(seen).toHaveLength(1);
    expect(String(seen[0]!.attributes['gen_ai.input.messages'])).toContain('[REDACTED:email]');
  });

  it('agentOtelSpanProcessors() keeps the work inline by default, and defers when asked', () => {
    const { agentOtelSpanProcessors } = fresh();
    const env = { XDG_STATE_HOME: stateHome, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${backend.origin}/v1/traces`, AGENT_OTEL_WAL_ENABLED: 'false' };
    const inline = agentOtelSpanProcessors({}, env);
    expect(inline.map((p) => p.constructor.name)).toEqual(['GenAiSpanProcessor', 'CaptureRouter']);
    const deferred = agentOtelSpanProcessors({ capture: { deferEnrichment: true } }, env);
    expect(deferred.map((p) => p.constructor.name)).toEqual(['CaptureRouter']);
    for (const p of [...inline, ...deferred]) void p.shutdown();
  });

  it('rejects a deferEnrichment that is not a boolean', () => {
    expect(() => start({ capture: { deferEnrichment: 'yes' as never } })).toThrow(/capture\.deferEnrichment/);
  });
});

function noopProcessor(): SpanProcessor {
  return { onStart: () => undefined, onEnd: () => undefined, forceFlush: async () => undefined, shutdown: async () => undefined };
}
