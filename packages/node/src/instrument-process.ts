import { diag, type TracerProvider } from '@opentelemetry/api';
import { isMainThread } from 'node:worker_threads';
import { applyToEarlyImports } from './early-imports';
import { installEsmHook, type EsmHookResult } from './esm-hook';
import type { RunningRegistration } from './merge-preload-options';
import type { LogLevel, ResolvedOptions } from './options';
import { startInstrumentations, type BuiltInConflicts } from './start-instrumentations';
import type { UserInstrumentation } from './user-instrumentation';

let startedByPreload = false;

/** Called by the preload before its register(), so messages can say who started tracing. */
export function noteStartedByPreload(): void {
  startedByPreload = true;
}

/**
 * The module-loading side of register(): installs the ES-module hook when the process runs an ES
 * module entry (so modules imported from now on can be patched), enables the instrumentations on
 * `provider` (the built-in ones unless `builtInConflicts` gives a reason), applies them to what was loaded already where possible and warns once about what
 * was not (see {@link applyToEarlyImports}). A CommonJS entry gets no loader hook: require()
 * is hooked without one.
 */
export function instrumentProcess(
  options: ResolvedOptions,
  provider: TracerProvider,
  setLogLevel: (level: LogLevel) => void,
  builtInConflicts?: BuiltInConflicts,
): RunningRegistration {
  const hook = esmEntry() ? installEsmHook() : ({ state: 'unsupported', wasInstalledBefore: false } satisfies EsmHookResult);
  if (hook.state === 'failed') {
    diag.warn('agent-otel: the ES-module instrumentation hook could not be installed; ES modules other than node: built-ins are not instrumented', hook.error);
  }
  const instrumentations = startInstrumentations(options.instrumentations, provider, builtInConflicts);
  const checkEarlyImports = (added: readonly UserInstrumentation[]) => {
    applyToEarlyImports(added, { hookWasInstalledBefore: hook.wasInstalledBefore });
  };
  checkEarlyImports(instrumentations.enabled);
  return {
    options,
    startedBy: startedByPreload ? 'preload' : 'code',
    instrumentations,
    setLogLevel,
    checkEarlyImports,
  };
}

/** Whether the main module is an ES module: a CommonJS entry is `require.main`. Main thread only. */
function esmEntry(): boolean {
  return isMainThread && require.main === undefined;
}
