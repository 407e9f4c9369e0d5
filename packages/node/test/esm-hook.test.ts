import { installEsmHook } from '../src/esm-hook';

const INSTALLED = Symbol.for('agent-otel.node.esm-hook-installed');

describe('installEsmHook()', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[INSTALLED];
  });

  it('registers the OpenTelemetry loader once per process, resolved from this package', () => {
    const calls: [string, string][] = [];
    const fake = { register: (specifier: string, parentURL: string) => void calls.push([specifier, parentURL]) };
    expect(installEsmHook(fake)).toEqual({ state: 'installed', wasInstalledBefore: false });
    expect(installEsmHook(fake)).toEqual({ state: 'already-installed', wasInstalledBefore: true });
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBe('@opentelemetry/instrumentation/hook.mjs');
    expect(calls[0][1]).toMatch(/^file:\/\/.*esm-hook\.(ts|js)$/);
  });

  it('reports a Node without module.register, and an error of module.register, and tries again later', () => {
    expect(installEsmHook({})).toEqual({ state: 'unsupported', wasInstalledBefore: false });
    const error = new Error('loader thread failed');
    expect(installEsmHook({ register: () => { throw error; } })).toEqual({ state: 'failed', wasInstalledBefore: false, error });
    expect(installEsmHook({ register: () => undefined }).state).toBe('installed');
  });
});
