import { context, propagation, trace } from '@opentelemetry/api';
import type * as RegisterModule from '../src/register';

const mocked: string[] = [];

/**
 * The register module in a registry where `missing` packages cannot be found, as in an app that
 * lacks them (register() loads them when called, so the mocks stay until the test ends).
 */
function registerWithout(missing: string[]): typeof RegisterModule {
  let mod: typeof RegisterModule | undefined;
  jest.isolateModules(() => {
    for (const name of missing) {
      mocked.push(name);
      jest.doMock(name, () => {
        throw Object.assign(new Error(`Cannot find module '${name}' from 'register.ts'`), { code: 'MODULE_NOT_FOUND' });
      });
    }
    mod = jest.requireActual('../src/register');
  });
  return mod!;
}

const OPTIONS = { exporter: { type: 'none' as const }, handleProcessExit: false, capture: { wal: { enabled: false } } };

describe('register() when OTel packages it builds on are not installed', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => (errors = jest.spyOn(console, 'error').mockImplementation(() => {})));
  afterEach(() => {
    for (const name of mocked.splice(0)) jest.dontMock(name);
    errors.mockRestore();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('installs nothing and names every missing SDK package with the install command for the line', () => {
    const { register } = registerWithout(['@opentelemetry/sdk-trace', '@opentelemetry/context-async-hooks']);
    const handle = register(OPTIONS, {});
    expect(handle.provider).toBeUndefined();
    expect(handle.notRegisteredReason).toBe(
      'agent-otel: register() installed nothing: the OpenTelemetry packages it builds on are not installed: ' +
        '@opentelemetry/sdk-trace, @opentelemetry/context-async-hooks. Install them beside @opentelemetry/api for the ' +
        "application's OTel line: npm install @opentelemetry/sdk-trace@'^2.12.0' @opentelemetry/context-async-hooks@'^2.12.0' (OTel JS 2.x)",
    );
    expect(errors.mock.calls).toEqual([[handle.notRegisteredReason]]);
  });

  it('without the undici instrumentation package: traces everything else and says once what fetch() lacks', async () => {
    const { register } = registerWithout(['@opentelemetry/instrumentation-undici']);
    const handle = register(OPTIONS, {});
    expect(handle.provider).toBeDefined();
    const messages = errors.mock.calls.map((c) => String(c[0]));
    expect(messages).toEqual([
      "agent-otel: register() does not trace fetch() / undici: @opentelemetry/instrumentation-undici is not installed. npm install @opentelemetry/instrumentation-undici@'^0.33.0' (OTel JS 2.x), or set instrumentations.undici: false to silence this",
    ]);
    expect(trace.getTracer('t').startSpan('still traced').isRecording()).toBe(true);
    await handle.shutdown();
  });

  it('is silent about it when that instrumentation is turned off', async () => {
    const { register } = registerWithout(['@opentelemetry/instrumentation-undici']);
    const handle = register({ ...OPTIONS, instrumentations: { undici: false } }, {});
    expect(errors).not.toHaveBeenCalled();
    await handle.shutdown();
  });
});
