import { diag, type TracerProvider } from '@opentelemetry/api';
import { describeValue, findInvalidInstrumentationEntry, isInstrumentation } from './instrumentation-options';
import { missingInstrumentationMessage } from './load-sdk';
import type { InstrumentationOptions } from './options';
import { OTEL_PEERS, tryRequirePeer } from './otel-peers';
import { InvalidOptionError } from './resolve-options';
import type { InstrumentationEntry, UserInstrumentation } from './user-instrumentation';

/** The instrumentations register() runs, ours and the application's, on one provider. */
export interface RunningInstrumentations {
  /** Every instrumentation enabled so far, in the order it was enabled. */
  readonly enabled: readonly UserInstrumentation[];
  /**
   * Constructs (for factory entries) and enables `entries` on the provider, skipping those
   * already running (the same object, or one of the same `instrumentationName`). Returns the ones
   * it enabled. A factory or `enable()` that throws is reported and left out.
   */
  add(entries: readonly InstrumentationEntry[], option?: string): UserInstrumentation[];
  /** Disables the running instrumentation named `instrumentationName`; false when none runs. */
  disable(instrumentationName: string): boolean;
  /** Disables every instrumentation (at shutdown). */
  disableAll(): void;
}

/** `instrumentationName` of the instrumentations register() enables by default. */
export const BUILT_IN_INSTRUMENTATIONS = {
  http: '@opentelemetry/instrumentation-http',
  undici: '@opentelemetry/instrumentation-undici',
} as const;

/**
 * Enables the application's instrumentations (`options.additional`) and then ours (http,
 * undici/fetch, unless turned off) on `provider`. Ours are left out where the application passed
 * an instrumentation of the same name, so no module is patched twice. Throws
 * {@link InvalidOptionError} for an entry that is not an instrumentation or a function.
 */
export function startInstrumentations(
  options: InstrumentationOptions | undefined,
  provider: TracerProvider,
  builtInConflicts: BuiltInConflicts = () => ({}),
): RunningInstrumentations {
  const running = createRunningInstrumentations(provider);
  running.add(options?.additional ?? [], 'instrumentations.additional');
  const conflicts = builtInConflicts(running.enabled);
  for (const kind of ['http', 'undici'] as const) {
    if (options?.[kind] === false) continue;
    const reason = conflicts[kind];
    if (reason) diag.info(`agent-otel: register() did not enable its ${kind} instrumentation: ${reason}, so each request gets one span`);
    else setBuiltInInstrumentation(running, kind, true);
  }
  return running;
}

/**
 * Why a built-in instrumentation must stay off although enabled by the options (another
 * instrumentation of that module already runs), given the application's instrumentations just
 * enabled; a kind without a reason is enabled. One of the same `instrumentationName` in the
 * application's list is always skipped, whatever this says.
 */
export type BuiltInConflicts = (applicationInstrumentations: readonly UserInstrumentation[]) => Partial<Record<keyof typeof BUILT_IN_INSTRUMENTATIONS, string>>;

/**
 * Turns one of register()'s own instrumentations on or off. Turning one on does nothing when an
 * instrumentation of its name already runs (the application's own, say). Returns the
 * instrumentation it enabled, if any.
 */
export function setBuiltInInstrumentation(running: RunningInstrumentations, kind: keyof typeof BUILT_IN_INSTRUMENTATIONS, on: boolean): UserInstrumentation | undefined {
  const name = BUILT_IN_INSTRUMENTATIONS[kind];
  if (!on) {
    running.disable(name);
    return undefined;
  }
  if (running.enabled.some((i) => i.instrumentationName === name)) return undefined;
  const construct = loadBuiltIn(kind);
  return construct ? running.add([construct], `instrumentations.${kind}`)[0] : undefined;
}

/**
 * The constructor of a built-in instrumentation from the application's installation (an optional
 * peer); undefined, with one `diag` error naming the package and its install command, when it is
 * not installed.
 */
function loadBuiltIn(kind: keyof typeof BUILT_IN_INSTRUMENTATIONS): (() => UserInstrumentation) | undefined {
  if (kind === 'http') {
    const http = tryRequirePeer<typeof import('@opentelemetry/instrumentation-http')>(OTEL_PEERS.instrumentationHttp);
    if (http) return () => new http.HttpInstrumentation();
    diag.error(missingInstrumentationMessage(OTEL_PEERS.instrumentationHttp, 'node:http / node:https'));
    return undefined;
  }
  const undici = tryRequirePeer<typeof import('@opentelemetry/instrumentation-undici')>(OTEL_PEERS.instrumentationUndici);
  if (undici) return () => new undici.UndiciInstrumentation();
  diag.error(missingInstrumentationMessage(OTEL_PEERS.instrumentationUndici, 'fetch() / undici'));
  return undefined;
}

function createRunningInstrumentations(provider: TracerProvider): RunningInstrumentations {
  const enabled: UserInstrumentation[] = [];
  return {
    enabled,
    add(entries, option = 'instrumentations.additional') {
      validateEntries(entries, option);
      const added: UserInstrumentation[] = [];
      entries.forEach((entry, index) => {
        const label = describeEntry(entry, `${option}[${index}]`);
        const instrumentation = construct(entry, label);
        if (instrumentation === undefined) return;
        if (enabled.includes(instrumentation)) return;
        if (enabled.some((i) => i.instrumentationName === instrumentation.instrumentationName)) {
          // A second instance would patch the same module again and double every span.
          diag.warn(`agent-otel: ${label}: an instrumentation of that name already runs; this second one is disabled`);
          disableQuietly(instrumentation);
          return;
        }
        if (enableOn(instrumentation, provider, typeof entry === 'function' ? `${label}, ${instrumentation.instrumentationName}` : label)) {
          enabled.push(instrumentation);
          added.push(instrumentation);
        }
      });
      return added;
    },
    disable(instrumentationName) {
      const index = enabled.findIndex((i) => i.instrumentationName === instrumentationName);
      const instrumentation = enabled[index];
      if (instrumentation === undefined) return false;
      enabled.splice(index, 1);
      disableQuietly(instrumentation);
      return true;
    },
    disableAll() {
      for (const instrumentation of enabled.splice(0)) disableQuietly(instrumentation);
    },
  };
}

function validateEntries(entries: readonly InstrumentationEntry[], option: string): void {
  const bad = findInvalidInstrumentationEntry(entries, option);
  if (bad) throw new InvalidOptionError(bad.option, bad.detail);
}

/** Runs a factory entry; reports and returns undefined when it throws or returns no instrumentation. */
function construct(entry: InstrumentationEntry, label: string): UserInstrumentation | undefined {
  if (typeof entry !== 'function') return entry;
  let made: unknown;
  try {
    made = entry();
  } catch (error) {
    reportLeftOut(label, 'threw while being constructed', error);
    return undefined;
  }
  if (!isInstrumentation(made)) {
    reportLeftOut(label, `returned ${describeValue(made)}, not an instrumentation`);
    return undefined;
  }
  return made;
}

/** As registerInstrumentations() does: set the provider, then enable unless it enabled itself. */
function enableOn(instrumentation: UserInstrumentation, provider: TracerProvider, label: string): boolean {
  try {
    instrumentation.setTracerProvider(provider);
    if (instrumentation.getConfig?.().enabled === false) instrumentation.enable();
    return true;
  } catch (error) {
    reportLeftOut(label, 'threw while being enabled', error);
    disableQuietly(instrumentation);
    return false;
  }
}

function disableQuietly(instrumentation: UserInstrumentation): void {
  try {
    instrumentation.disable();
  } catch (error) {
    diag.debug(`agent-otel: ${instrumentation.instrumentationName}.disable() threw`, error);
  }
}

function reportLeftOut(label: string, what: string, error?: unknown): void {
  const cause = error === undefined ? '' : `: ${error instanceof Error ? error.message : String(error)}`;
  diag.error(`agent-otel: instrumentation ${label} ${what}${cause}; it is left out, tracing goes on without it`);
}

function describeEntry(entry: InstrumentationEntry, position: string): string {
  if (typeof entry !== 'function') return `${position} (${entry.instrumentationName})`;
  const source = Function.prototype.toString.call(entry).replace(/\s+/g, ' ');
  return `${position} (${source.length > 80 ? source.slice(0, 77) + '...' : source})`;
}
