import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiCopiesNote, keptGlobalsNote, readGlobalRegistration, registrationBlocker, type GlobalRegistration } from '../src/global-registration';
import { TempDirs } from './helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-api-copies-');

const API_REGISTRY_KEY = Symbol.for('opentelemetry.js.api.1');

function state(overrides: Partial<GlobalRegistration>): GlobalRegistration {
  return {
    registryApiVersion: undefined,
    ownApiVersion: '1.9.0',
    ownApiDir: '/app/node_modules/@opentelemetry/api',
    appApi: { dir: '/app/node_modules/@opentelemetry/api', version: '1.9.0' },
    tracerProvider: false,
    contextManager: false,
    propagator: false,
    ...overrides,
  };
}

describe('readGlobalRegistration()', () => {
  let appDir: string;
  beforeAll(() => {
    // An application whose own code resolves another copy of the API, of another version.
    appDir = tempDirs.make();
    const api = path.join(appDir, 'node_modules', '@opentelemetry', 'api');
    fs.mkdirSync(api, { recursive: true });
    fs.writeFileSync(path.join(api, 'package.json'), JSON.stringify({ name: '@opentelemetry/api', version: '1.10.0', main: 'index.js' }));
    fs.writeFileSync(path.join(api, 'index.js'), 'module.exports = {};');
  });
  afterAll(() => tempDirs.cleanup());
  afterEach(() => delete (globalThis as Record<symbol, unknown>)[API_REGISTRY_KEY]);

  it('reads which globals the registry holds and the version stamped on it, without changing it', () => {
    const registry = { version: '1.10.0', trace: {}, propagation: {} };
    (globalThis as Record<symbol, unknown>)[API_REGISTRY_KEY] = registry;
    const g = readGlobalRegistration();
    expect(g).toMatchObject({ registryApiVersion: '1.10.0', ownApiVersion: '1.9.0', tracerProvider: true, contextManager: false, propagator: true });
    expect((globalThis as Record<symbol, unknown>)[API_REGISTRY_KEY]).toEqual({ version: '1.10.0', trace: {}, propagation: {} });
  });

  it('finds the copy of the API the application loads, and apiCopiesNote names both', () => {
    const g = readGlobalRegistration(appDir);
    expect(g.appApi).toEqual({ dir: path.join(appDir, 'node_modules', '@opentelemetry', 'api'), version: '1.10.0' });
    const note = apiCopiesNote(g);
    expect(note).toContain(`two copies of @opentelemetry/api are installed: 1.10.0 at ${g.appApi!.dir} (the application's) and 1.9.0 at ${g.ownApiDir}`);
    expect(note).toContain('npm ls @opentelemetry/api');
  });
});

describe('registrationBlocker() / keptGlobalsNote() / apiCopiesNote()', () => {
  it('blocks on a registry of another API version, naming both versions', () => {
    expect(registrationBlocker(state({ registryApiVersion: '1.10.0' }))).toMatch(/created by @opentelemetry\/api 1\.10\.0, agent-otel loads 1\.9\.0 from \/app/);
  });

  it('blocks on a registered tracer provider and points to agentOtelSpanProcessors', () => {
    expect(registrationBlocker(state({ registryApiVersion: '1.9.0', tracerProvider: true }))).toMatch(/already registered.*agentOtelSpanProcessors/s);
  });

  it('does not block on a registry of its own version holding only a context manager and propagator, and says what it kept', () => {
    const g = state({ registryApiVersion: '1.9.0', contextManager: true, propagator: true });
    expect(registrationBlocker(g)).toBeUndefined();
    expect(keptGlobalsNote(g)).toMatch(/kept the context manager and propagator registered before it \(so inbound and outbound headers follow that propagator/);
    expect(keptGlobalsNote(state({ contextManager: true }))).toBe(
      "agent-otel: register() kept the context manager registered before it; the tracer provider and the processors are agent-otel's.",
    );
    expect(keptGlobalsNote(state({}))).toBeUndefined();
  });

  it('says nothing of API copies when the application loads the same copy, or another copy of the same version', () => {
    expect(apiCopiesNote(state({}))).toBeUndefined();
    expect(apiCopiesNote(state({ appApi: { dir: '/elsewhere', version: '1.9.0' } }))).toBeUndefined();
    expect(apiCopiesNote(state({ appApi: undefined }))).toBeUndefined();
  });
});
