import * as path from 'node:path';
import { context, diag, DiagConsoleLogger, DiagLogLevel, propagation, trace, type TracerProvider as ApiTracerProvider } from '@opentelemetry/api';
import { ExportIncompleteError } from '@agent-otel/capture';
import { settleWithin } from '@agent-otel/capture/internal';
import { createW3CPropagator } from './propagation/create-w3c-propagator';
import { buildPipeline, DEFAULT_SHUTDOWN_TIMEOUT_MILLIS, type Pipeline } from './build-pipeline';
import { optionsFromEnv, type Environment } from './from-env';
import { reportEnvironmentProblems } from './env-problems';
import { apiCopiesNote, keptGlobalsNote, readGlobalRegistration, registrationBlocker } from './global-registration';
import { ownInstrumentationConflicts } from './instrumentation-conflicts';
import { loadSdk, type SdkModules } from './load-sdk';
import type { LogLevel, RegisterOptions } from './options';
import { installProcessExitHooks } from './process-exit-hooks';
import { resolveOptions } from './resolve-options';
import { instrumentProcess } from './instrument-process';
import { applyLaterOptions, type RunningRegistration } from './merge-preload-options';
import { serviceDirName, serviceResource } from './service-resource';

/** The tracer provider register() registers: the API's TracerProvider that can also be flushed and shut down. */
export interface AgentOtelTracerProvider extends ApiTracerProvider {
  /** Exports everything the provider's processors hold. */
  forceFlush(): Promise<void>;
  /** Flushes and shuts every processor down. */
  shutdown(): Promise<void>;
}

/** What register() returns: the provider and the calls that drain it. */
export interface AgentOtelHandle {
  /**
   * The registered tracer provider: `TracerProvider` of `@opentelemetry/sdk-trace` of the
   * application's OTel line (2.x or 3.x). Undefined when disabled, or when register() found another
   * setup registered first and installed nothing (see `notRegisteredReason`).
   */
  readonly provider: AgentOtelTracerProvider | undefined;
  /** Why register() installed nothing although it was not disabled (another SDK or another copy of the API came first). */
  readonly notRegisteredReason?: string;
  /** The options in force after merging code options over the environment. */
  readonly options: RegisterOptions;
  /** The processors register() built (ring buffer, WAL), e.g. to read their stats(). */
  readonly pipeline: Pipeline | undefined;
  /**
   * Exports everything buffered so far; rejects with the first processor's error (an
   * `ExportIncompleteError` for ours) when not everything was delivered.
   */
  forceFlush(): Promise<void>;
  /**
   * Flushes, stops the instrumentations and shuts the pipeline down, all within
   * `shutdownTimeoutMillis`. Resolves when every span was delivered or is kept in the WAL; rejects
   * with an `ExportIncompleteError` naming the sampled spans dropped otherwise. While pending it
   * keeps the process alive. Idempotent.
   */
  shutdown(): Promise<void>;
}

let registered: AgentOtelHandle | undefined;
let running: RunningRegistration | undefined;

/**
 * Sets up tracing for a Node service in one call: resource, the `TracerProvider` of the
 * application's `@opentelemetry/sdk-trace` (OTel JS 2.x or 3.x) with AsyncLocalStorage context, W3C
 * TraceContext + Baggage propagators, http and undici/fetch instrumentations (each only where no
 * instrumentation of the same module already runs) and the application's own (`instrumentations`),
 * the GenAI span processor and the export pipeline, all from `options` and the standard OTEL_*
 * environment variables (options win). Throws one {@link InvalidOptionError} naming the option
 * when an option is invalid. When another SDK registered a tracer provider first, or another copy
 * of `@opentelemetry/api` created the globals, it installs nothing, prints one error saying why and
 * what to do, and returns a handle with `provider: undefined` and `notRegisteredReason`. A later
 * call returns the first handle, applying the options that can change on a running provider and
 * warning about the others ({@link applyLaterOptions}).
 */
export function register(options: RegisterOptions = {}, env: Environment = process.env): AgentOtelHandle {
  if (registered) {
    if (running) applyLaterOptions(running, options, resolveOptions(options, optionsFromEnv(env)));
    else diag.warn('agent-otel: register() was already called and installed nothing (tracing disabled, or another setup came first); returning the existing handle');
    return registered;
  }
  const fromEnv = optionsFromEnv(env);
  const resolved = resolveOptions(options, fromEnv);
  if (resolved.disabled) {
    registered = { provider: undefined, options: resolved, pipeline: undefined, forceFlush: async () => {}, shutdown: async () => {} };
    return registered;
  }
  setDiagLogger(resolved.logLevel ?? 'warn');
  // The environment was read before any logger existed: what it could not use is printed now, once.
  reportEnvironmentProblems(fromEnv.problems);

  const globals = readGlobalRegistration();
  const sdk = loadSdk();
  const blocker = registrationBlocker(globals) ?? ('missingMessage' in sdk ? sdk.missingMessage : undefined);
  if (blocker !== undefined || !('modules' in sdk)) {
    const reason = blocker ?? 'agent-otel: register() installed nothing';
    // The API's diag may be wired to another copy of the API, so this one message goes to stderr.
    if (resolved.logLevel !== 'none') console.error(reason);
    registered = { provider: undefined, notRegisteredReason: reason, options: resolved, pipeline: undefined, forceFlush: async () => {}, shutdown: async () => {} };
    return registered;
  }
  const pipeline = buildPipeline(resolved, path.join(fromEnv.walBaseDir, serviceDirName(resolved)));
  const { sdkTrace, resources, contextAsyncHooks } = sdk.modules;
  const provider = new sdkTrace.TracerProvider({
    resource: serviceResource(resources, resolved),
    spanProcessors: pipeline.processors,
    // Value lengths are limited by the GenAI processor, which marks what it truncates; the SDK's
    // own limit (read from OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT) would cut silently before it runs.
    spanLimits: { attributeValueLengthLimit: Infinity },
  });
  registerGlobals(provider, new contextAsyncHooks.AsyncLocalStorageContextManager(), globals);

  const started = instrumentProcess(resolved, provider, setDiagLogger, (given) => ownInstrumentationConflicts(given));
  running = started;

  const shutdownTimeoutMillis = resolved.shutdownTimeoutMillis ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;
  let shutdownPromise: Promise<void> | undefined;
  let removeExitHooks = () => {};
  const shutdownAll = async (): Promise<void> => {
    removeExitHooks();
    started.instrumentations.disableAll();
    let first: unknown;
    // The provider shuts the whole chain down, the separate WAL sender included, within the budget.
    await provider.shutdown().catch((err: unknown) => (first = err));
    if (first !== undefined) throw firstError(first);
  };
  const handle: AgentOtelHandle = {
    provider,
    options: resolved,
    pipeline,
    forceFlush: () => provider.forceFlush().catch((err: unknown) => Promise.reject(firstError(err))),
    shutdown: () => {
      if (shutdownPromise) return shutdownPromise;
      const failedBefore = pipeline.ringBuffer?.stats().failedExport ?? 0;
      const timedOut = () => shutdownTimedOut(pipeline, shutdownTimeoutMillis, failedBefore);
      shutdownPromise = settleWithin(shutdownAll(), shutdownTimeoutMillis, timedOut).catch((err: unknown) => {
        // Records kept in the WAL are not lost: a deadline that cost nothing else is no failure.
        if (err instanceof ExportIncompleteError && err.component === 'register()' && err.dropped === 0) return;
        throw err;
      });
      return shutdownPromise;
    },
  };
  if (resolved.handleProcessExit !== false) {
    removeExitHooks = installProcessExitHooks(handle.shutdown, shutdownTimeoutMillis);
  }
  registered = handle;
  return handle;
}

/** The SDK's provider rejects forceFlush() with an array of every processor's error: keep the first. */
function firstError(err: unknown): unknown {
  return Array.isArray(err) && err.length > 0 ? err[0] : err;
}

/** What a shutdown that ran out of time leaves behind, as the pipeline counts it. */
function shutdownTimedOut(pipeline: Pipeline, timeoutMs: number, failedBefore: number): ExportIncompleteError {
  const ring = pipeline.ringBuffer?.stats();
  return new ExportIncompleteError('register()', 'shutdown', {
    dropped: ring ? ring.failedExport - failedBefore + ring.buffered + ring.spansInFlight : 0,
    pending: 0,
    kept: pipeline.wal?.stats().pending ?? 0,
    timedOut: true,
    timeoutMs,
  });
}

/**
 * Registers the provider, AsyncLocalStorage context and the W3C propagator through the API — the
 * same calls on both OTel lines (3.x providers have no `register()`). A context manager or
 * propagator the application registered earlier is kept, and said so once.
 */
function registerGlobals(
  provider: InstanceType<SdkModules['sdkTrace']['TracerProvider']>,
  contextManager: InstanceType<SdkModules['contextAsyncHooks']['AsyncLocalStorageContextManager']>,
  before: ReturnType<typeof readGlobalRegistration>,
): void {
  if (!before.contextManager) context.setGlobalContextManager(contextManager.enable());
  if (!before.propagator) propagation.setGlobalPropagator(createW3CPropagator());
  trace.setGlobalTracerProvider(provider);
  const note = keptGlobalsNote(before);
  if (note) diag.warn(note);
  const copies = apiCopiesNote(before);
  if (copies) diag.error(copies);
}

/** Prints diagnostics at `level` unless the application installed its own diag logger first. */
function setDiagLogger(level: LogLevel): void {
  if (level === 'none') return;
  const levels: Record<Exclude<LogLevel, 'none'>, DiagLogLevel> = {
    error: DiagLogLevel.ERROR,
    warn: DiagLogLevel.WARN,
    info: DiagLogLevel.INFO,
    debug: DiagLogLevel.DEBUG,
    verbose: DiagLogLevel.VERBOSE,
    all: DiagLogLevel.ALL,
  };
  diag.setLogger(new DiagConsoleLogger(), { logLevel: levels[level], suppressOverrideMessage: true });
}
