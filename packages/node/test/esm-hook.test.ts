import { installEsmHook } from '../src/esm-hook';

const INSTALLED = Symbol.for('agent-otel.node.esm-hook-installed');

describe('installEsmHook()', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[INSTALLED];
  });

  it('registers the OpenTelemetry loader once per process, resolved from this package', () => {
    const calls: [string, string][] = [];
    const fake = { register: (specifier: string, parentURL: string) => void calls.push([specifier, parentURL]) };
    expect(installEsmHook(fake, '')).toEqual({ state: 'installed', wasInstalledBefore: false });
    expect(installEsmHook(fake, '')).toEqual({ state: 'already-installed', wasInstalledBefore: true });
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBe('@opentelemetry/instrumentation/hook.mjs');
    expect(calls[0][1]).toMatch(/^file:\/\/.*esm-hook\.(ts|js)$/);
  });

  it.each([
    '--import @opentelemetry/auto-instrumentations-node/register',
    '--experimental-loader=@opentelemetry/instrumentation/hook.mjs',
    '--loader import-in-the-middle/hook.mjs',
  ])('does not install a second loader beside %s on the command line', (commandLine) => {
    const fake = { register: jest.fn() };
    expect(installEsmHook(fake, `--enable-source-maps ${commandLine}`)).toEqual({ state: 'installed-by-command-line', wasInstalledBefore: true });
    expect(fake.register).not.toHaveBeenCalled();
  });

  it('reports a Node without module.register, and an error of module.register, and tries again later', () => {
    expect(installEsmHook({}, '')).toEqual({ state: 'unsupported', wasInstalledBefore: false });
    const error = new Error('loader thread failed');
    expect(
      installEsmHook(
        {
          register: () => {
            throw error;
          },
        },
        '',
      ),
    ).toEqual({ state: 'failed', wasInstalledBefore: false, error });
    expect(installEsmHook({ register: () => undefined }, '').state).toBe('installed');
  });
});
