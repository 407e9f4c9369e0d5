import { diag } from '@opentelemetry/api';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import { findLoadedPackages, patchedModuleNames, type LoadedFileSources, type LoadedModule } from './loaded-modules';
import type { UserInstrumentation } from './user-instrumentation';

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
 * - Node built-ins they patch (`http`, `https`) are loaded again through require(), which lets
 *   require-in-the-middle patch the one shared exports object in place; `syncBuiltinESMExports()`
 *   then updates the named ES-module bindings (`import { request } from 'node:http'`).
 * - Packages they patch (`openai`, ...) that were already loaded cannot be patched any more: an ES
 *   module that did not pass through the loader hook has an immutable namespace, and a require()d
 *   one was handed to the application before the hook existed. For those one warning names each
 *   package and instrumentation and gives the fix.
 * Returns the packages found loaded too early.
 */
export function applyToEarlyImports(instrumentations: readonly UserInstrumentation[], context: EarlyImportContext): LoadedModule[] {
  const { builtins, packages } = patchedModuleNames(instrumentations);
  const requireModule = context.requireModule ?? require;
  for (const name of builtins) {
    try {
      requireModule(name);
    } catch (error) {
      diag.debug(`agent-otel: loading ${name} again failed`, error);
    }
  }
  if (builtins.length > 0) nodeModule.syncBuiltinESMExports();

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
  const fix = anyEsm || esmEntry
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
