import { diag } from '@opentelemetry/api';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import { findLoadedPackages, patchedModuleNames, type LoadedFileSources, type LoadedModule } from './loaded-modules';
import type { ModuleDefinition, UserInstrumentation } from './user-instrumentation';

/** What the check knows about the process; every field is injectable for tests. */
export interface EarlyImportContext {
  /** Whether the ES-module hook was in place before register() (the `--import` preload). */
  hookWasInstalledBefore: boolean;
  /** Whether the main module is an ES module (it is not a require() module). Default: `require.main === undefined`. */
  esmEntry?: boolean;
  /** The entry script as given to node. Default `process.argv[1]`. */
  entryScript?: string;
  /** Loads a module through require(), so require-in-the-middle sees it. Default: this module's require. */
  requireModule?: (name: string) => unknown;
  /** Lists of loaded files. */
  sources?: LoadedFileSources;
  /** Reports the problem. Default: `diag.warn`. */
  warn?: (message: string) => void;
}

let warned = false;

/**
 * Makes instrumentations enabled after the application's imports take effect where they can,
 * and says once what cannot:
 * - Node built-ins they patch (`http`, `https`) are patched in place on the one shared exports
 *   object (see patchLoadedBuiltins), which `import http from 'node:http'` also is;
 *   `syncBuiltinESMExports()` then updates the named bindings (`import { request } from 'node:http'`).
 * - Packages they patch (`openai`, ...) that were already loaded cannot be patched any more: an ES
 *   module that did not pass through the loader hook has an immutable namespace, and a require()d
 *   one was handed to the application before the hook existed. For those one warning names each
 *   package and instrumentation and gives the fix.
 * Returns the packages found loaded too early.
 */
export function applyToEarlyImports(instrumentations: readonly UserInstrumentation[], context: EarlyImportContext): LoadedModule[] {
  const { builtins, packages } = patchedModuleNames(instrumentations);
  patchLoadedBuiltins(instrumentations, builtins, context.requireModule ?? require);

  if (context.hookWasInstalledBefore || packages.size === 0) return [];
  const esmEntry = context.esmEntry ?? require.main === undefined;
  const { found, esmChecked } = findLoadedPackages([...packages.keys()], esmEntry, context.sources);
  const warn = context.warn ?? ((m: string) => diag.warn(m));
  if (!warned && (found.length > 0 || !esmChecked)) {
    warned = true;
    const entry = context.entryScript ?? process.argv[1];
    warn(found.length > 0 ? describeEarly(found, packages, entry, esmEntry) : describeUnchecked([...packages.keys()], entry));
  }
  return found;
}

/**
 * Loads each built-in again through require(), so require-in-the-middle runs the instrumentations'
 * hooks on it. require-in-the-middle remembers what it handed out, though: a built-in required
 * since its first hook was installed (by any instrumentation constructed earlier) comes back from
 * its cache without the new hooks running. For a definition still unpatched after that, the
 * instrumentation's own `patch()` is applied to the shared exports object and recorded in its
 * `moduleExports`, as its require hook would have done, so `disable()` unpatches it. Then
 * `syncBuiltinESMExports()` updates the named ES-module bindings.
 */
function patchLoadedBuiltins(instrumentations: readonly UserInstrumentation[], builtins: string[], requireModule: (name: string) => unknown): void {
  if (builtins.length === 0) return;
  for (const name of builtins) {
    try {
      requireModule(name);
    } catch (error) {
      diag.debug(`agent-otel: loading ${name} again failed`, error);
    }
  }
  for (const instrumentation of instrumentations) {
    for (const definition of moduleDefinitions(instrumentation)) {
      if (!builtins.includes(definition.name) || definition.moduleExports !== undefined || typeof definition.patch !== 'function') continue;
      try {
        const exports = requireModule(definition.name);
        definition.moduleExports = exports;
        definition.patch(exports as never);
      } catch (error) {
        diag.warn(`agent-otel: ${instrumentation.instrumentationName} could not patch ${definition.name}, which was loaded before it`, error);
      }
    }
  }
  nodeModule.syncBuiltinESMExports();
}

/**
 * The definitions an `InstrumentationBase` keeps and patches with (`_modules`: its
 * `enable()`/`disable()` read their `moduleExports`). `getModuleDefinitions()` builds new ones on
 * each call, so recording a patch there would leave `disable()` unable to undo it. An
 * instrumentation without that list is only loaded again, never patched directly.
 */
function moduleDefinitions(instrumentation: UserInstrumentation): ReadonlyArray<ModuleDefinition> {
  const own = (instrumentation as { _modules?: unknown })._modules;
  return Array.isArray(own) ? (own as ModuleDefinition[]) : [];
}

/** Lets a test see the one warning again. */
export function resetEarlyImportWarning(): void {
  warned = false;
}

function describeEarly(found: LoadedModule[], packages: Map<string, string[]>, entryScript: string | undefined, esmEntry: boolean): string {
  const list = found.map((m) => `${m.name} (${m.format === 'esm' ? 'imported as an ES module' : 'require()d'} from ${m.location}; ${packages.get(m.name)!.join(', ')})`).join('; ');
  const anyEsm = found.some((m) => m.format === 'esm');
  const why = anyEsm
    ? 'the static imports of an ES module run before any of its code, register() included'
    : 'they were required before register() installed the instrumentation hooks';
  const fix =
    anyEsm || esmEntry
      ? `start the app with \`${preloadCommand('--import', entryScript)}\` (options from OTEL_* variables; an in-code register() may still add instrumentations), or load these packages with \`await import()\` after register()`
      : `call register() before anything requires them (first line of the entry module), or start the app with \`${preloadCommand('--require', entryScript)}\``;
  return `agent-otel: loaded before register(), so they are not instrumented and make no spans: ${list}. Why: ${why}. Fix: ${fix}.`;
}

function describeUnchecked(names: string[], entryScript: string | undefined): string {
  return (
    `agent-otel: this Node cannot list the ES modules loaded so far, so agent-otel cannot tell whether ${names.join(', ')} ` +
    `were imported before register(); any that were are not instrumented. ` +
    `Start the app with \`${preloadCommand('--import', entryScript)}\` to be sure.`
  );
}

function preloadCommand(flag: '--import' | '--require', entryScript: string | undefined): string {
  const script = entryScript ? path.relative(process.cwd(), entryScript) || entryScript : flag === '--import' ? 'app.mjs' : 'app.js';
  return `node ${flag} @agent-otel/node/register ${script}`;
}
