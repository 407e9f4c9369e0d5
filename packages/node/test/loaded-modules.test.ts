import { findLoadedPackages, patchedModuleNames, type LoadedFileSources } from '../src/loaded-modules';
import { FakeInstrumentation } from './helpers/fake-instrumentation';

function sources(commonJs: string[], compiled: string[] | undefined): LoadedFileSources & { compiledReads: number } {
  const s = {
    compiledReads: 0,
    commonJsFiles: () => commonJs,
    compiledScripts: () => {
      s.compiledReads++;
      return compiled;
    },
  };
  return s;
}

describe('patchedModuleNames()', () => {
  it('splits the modules instrumentations patch into built-ins and packages, with who patches each', () => {
    const { builtins, packages } = patchedModuleNames([
      new FakeInstrumentation('i-http', { modules: ['http', 'https'] }),
      new FakeInstrumentation('i-openai', { modules: ['openai'] }),
      new FakeInstrumentation('i-openai-2', { modules: ['openai', '@anthropic-ai/sdk', 'node:fs'] }),
    ]);
    expect(builtins).toEqual(['http', 'https', 'node:fs']);
    expect([...packages]).toEqual([
      ['openai', ['i-openai', 'i-openai-2']],
      ['@anthropic-ai/sdk', ['i-openai-2']],
    ]);
  });

  it('skips an instrumentation without module definitions or whose getModuleDefinitions() throws', () => {
    const throwing = new FakeInstrumentation('t');
    throwing.getModuleDefinitions = () => {
      throw new Error('no');
    };
    const { builtins, packages } = patchedModuleNames([throwing, { ...new FakeInstrumentation('plain'), getModuleDefinitions: undefined }]);
    expect(builtins).toEqual([]);
    expect(packages.size).toBe(0);
  });
});

describe('findLoadedPackages()', () => {
  it('finds a package loaded as an ES module by its file: URL', () => {
    const s = sources([], ['node:internal/x', 'file:///app/node_modules/openai/index.mjs']);
    expect(findLoadedPackages(['openai'], true, s)).toEqual({
      found: [{ name: 'openai', location: 'file:///app/node_modules/openai/index.mjs', format: 'esm' }],
      esmChecked: true,
    });
  });

  it('finds a package loaded through require(), with Windows paths too, and prefers that over the script list', () => {
    const s = sources(['C:\\app\\node_modules\\@anthropic-ai\\sdk\\index.js'], ['file:///C:/app/node_modules/@anthropic-ai/sdk/index.js']);
    expect(findLoadedPackages(['@anthropic-ai/sdk'], true, s).found).toEqual([
      { name: '@anthropic-ai/sdk', location: 'C:\\app\\node_modules\\@anthropic-ai\\sdk\\index.js', format: 'commonjs' },
    ]);
  });

  it('does not take a package whose name only starts with the name, or a path outside node_modules', () => {
    const s = sources(
      ['/app/node_modules/openai-extra/index.js', '/app/src/openai/client.js'],
      ['file:///app/node_modules/openai-streams/index.mjs', '/app/node_modules/openai/plain-path-not-url.js'],
    );
    expect(findLoadedPackages(['openai'], true, s).found).toEqual([]);
  });

  it('reads the script list only when asked to, and says when it could not', () => {
    const notAsked = sources([], ['file:///app/node_modules/openai/index.mjs']);
    expect(findLoadedPackages(['openai'], false, notAsked)).toEqual({ found: [], esmChecked: true });
    expect(notAsked.compiledReads).toBe(0);
    expect(findLoadedPackages(['openai'], true, sources([], undefined))).toEqual({ found: [], esmChecked: false });
    expect(findLoadedPackages([], true, sources([], undefined))).toEqual({ found: [], esmChecked: true });
  });

  it('reads the real script list of this process through the inspector', () => {
    // jest loads its test files itself, so they are compiled scripts but not in require.cache.
    const { found, esmChecked } = findLoadedPackages(['jest-circus'], true);
    expect(esmChecked).toBe(true);
    expect(found[0]).toMatchObject({ name: 'jest-circus' });
  });
});
