import { isBuiltin } from 'node:module';
import type { UserInstrumentation } from './user-instrumentation';

/** A package an instrumentation patches, found loaded already. */
export interface LoadedModule {
  /** Package name as the instrumentation names it, e.g. `openai`. */
  name: string;
  /** One file of it that is loaded (a path, or a `file:` URL for an ES module). */
  location: string;
  /** `esm` when loaded as an ES module, `commonjs` when through require(). */
  format: 'esm' | 'commonjs';
}

/** Where the lists of loaded files come from; injectable for tests. */
export interface LoadedFileSources {
  /** Files loaded through require() (the keys of `require.cache`). */
  commonJsFiles(): readonly string[];
  /**
   * Every script V8 has compiled, ES modules included (their `file:` URLs); undefined when it
   * cannot be read (Node built without the inspector).
   */
  compiledScripts(): readonly string[] | undefined;
}

/** The modules instrumentations patch: Node built-ins, and packages with the instrumentations of each. */
export interface PatchedModules {
  builtins: string[];
  /** Package name → `instrumentationName` of each instrumentation that patches it. */
  packages: Map<string, string[]>;
}

/** Module names the instrumentations patch (from `getModuleDefinitions()`), split into built-ins and packages. */
export function patchedModuleNames(instrumentations: readonly UserInstrumentation[]): PatchedModules {
  const builtins = new Set<string>();
  const packages = new Map<string, string[]>();
  for (const instrumentation of instrumentations) {
    let definitions: ReadonlyArray<{ readonly name: string }> = [];
    try {
      definitions = instrumentation.getModuleDefinitions?.() ?? [];
    } catch {
      // An instrumentation that cannot list its modules is not checked.
    }
    for (const { name } of definitions) {
      if (typeof name !== 'string' || name.length === 0) continue;
      if (isBuiltin(name)) {
        builtins.add(name);
      } else {
        const by = packages.get(name) ?? [];
        if (!by.includes(instrumentation.instrumentationName)) by.push(instrumentation.instrumentationName);
        packages.set(name, by);
      }
    }
  }
  return { builtins: [...builtins], packages };
}

/**
 * Which of the packages `names` are loaded already, as ES modules or through require(). A package
 * counts as loaded when a file under `node_modules/<name>/` is. Compiled scripts are read only
 * when `includeEsm` is true (it costs a pass over every script, tens of ms in a large app);
 * `esmChecked` is false when they could not be read.
 */
export function findLoadedPackages(names: readonly string[], includeEsm: boolean, sources: LoadedFileSources = defaultSources): { found: LoadedModule[]; esmChecked: boolean } {
  if (names.length === 0) return { found: [], esmChecked: true };
  const commonJs = sources.commonJsFiles();
  const compiled = includeEsm ? sources.compiledScripts() : [];
  const found: LoadedModule[] = [];
  for (const name of names) {
    const marker = `/node_modules/${name}/`;
    const cjs = commonJs.find((f) => toSlashes(f).includes(marker));
    if (cjs !== undefined) {
      found.push({ name, location: cjs, format: 'commonjs' });
      continue;
    }
    const esm = compiled?.find((u) => u.startsWith('file:') && toSlashes(u).includes(marker));
    if (esm !== undefined) found.push({ name, location: esm, format: 'esm' });
  }
  return { found, esmChecked: compiled !== undefined };
}

function toSlashes(p: string): string {
  return p.replace(/\\/g, '/');
}

const defaultSources: LoadedFileSources = {
  commonJsFiles: () => Object.keys(require.cache),
  compiledScripts: readCompiledScriptUrls,
};

/**
 * The URLs of every script compiled so far, from a short in-process inspector session: enabling
 * the Debugger domain makes V8 report each script it holds, synchronously, on the main thread.
 * The session is closed before returning; nothing is left enabled.
 */
function readCompiledScriptUrls(): string[] | undefined {
  let inspector: typeof import('node:inspector');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    inspector = require('node:inspector') as typeof import('node:inspector');
  } catch {
    return undefined;
  }
  const session = new inspector.Session();
  const urls: string[] = [];
  let answered = false;
  try {
    session.connect();
    session.on('Debugger.scriptParsed', (message) => {
      const url = (message.params as { url?: unknown }).url;
      if (typeof url === 'string' && url.length > 0) urls.push(url);
    });
    session.post('Debugger.enable', (error) => {
      answered = error === null || error === undefined;
    });
    session.post('Debugger.disable');
  } catch {
    return undefined;
  } finally {
    try {
      session.disconnect();
    } catch {
      // already closed
    }
  }
  return answered ? urls : undefined;
}
