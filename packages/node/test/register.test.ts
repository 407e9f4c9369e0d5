import { propagation, trace, context, ROOT_CONTEXT } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type * as RegisterModule from '../src/register';
import { TempDirs } from './helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-register-capture-');

/** A fresh copy of the register module, so each test starts unregistered. */
function freshRegister(): typeof RegisterModule {
  let mod: typeof RegisterModule | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual('../src/register');
  });
  return mod!;
}

describe('register()', () => {
  afterEach(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('builds the resource from options over the environment and runs the GenAI processor first', async () => {
    const { register } = freshRegister();
    const exporter = new InMemorySpanExporter();
    const handle = register(
      {
        serviceName: 'svc',
        genai: { agentName: 'planner', agentVersion: '2.0.0' },
        exporter: { type: 'none' },
        handleProcessExit: false,
        additionalSpanProcessors: [new SimpleSpanProcessor(exporter)],
      },
      { OTEL_SERVICE_NAME: 'from-env', OTEL_RESOURCE_ATTRIBUTES: 'service.version=9.9.9,deployment.environment.name=staging,team=ai' },
    );
    trace.getTracer('t').startSpan('work').end();
    await handle.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span.resource.attributes).toMatchObject({
      'service.name': 'svc',
      'service.version': '9.9.9',
      'deployment.environment.name': 'staging',
      team: 'ai',
      'telemetry.sdk.language': 'nodejs',
    });
    expect(span.attributes['gen_ai.agent.name']).toBe('planner');
    await handle.shutdown();
  });

  it('installs W3C trace context and baggage propagation', async () => {
    const { register } = freshRegister();
    const handle = register({ exporter: { type: 'none' }, handleProcessExit: false }, {});
    const carrier: Record<string, string> = {};
    const span = trace.getTracer('t').startSpan('outbound');
    const bag = propagation.createBaggage({ 'session.id': { value: 's-1' } });
    propagation.inject(propagation.setBaggage(trace.setSpan(ROOT_CONTEXT, span), bag), carrier);
    // Sampled, and the trace id drawn at random by the SDK: the Level 2 random flag is set.
    expect(carrier.traceparent).toMatch(new RegExp(`^00-${span.spanContext().traceId}-${span.spanContext().spanId}-03$`));
    expect(carrier.baggage).toBe('session.id=s-1');
    span.end();
    await handle.shutdown();
  });

  it('returns a no-op handle when disabled by OTEL_SDK_DISABLED', async () => {
    const { register } = freshRegister();
    const handle = register({}, { OTEL_SDK_DISABLED: 'true' });
    expect(handle.provider).toBeUndefined();
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false);
    await expect(handle.forceFlush()).resolves.toBeUndefined();
    await expect(handle.shutdown()).resolves.toBeUndefined();
  });

  it('returns the first handle on a second call, and shutdown is idempotent', async () => {
    const { register } = freshRegister();
    const first = register({ exporter: { type: 'none' }, handleProcessExit: false }, {});
    const second = register({ serviceName: 'other' }, {});
    expect(second).toBe(first);
    await Promise.all([first.shutdown(), first.shutdown()]);
    await expect(first.shutdown()).resolves.toBeUndefined();
  });

  it('throws one clear error naming a bad option, and registers nothing', () => {
    const { register } = freshRegister();
    expect(() => register({ exporter: { endpoint: 'localhost:4318' } }, {})).toThrow(/option exporter\.endpoint must use http: or https:, got "localhost:4318"/);
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false);
  });

  it('removes its SIGTERM and beforeExit hooks on shutdown', async () => {
    const { register } = freshRegister();
    const before = [process.listenerCount('SIGTERM'), process.listenerCount('beforeExit')];
    const handle = register({ exporter: { type: 'none' } }, {});
    expect([process.listenerCount('SIGTERM'), process.listenerCount('beforeExit')]).toEqual([before[0] + 1, before[1] + 1]);
    await handle.shutdown();
    expect([process.listenerCount('SIGTERM'), process.listenerCount('beforeExit')]).toEqual(before);
  });
});

describe('register() capture pipeline', () => {
  const fs = jest.requireActual('node:fs') as typeof import('node:fs');
  const path = jest.requireActual('node:path') as typeof import('node:path');
  let stateHome: string;
  beforeEach(() => {
    stateHome = tempDirs.make();
  });
  afterEach(() => {
    trace.disable();
    propagation.disable();
    context.disable();
    tempDirs.cleanup();
  });

  it('opens a WAL under XDG_STATE_HOME named after the service, with a ring buffer for sampled spans', async () => {
    const { register } = freshRegister();
    const handle = register(
      { serviceName: 'pay/ments api', handleProcessExit: false, logLevel: 'none' },
      { XDG_STATE_HOME: stateHome, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_TIMEOUT: '200' },
    );
    expect(handle.pipeline?.ringBuffer).toBeDefined();
    expect(handle.pipeline?.wal).toBeDefined();
    expect(fs.existsSync(path.join(stateHome, 'agent-otel', 'wal', 'pay_ments_api'))).toBe(true);
    trace
      .getTracer('t')
      .startSpan('kept', { attributes: { 'agent_otel.capture.mode': 'complete' } })
      .end();
    expect(handle.pipeline!.wal!.stats().appended).toBe(1);
    trace.getTracer('t').startSpan('buffered').end();
    expect(handle.pipeline!.ringBuffer!.stats().ended).toBe(1);
    await handle.shutdown();
  });

  it('routes by AGENT_OTEL_CAPTURE_MODE and AGENT_OTEL_CAPTURE_RULES', async () => {
    const { register } = freshRegister();
    const handle = register(
      { handleProcessExit: false, logLevel: 'none' },
      {
        XDG_STATE_HOME: stateHome,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
        OTEL_EXPORTER_OTLP_TIMEOUT: '200',
        AGENT_OTEL_CAPTURE_MODE: 'complete',
        AGENT_OTEL_CAPTURE_RULES: '[{"mode":"sampled","spanName":"GET /health"}]',
      },
    );
    trace.getTracer('t').startSpan('GET /health').end();
    trace.getTracer('t').startSpan('plan').end();
    expect(handle.pipeline!.ringBuffer!.stats().ended).toBe(1);
    expect(handle.pipeline!.wal!.stats().appended).toBe(1);
    await handle.shutdown();
  });

  it('starts without a WAL, reporting why, when the directory cannot be used', async () => {
    const { register } = freshRegister();
    const notADir = path.join(stateHome, 'file');
    fs.writeFileSync(notADir, 'x');
    const errors: string[] = [];
    const { diag, DiagLogLevel } = jest.requireActual('@opentelemetry/api') as typeof import('@opentelemetry/api');
    diag.setLogger({ error: (m: string) => errors.push(m), warn() {}, info() {}, debug() {}, verbose() {} }, DiagLogLevel.ERROR);
    const handle = register(
      { handleProcessExit: false, logLevel: 'none', capture: { wal: { dir: path.join(notADir, 'wal') } } },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_TIMEOUT: '200' },
    );
    expect(handle.pipeline?.wal).toBeUndefined();
    expect(errors.join('\n')).toMatch(/the write-ahead log at .*file\/wal could not be opened .*captured as sampled/);
    trace
      .getTracer('t')
      .startSpan('kept', { attributes: { 'agent_otel.capture.mode': 'complete' } })
      .end();
    expect(handle.pipeline!.ringBuffer!.stats().ended).toBe(1);
    diag.disable();
    await handle.shutdown();
  });

  it('keeps the WAL closed when AGENT_OTEL_WAL_KEY is malformed', async () => {
    const { register } = freshRegister();
    const handle = register({ handleProcessExit: false, logLevel: 'none' }, { XDG_STATE_HOME: stateHome, AGENT_OTEL_WAL_KEY: 'too-short' });
    expect(handle.pipeline?.wal).toBeUndefined();
    await handle.shutdown();
  });

  it('rejects invalid capture options naming them', () => {
    const { register } = freshRegister();
    expect(() => register({ capture: { defaultMode: 'always' as never } }, {})).toThrow(/option capture\.defaultMode/);
    expect(() => register({ capture: { rules: [{ mode: 'critical' }] } }, {})).toThrow(/option capture\.rules are invalid: capture rule 0 has no condition/);
    expect(() => register({ capture: { wal: { encryptionKey: new Uint8Array(16) } } }, {})).toThrow(/option capture\.wal\.encryptionKey must be a Uint8Array of 32 bytes/);
  });
});

describe('register() attribute value limit', () => {
  afterEach(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('truncates long values with a marker instead of cutting them silently in the SDK', async () => {
    const { register } = freshRegister();
    const exporter = new InMemorySpanExporter();
    const handle = register(
      { exporter: { type: 'none' }, handleProcessExit: false, logLevel: 'none', additionalSpanProcessors: [new SimpleSpanProcessor(exporter)] },
      { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '64' },
    );
    trace
      .getTracer('t')
      .startSpan('long', { attributes: { 'gen_ai.input.messages': 'x'.repeat(500) } })
      .end();
    await handle.forceFlush();
    const value = String(exporter.getFinishedSpans()[0].attributes['gen_ai.input.messages']);
    expect(value.length).toBeLessThan(500);
    expect(value).toMatch(/truncated/);
    await handle.shutdown();
  });
});
