import { propagation, trace, context, ROOT_CONTEXT } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type * as RegisterModule from '../src/register';

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
    expect(carrier.traceparent).toMatch(new RegExp(`^00-${span.spanContext().traceId}-${span.spanContext().spanId}-01$`));
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
