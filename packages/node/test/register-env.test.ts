/**
 * register() and the environment in the default setup (no diag logger of the application's): every
 * value it cannot use is printed once, naming the variable, and the fallback is in force; an
 * OTEL_EXPORTER_OTLP_ENDPOINT that already ends in /v1/traces is recognised.
 */
import { context, diag, propagation, trace } from '@opentelemetry/api';
import type * as RegisterModule from '../src/register';
import type { RegisterOptions } from '../src/options';
import { RecordingServer } from './helpers/recording-server';
import { TempDirs } from './helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-register-env-');

function freshRegister(): typeof RegisterModule.register {
  let mod: typeof RegisterModule | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual('../src/register');
  });
  return mod!.register;
}

describe('register() and invalid environment values', () => {
  let stateHome: string;
  let printed: string[];
  let spies: jest.SpyInstance[];
  let handles: RegisterModule.AgentOtelHandle[];
  beforeEach(() => {
    stateHome = tempDirs.make();
    printed = [];
    handles = [];
    // The default setup: no diag logger until register() installs its own.
    diag.disable();
    const record = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    spies = (['error', 'warn', 'info', 'log'] as const).map((m) => jest.spyOn(console, m).mockImplementation(record));
  });
  afterEach(async () => {
    for (const h of handles) await h.shutdown();
    spies.forEach((s) => s.mockRestore());
    trace.disable();
    propagation.disable();
    context.disable();
    diag.disable();
    tempDirs.cleanup();
  });

  function start(env: Record<string, string>, options: RegisterOptions = {}, register = freshRegister()): RegisterModule.AgentOtelHandle {
    const handle = register({ handleProcessExit: false, instrumentations: { http: false, undici: false }, ...options }, { XDG_STATE_HOME: stateHome, ...env });
    handles.push(handle);
    return handle;
  }

  it("prints every problem once on the console, though the environment is read before register()'s logger exists", () => {
    const handle = start({
      AGENT_OTEL_CAPTURE_MODE: 'completee',
      AGENT_OTEL_TENANCY: '{bad',
      AGENT_OTEL_WAL_KEY: 'tooshort',
      AGENT_OTEL_BUFFER_SIZE: '1e12',
      AGENT_OTEL_CONFIRM_TIMEOUT_MS: '3000000000',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20secret%ZZ,Bearer-token-without-key',
    });
    expect(printed).toEqual([
      'agent-otel: AGENT_OTEL_CAPTURE_MODE="completee" is not one of sampled, complete, critical; using the default sampled',
      'agent-otel: AGENT_OTEL_BUFFER_SIZE="1e12" is above the maximum 1000000; using 1000000',
      expect.stringMatching(/^agent-otel: AGENT_OTEL_WAL_KEY=<8 characters, not shown> is not 32 bytes .*; the write-ahead log stays closed/),
      'agent-otel: AGENT_OTEL_CONFIRM_TIMEOUT_MS="3000000000" is above the maximum 2147483647; using 2147483647',
      'agent-otel: OTEL_EXPORTER_OTLP_HEADERS: 2 entries left out ("authorization"=<not shown>: invalid percent-encoding; <24 characters, not shown>: expected key=value); nothing from it is used',
      'agent-otel: AGENT_OTEL_TENANCY="{bad" is not true, false or a JSON object; export is off until it is fixed',
    ]);
    expect(printed.join('\n')).not.toContain('secret');
    expect(handle.options.capture?.defaultMode).toBeUndefined();
    expect(handle.options.capture?.ringBuffer?.bufferSize).toBe(1_000_000);
    expect(handle.options.capture?.wal).toMatchObject({ enabled: false, confirmTimeoutMs: 2 ** 31 - 1 });
    expect(handle.options.exporter.type).toBe('none');
  });

  it('prints nothing for empty values (the same as unset) and for valid ones', () => {
    start({ AGENT_OTEL_CAPTURE_MODE: ' ', AGENT_OTEL_BUFFER_SIZE: '', OTEL_TRACES_EXPORTER: 'NONE', OTEL_LOG_LEVEL: 'Warn' });
    expect(printed).toEqual([]);
  });

  it('does not print a problem twice when register() is called again (preload, then the application)', () => {
    const register = freshRegister();
    start({ AGENT_OTEL_FLUSH_THRESHOLD: '5' }, {}, register);
    start({ AGENT_OTEL_FLUSH_THRESHOLD: '5' }, {}, register);
    expect(printed.filter((l) => l.includes('AGENT_OTEL_FLUSH_THRESHOLD'))).toEqual(['agent-otel: AGENT_OTEL_FLUSH_THRESHOLD="5" is above the maximum 1; using 1']);
  });

  it('keeps an environment value that breaks a limit tied to a code option out, instead of throwing', () => {
    const handle = start({ AGENT_OTEL_MAX_EXPORT_BATCH_SIZE: '900' }, { capture: { ringBuffer: { bufferSize: 300 } } });
    expect(handle.options.capture?.ringBuffer).toEqual({ bufferSize: 300, maxExportBatchSize: 300 });
    expect(printed).toEqual(['agent-otel: AGENT_OTEL_MAX_EXPORT_BATCH_SIZE=900 is above the buffer size 300; using 300']);
  });

  it('still throws, naming the option, for an invalid option given in code', () => {
    expect(() => start({}, { capture: { ringBuffer: { bufferSize: 100_000_000 } } })).toThrow(
      /option capture\.ringBuffer\.bufferSize must be an integer \(spans\) in \[1, 1000000\], got 100000000/,
    );
  });
});

describe('register() and an OTLP endpoint that already ends in /v1/traces', () => {
  let backend: RecordingServer;
  let stateHome: string;
  let handle: RegisterModule.AgentOtelHandle | undefined;
  let warnings: string[];
  beforeEach(async () => {
    backend = await RecordingServer.start();
    stateHome = tempDirs.make();
    warnings = [];
    diag.disable();
    jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
  });
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    jest.restoreAllMocks();
    await backend.close();
    trace.disable();
    propagation.disable();
    context.disable();
    diag.disable();
    tempDirs.cleanup();
  });

  async function sendOne(env: Record<string, string>, options: RegisterOptions = {}): Promise<string[]> {
    handle = freshRegister()({ handleProcessExit: false, ...options }, { XDG_STATE_HOME: stateHome, ...env });
    trace.getTracer('t').startSpan('one').end();
    await handle.forceFlush();
    return backend.requests.map((r) => r.path);
  }

  it('uses OTEL_EXPORTER_OTLP_ENDPOINT=<origin>/v1/traces as is, and says so once', async () => {
    expect(await sendOne({ OTEL_EXPORTER_OTLP_ENDPOINT: `${backend.origin}/v1/traces` })).toEqual(['/v1/traces']);
    expect(warnings).toEqual([
      `agent-otel: OTEL_EXPORTER_OTLP_ENDPOINT="${backend.origin}/v1/traces" already ends in /v1/traces; it is used as is. ` +
        `This variable is the base URL of all signals (other OpenTelemetry SDKs append /v1/traces to it): set "${backend.origin}", ` +
        'or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT for the full URL',
    ]);
  });

  it('appends /v1/traces to a base URL with a path prefix, without doubling its slash', async () => {
    expect(await sendOne({ OTEL_EXPORTER_OTLP_ENDPOINT: `${backend.origin}/otlp/` })).toEqual(['/otlp/v1/traces']);
    expect(warnings).toEqual([]);
  });

  it('uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and the exporter.endpoint option as given', async () => {
    expect(await sendOne({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${backend.origin}/v1/traces` })).toEqual(['/v1/traces']);
    await handle!.shutdown();
    handle = undefined;
    trace.disable();
    propagation.disable();
    context.disable();
    backend.requests.length = 0;
    expect(await sendOne({}, { exporter: { endpoint: `${backend.origin}/v1/traces` } })).toEqual(['/v1/traces']);
    expect(warnings).toEqual([]);
  });
});

describe('the default WAL directory of a long service name', () => {
  it('is cut to 100 characters, ending with a hash of the whole name, so the file system accepts it', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { serviceDirName } = require('../src/service-resource') as typeof import('../src/service-resource');
    const long = serviceDirName({ serviceName: 'x'.repeat(5000) });
    expect(long).toHaveLength(100);
    expect(long).toMatch(/^x{83}-[0-9a-f]{16}$/);
    expect(serviceDirName({ serviceName: 'x'.repeat(4999) + 'y' })).not.toBe(long);
    expect(serviceDirName({ serviceName: 'checkout' })).toBe('checkout');
  });
});
