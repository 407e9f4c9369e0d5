import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CaptureRouter } from '@agent-otel/capture';
import { GenAiSpanProcessor } from '@agent-otel/genai';
import { agentOtelSpanProcessors } from '../src/agent-otel-span-processors';
import { InvalidOptionError } from '../src/resolve-options';
import { TempDirs } from './helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-own-sdk-wal-');

const API_REGISTRY_KEY = Symbol.for('opentelemetry.js.api.1');

describe('agentOtelSpanProcessors()', () => {
  it('returns the chain register() builds: the GenAI processor, the capture router, then the additional processors', async () => {
    const extra = new SimpleSpanProcessor(new InMemorySpanExporter());
    const processors = agentOtelSpanProcessors(
      { exporter: { endpoint: 'http://127.0.0.1:9/v1/traces' }, capture: { wal: { enabled: false } }, additionalSpanProcessors: [extra] },
      {},
    );
    expect(processors).toHaveLength(3);
    expect(processors[0]).toBeInstanceOf(GenAiSpanProcessor);
    expect(processors[1]).toBeInstanceOf(CaptureRouter);
    expect(processors[2]).toBe(extra);
    await Promise.all(processors.map((p) => p.shutdown()));
  });

  it('works inside a provider the application owns: spans are enriched from options over the environment', async () => {
    const exported = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: agentOtelSpanProcessors(
        { genai: { agentVersion: '2.0.0' }, exporter: { type: 'none' }, additionalSpanProcessors: [new SimpleSpanProcessor(exported)] },
        { AGENT_OTEL_AGENT_NAME: 'planner', AGENT_OTEL_AGENT_VERSION: '1.0.0' },
      ),
    });
    provider.getTracer('app').startSpan('step').end();
    await provider.forceFlush();
    const [span] = exported.getFinishedSpans();
    expect(span.attributes['gen_ai.agent.name']).toBe('planner');
    expect(span.attributes['gen_ai.agent.version']).toBe('2.0.0');
    await provider.shutdown();
  });

  it('touches no global: no provider, context manager or propagator is registered', async () => {
    const before = (globalThis as Record<symbol, Record<string, unknown> | undefined>)[API_REGISTRY_KEY];
    const processors = agentOtelSpanProcessors({ exporter: { type: 'none' } }, {});
    const after = (globalThis as Record<symbol, Record<string, unknown> | undefined>)[API_REGISTRY_KEY];
    expect(after?.trace).toBe(before?.trace);
    expect(after?.context).toBe(before?.context);
    expect(after?.propagation).toBe(before?.propagation);
    expect(trace.getTracerProvider().getTracer('x').startSpan('noop').isRecording()).toBe(false);
    await Promise.all(processors.map((p) => p.shutdown()));
  });

  it("is shut down by the provider's shutdown(): the WAL it opened is closed and its lock released", async () => {
    const dir = tempDirs.make();
    const errors: string[] = [];
    diag.setLogger({ error: (m: string) => errors.push(m), warn() {}, info() {}, debug() {}, verbose() {} }, DiagLogLevel.ERROR);
    try {
      const options = { exporter: { endpoint: 'http://127.0.0.1:9/v1/traces', timeoutMillis: 200 }, capture: { wal: { dir } } };
      const first = new BasicTracerProvider({ spanProcessors: agentOtelSpanProcessors(options, {}) });
      // While the first chain holds the WAL, a second one cannot open it (one process per WAL).
      const blocked = agentOtelSpanProcessors(options, {});
      expect(errors.join('\n')).toMatch(/could not be opened/);
      await Promise.all(blocked.map((p) => p.shutdown()));
      errors.length = 0;
      await first.shutdown();
      const second = agentOtelSpanProcessors(options, {});
      expect(errors).toEqual([]);
      await Promise.all(second.map((p) => p.shutdown()));
    } finally {
      diag.disable();
      tempDirs.cleanup();
    }
  });

  it('is empty when disabled by option or by OTEL_SDK_DISABLED', () => {
    expect(agentOtelSpanProcessors({ disabled: true }, {})).toEqual([]);
    expect(agentOtelSpanProcessors({}, { OTEL_SDK_DISABLED: 'true' })).toEqual([]);
  });

  it('throws InvalidOptionError naming a bad option, as register() does', () => {
    expect(() => agentOtelSpanProcessors({ capture: { defaultMode: 'always' as never } }, {})).toThrow(InvalidOptionError);
    expect(() => agentOtelSpanProcessors({ capture: { defaultMode: 'always' as never } }, {})).toThrow(/capture\.defaultMode/);
  });
});
