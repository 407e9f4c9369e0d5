import { context, diag, propagation, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { applyLaterOptions, type RunningRegistration } from '../src/merge-preload-options';
import type { LogLevel, ResolvedOptions } from '../src/options';
import type * as InstrumentProcessModule from '../src/instrument-process';
import type * as RegisterModule from '../src/register';
import { BUILT_IN_INSTRUMENTATIONS, startInstrumentations } from '../src/start-instrumentations';
import type { UserInstrumentation } from '../src/user-instrumentation';
import { captureDiag, type DiagEntry } from './helpers/diag-capture';
import { FakeInstrumentation } from './helpers/fake-instrumentation';

/** Fresh register and instrument-process modules (one registry), so each test starts unregistered. */
function fresh(): typeof RegisterModule & typeof InstrumentProcessModule {
  let mods: (typeof RegisterModule & typeof InstrumentProcessModule) | undefined;
  jest.isolateModules(() => {
    mods = { ...jest.requireActual('../src/instrument-process'), ...jest.requireActual('../src/register') };
  });
  return mods!;
}

const FIRST = { exporter: { type: 'none' as const }, handleProcessExit: false, logLevel: 'none' as const, capture: { wal: { enabled: false } } };
const ENV = { OTEL_SERVICE_NAME: 'svc', OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer secret-1' };

describe('register() called again', () => {
  let log: DiagEntry[];
  const handles: { shutdown(): Promise<void> }[] = [];
  beforeEach(() => {
    log = captureDiag();
  });
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.shutdown()));
    trace.disable();
    propagation.disable();
    context.disable();
    diag.disable();
  });
  const warnings = () => log.filter((e) => e.level === 'warn').map((e) => e.message);

  it('accepts options equal to the ones in force silently and returns the first handle', () => {
    const { register } = fresh();
    const first = register(FIRST, ENV);
    handles.push(first);
    expect(register({ serviceName: 'svc', exporter: 'none', capture: { wal: { enabled: false } } }, ENV)).toBe(first);
    expect(warnings()).toEqual([]);
  });

  it('names, in one warning, each option it cannot apply, with the variable to set instead, never showing header values', () => {
    const { register } = fresh();
    handles.push(register(FIRST, ENV));
    register({ serviceName: 'checkout', genai: { agentName: 'planner' }, exporter: { headers: { authorization: 'Bearer secret-2' } }, shutdownTimeoutMillis: 100 }, ENV);
    expect(warnings()).toHaveLength(1);
    const [w] = warnings();
    expect(w).toBe(
      'agent-otel: register() was already called earlier in this process; these options cannot change after start and were not applied: ' +
        'serviceName (given "checkout", in force "svc"); genai.agentName (given "planner", in force unset (the default)); exporter.headers.authorization (value not shown); ' +
        'shutdownTimeoutMillis (given 100, in force unset (the default)). Pass them to the first register() call.',
    );
    expect(w).not.toContain('secret');
  });

  it('after the preload, says so and points to the environment variables', () => {
    const { register, noteStartedByPreload } = fresh();
    noteStartedByPreload();
    handles.push(register(FIRST, ENV));
    register({ serviceName: 'checkout', serviceVersion: '1.2.3', exporter: { endpoint: 'http://127.0.0.1:4318/v1/traces' } }, ENV);
    const [w] = warnings();
    expect(w).toContain('register() was already called by the @agent-otel/node/register preload (--require/--import)');
    expect(w).toContain(
      'Give them to the preload as environment variables (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES=service.version=..., OTEL_EXPORTER_OTLP_ENDPOINT), or drop the preload and call register() with them before anything else.',
    );
  });

  it('enables added instrumentations on the running provider and says what it applied beside what it did not', () => {
    const { register } = fresh();
    const handle = register(FIRST, ENV);
    handles.push(handle);
    const added = new FakeInstrumentation('added-later');
    register({ instrumentations: [added], serviceName: 'other' }, ENV);
    expect(added.tracerProvider).toBe(handle.provider);
    expect(warnings()[0]).toMatch(/not applied: serviceName .* Applied: instrumentations\.additional\.$/);
  });

  it('validates the later options like the first: a bad one throws InvalidOptionError', () => {
    const { register } = fresh();
    handles.push(register(FIRST, ENV));
    expect(() => register({ serviceName: 42 as never }, ENV)).toThrow(
      expect.objectContaining({ name: 'InvalidOptionError', message: expect.stringMatching(/option serviceName/) }),
    );
    expect(() => register({ instrumentations: ['openai' as never] }, ENV)).toThrow(/option instrumentations\.additional\[0\] must be an instrumentation/);
  });

  it('keeps the old message when the first call was disabled', () => {
    const { register } = fresh();
    register({}, { OTEL_SDK_DISABLED: 'true' });
    register({ serviceName: 'x' }, {});
    expect(warnings()).toEqual(['agent-otel: register() was already called and installed nothing (tracing disabled, or another setup came first); returning the existing handle']);
  });
});

describe('applyLaterOptions()', () => {
  afterEach(() => diag.disable());

  function runningWith(options: ResolvedOptions) {
    const instrumentations = startInstrumentations(options.instrumentations, new BasicTracerProvider());
    const levels: LogLevel[] = [];
    const checked: UserInstrumentation[][] = [];
    const running: RunningRegistration = {
      options,
      startedBy: 'code',
      instrumentations,
      setLogLevel: (l) => levels.push(l),
      checkEarlyImports: (added) => checked.push([...added]),
    };
    return { running, levels, checked, instrumentations };
  }

  it('turns the built-in instrumentations off and on, sets a new log level and checks added instrumentations for early imports', () => {
    const { running, levels, checked, instrumentations } = runningWith({ exporter: {}, logLevel: 'warn' });
    try {
      const names = () => instrumentations.enabled.map((i) => i.instrumentationName);
      expect(applyLaterOptions(running, { instrumentations: { http: false } }, { exporter: {}, instrumentations: { http: false } })).toEqual({
        applied: ['instrumentations.http'],
        notApplied: [],
      });
      expect(names()).toEqual([BUILT_IN_INSTRUMENTATIONS.undici]);
      applyLaterOptions(running, { instrumentations: { http: true }, logLevel: 'debug' }, { exporter: {}, instrumentations: { http: true }, logLevel: 'debug' });
      expect(names()).toEqual([BUILT_IN_INSTRUMENTATIONS.undici, BUILT_IN_INSTRUMENTATIONS.http]);
      expect(levels).toEqual(['debug']);
      expect(checked.map((list) => list.map((i) => i.instrumentationName))).toEqual([[BUILT_IN_INSTRUMENTATIONS.http]]);
      // The same level again changes nothing.
      expect(applyLaterOptions(running, { logLevel: 'warn' }, { exporter: {}, logLevel: 'warn' }).applied).toEqual([]);
    } finally {
      instrumentations.disableAll();
    }
  });
});
