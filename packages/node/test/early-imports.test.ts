import { applyToEarlyImports, resetEarlyImportWarning } from '../src/early-imports';
import type { LoadedFileSources } from '../src/loaded-modules';
import * as http from 'node:http';
import { diag } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { captureDiag } from './helpers/diag-capture';
import { FakeInstrumentation } from './helpers/fake-instrumentation';

const OPENAI_ESM = 'file:///app/node_modules/openai/index.mjs';
const noFiles: LoadedFileSources = { commonJsFiles: () => [], compiledScripts: () => [] };
const esmOpenAi: LoadedFileSources = { commonJsFiles: () => [], compiledScripts: () => [OPENAI_ESM] };

describe('applyToEarlyImports()', () => {
  let warnings: string[];
  const warn = (m: string) => warnings.push(m);
  beforeEach(() => {
    warnings = [];
    resetEarlyImportWarning();
  });
  const openai = () => new FakeInstrumentation('@opentelemetry/instrumentation-openai', { modules: ['openai'] });

  it('loads the built-ins instrumentations patch again through require(), and nothing else', () => {
    const required: string[] = [];
    applyToEarlyImports([new FakeInstrumentation('h', { modules: ['http', 'https', 'openai'] })], {
      hookWasInstalledBefore: true,
      requireModule: (n) => required.push(n),
      sources: noFiles,
      warn,
    });
    expect(required).toEqual(['http', 'https']);
    expect(warnings).toEqual([]);
  });

  it('applies the patch of a built-in definition the require hook did not patch (cached by require-in-the-middle), once', () => {
    const httpExports = { request: 'original' };
    const patched: unknown[] = [];
    const instrumentation = new FakeInstrumentation('i-http', { modules: ['http', 'https'] });
    const definitions = [
      { name: 'http', moduleExports: undefined as unknown, patch: (e: never) => patched.push(e) },
      { name: 'https', moduleExports: { already: 'patched by its hook' } as unknown, patch: (e: never) => patched.push(e) },
    ];
    Object.assign(instrumentation, { _modules: definitions });
    const context = { hookWasInstalledBefore: true, requireModule: (n: string) => (n === 'http' ? httpExports : {}), sources: noFiles, warn };
    applyToEarlyImports([instrumentation], context);
    applyToEarlyImports([instrumentation], context);
    expect(patched).toEqual([httpExports]);
    expect(definitions[0].moduleExports).toBe(httpExports);
  });

  it('patches node:http with a real HttpInstrumentation whose require hook never ran, and its disable() undoes it', () => {
    // jest loads modules itself, so require-in-the-middle never sees node:http here: only the
    // direct patch can apply.
    const wrapped = () => [http.request, http.get, http.Server.prototype.emit].map((f) => (f as { __wrapped?: boolean }).__wrapped === true);
    const instrumentation = new HttpInstrumentation();
    try {
      expect(wrapped()).toEqual([false, false, false]);
      applyToEarlyImports([instrumentation], { hookWasInstalledBefore: true, sources: noFiles, warn });
      expect(wrapped()).toEqual([true, true, true]);
    } finally {
      instrumentation.disable();
    }
    expect(wrapped()).toEqual([false, false, false]);
  });

  it('reports a built-in patch that throws and goes on', () => {
    const broken = new FakeInstrumentation('i-broken', { modules: ['http'] });
    Object.assign(broken, {
      _modules: [
        {
          name: 'http',
          patch: () => {
            throw new Error('shape changed');
          },
        },
      ],
    });
    const fine = new FakeInstrumentation('i-fine', { modules: ['https'] });
    const finePatched: unknown[] = [];
    Object.assign(fine, { _modules: [{ name: 'https', patch: (e: never) => finePatched.push(e) }] });
    const diagWarnings = captureDiag();
    try {
      applyToEarlyImports([broken, fine], { hookWasInstalledBefore: true, requireModule: () => ({}), sources: noFiles, warn });
    } finally {
      diag.disable();
    }
    expect(diagWarnings.map((e) => e.message)).toEqual(['agent-otel: i-broken could not patch http, which was loaded before it']);
    expect(finePatched).toHaveLength(1);
  });

  it('warns once, with the --import fix for the entry script, about a package imported as an ES module before register()', () => {
    const context = { hookWasInstalledBefore: false, esmEntry: true, entryScript: `${process.cwd()}/src/app.mjs`, sources: esmOpenAi, warn };
    expect(applyToEarlyImports([openai()], context)).toEqual([{ name: 'openai', location: OPENAI_ESM, format: 'esm' }]);
    applyToEarlyImports([openai()], context);
    expect(warnings).toEqual([
      `agent-otel: loaded before register(), so they are not instrumented and make no spans: openai (imported as an ES module from ${OPENAI_ESM}; @opentelemetry/instrumentation-openai). ` +
        'Why: the static imports of an ES module run before any of its code, register() included. ' +
        'Fix: start the app with `node --import @agent-otel/node/register src/app.mjs` (options from OTEL_* variables; an in-code register() may still add instrumentations), or load these packages with `await import()` after register().',
    ]);
  });

  it('gives the --require fix in a CommonJS app', () => {
    applyToEarlyImports([openai()], {
      hookWasInstalledBefore: false,
      esmEntry: false,
      entryScript: '/srv/server.js',
      sources: { commonJsFiles: () => ['/srv/node_modules/openai/index.js'], compiledScripts: () => [] },
      warn,
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('openai (require()d from /srv/node_modules/openai/index.js; @opentelemetry/instrumentation-openai)');
    expect(warnings[0]).toContain(
      'Fix: call register() before anything requires them (first line of the entry module), or start the app with `node --require @agent-otel/node/register ',
    );
  });

  it('says nothing when the hook was in place before (the preload), or nothing was loaded early', () => {
    applyToEarlyImports([openai()], { hookWasInstalledBefore: true, esmEntry: true, sources: esmOpenAi, warn });
    applyToEarlyImports([openai()], { hookWasInstalledBefore: false, esmEntry: true, sources: noFiles, warn });
    applyToEarlyImports([new FakeInstrumentation('no-modules')], { hookWasInstalledBefore: false, esmEntry: true, sources: esmOpenAi, warn });
    expect(warnings).toEqual([]);
  });

  it('says it cannot tell when the ES modules cannot be listed', () => {
    applyToEarlyImports([openai()], {
      hookWasInstalledBefore: false,
      esmEntry: true,
      entryScript: 'app.mjs',
      sources: { commonJsFiles: () => [], compiledScripts: () => undefined },
      warn,
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot tell whether openai were imported before register\(\).*`node --import @agent-otel\/node\/register app\.mjs`/);
  });
});
