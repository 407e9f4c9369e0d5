import { context, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { NodeSDK } from '@opentelemetry/sdk-node';
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

const API_REGISTRY_KEY = Symbol.for('opentelemetry.js.api.1');
const OPTIONS = { exporter: { type: 'none' as const }, handleProcessExit: false, capture: { wal: { enabled: false } } };

describe('register() after another setup registered globally', () => {
  let errors: jest.SpyInstance;
  let warnings: jest.SpyInstance;
  const env = { ...process.env };

  beforeEach(() => {
    errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    warnings = jest.spyOn(console, 'warn').mockImplementation(() => {});
    // NodeSDK 0.223 would otherwise also start OTLP metric and log exporters.
    Object.assign(process.env, { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_TRACES_EXPORTER: 'none' });
  });

  afterEach(() => {
    errors.mockRestore();
    warnings.mockRestore();
    process.env = { ...env };
    trace.disable();
    propagation.disable();
    context.disable();
    diag.disable();
    delete (globalThis as Record<symbol, unknown>)[API_REGISTRY_KEY];
  });

  it('after NodeSDK.start(): installs nothing, says so once (no duplicate-registration noise), and the SDK keeps tracing', async () => {
    const exported = new InMemorySpanExporter();
    const sdk = new NodeSDK({ spanProcessors: [new SimpleSpanProcessor(exported)], instrumentations: [], autoDetectResources: false });
    sdk.start();
    const { register } = freshRegister();
    const handle = register(OPTIONS, {});

    expect(handle.provider).toBeUndefined();
    expect(handle.pipeline).toBeUndefined();
    expect(handle.notRegisteredReason).toMatch(/a global tracer provider is already registered \(e\.g\. by NodeSDK\.start\(\)/);
    expect(handle.notRegisteredReason).toMatch(/spanProcessors: agentOtelSpanProcessors\(options\)/);
    expect(errors.mock.calls).toEqual([[handle.notRegisteredReason]]);
    expect(warnings).not.toHaveBeenCalled();

    trace.getTracer('app').startSpan('still-traced').end();
    expect(exported.getFinishedSpans().map((s) => s.name)).toEqual(['still-traced']);
    await handle.shutdown();
    await sdk.shutdown();
  });

  it('with the globals created by another copy of @opentelemetry/api: names both versions and the fix, installs nothing', async () => {
    (globalThis as Record<symbol, unknown>)[API_REGISTRY_KEY] = { version: '1.10.0' };
    const { register } = freshRegister();
    const handle = register(OPTIONS, {});

    expect(handle.provider).toBeUndefined();
    expect(handle.notRegisteredReason).toMatch(/two copies of @opentelemetry\/api are loaded/);
    expect(handle.notRegisteredReason).toMatch(/created by @opentelemetry\/api 1\.10\.0, agent-otel loads 1\.9\.0 from \S+node_modules\/@opentelemetry\/api/);
    expect(handle.notRegisteredReason).toMatch(/npm ls @opentelemetry\/api/);
    expect(errors.mock.calls).toEqual([[handle.notRegisteredReason]]);
    expect((globalThis as Record<symbol, Record<string, unknown>>)[API_REGISTRY_KEY].trace).toBeUndefined();
  });

  it('prints nothing with logLevel none, and still reports the reason on the handle', () => {
    (globalThis as Record<symbol, unknown>)[API_REGISTRY_KEY] = { version: '1.10.0' };
    const { register } = freshRegister();
    const handle = register({ ...OPTIONS, logLevel: 'none' }, {});
    expect(handle.notRegisteredReason).toMatch(/two copies/);
    expect(errors).not.toHaveBeenCalled();
  });

  it('keeps a context manager registered before it (no provider yet), says so, and registers its provider', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    expect(context.setGlobalContextManager(manager)).toBe(true);
    const exported = new InMemorySpanExporter();
    const { register } = freshRegister();
    const handle = register({ ...OPTIONS, additionalSpanProcessors: [new SimpleSpanProcessor(exported)] }, {});

    expect(handle.provider).toBeDefined();
    expect(handle.notRegisteredReason).toBeUndefined();
    expect(warnings.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/kept the context manager registered before it/)]);
    expect(errors).not.toHaveBeenCalled();
    trace.getTracer('app').startActiveSpan('parent', (parent) => {
      trace.getTracer('app').startSpan('child').end();
      parent.end();
    });
    const [child, parent] = exported.getFinishedSpans();
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    await handle.shutdown();
  });

  it('registers everything itself on a clean process, without a word', async () => {
    const { register } = freshRegister();
    const handle = register(OPTIONS, {});
    expect(handle.provider).toBeDefined();
    const registry = (globalThis as Record<symbol, Record<string, unknown>>)[API_REGISTRY_KEY];
    expect(Object.keys(registry)).toEqual(expect.arrayContaining(['version', 'trace', 'context', 'propagation']));
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
    await handle.shutdown();
  });
});
