import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';

/** How the OpenTelemetry ES-module hook came to be (or not be) in place. */
export type EsmHookState =
  /** Installed by this call: ES modules imported from now on can be instrumented. */
  | 'installed'
  /** Installed earlier in this process (by the preload or an earlier register()). */
  | 'already-installed'
  /** Another import-in-the-middle loader was given on the command line (`--import`/`--loader`); not installed twice. */
  | 'installed-by-command-line'
  /** This Node has no `module.register` (before 18.19 / 20.6): ES modules cannot be instrumented. */
  | 'unsupported'
  /** `module.register` threw; the error is in {@link EsmHookResult.error}. */
  | 'failed';

/** What {@link installEsmHook} did. */
export interface EsmHookResult {
  state: EsmHookState;
  /** Whether the hook was in place before this call, i.e. modules imported so far went through it. */
  wasInstalledBefore: boolean;
  /** The error of `module.register` when `state` is `failed`. */
  error?: unknown;
}

/** Command-line loaders that are import-in-the-middle (OTel's hook, auto-instrumentations' register). */
const OTHER_LOADERS = ['import-in-the-middle', '@opentelemetry/instrumentation/hook.mjs', '@opentelemetry/auto-instrumentations-node/register'];

/** The OpenTelemetry loader (import-in-the-middle), resolved from this package. */
const HOOK_SPECIFIER = '@opentelemetry/instrumentation/hook.mjs';

/** Shared by every copy of this package in the process, so the loader is registered once. */
const INSTALLED = Symbol.for('agent-otel.node.esm-hook-installed');

type Register = (specifier: string, parentURL: string) => void;

/**
 * Registers the import-in-the-middle loader (`module.register`) that lets instrumentations patch
 * ES modules, once per process. It acts on modules imported after it: ES modules that were
 * already imported (for instance the static imports of the module that calls register()) are not
 * wrapped. Not installed a second time when the command line (`process.execArgv`,
 * NODE_OPTIONS) already loads import-in-the-middle. `moduleApi` (`node:module`) and
 * `commandLine` are injectable for tests.
 */
export function installEsmHook(
  moduleApi: { register?: Register } = nodeModule,
  commandLine: string = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '),
): EsmHookResult {
  const registerHook = moduleApi.register;
  const globals = globalThis as { [INSTALLED]?: boolean };
  if (globals[INSTALLED]) return { state: 'already-installed', wasInstalledBefore: true };
  if (OTHER_LOADERS.some((loader) => commandLine.includes(loader))) {
    globals[INSTALLED] = true;
    return { state: 'installed-by-command-line', wasInstalledBefore: true };
  }
  if (typeof registerHook !== 'function') return { state: 'unsupported', wasInstalledBefore: false };
  try {
    registerHook(HOOK_SPECIFIER, pathToFileURL(__filename).href);
  } catch (error) {
    return { state: 'failed', wasInstalledBefore: false, error };
  }
  globals[INSTALLED] = true;
  return { state: 'installed', wasInstalledBefore: false };
}
