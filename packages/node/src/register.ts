import * as path from 'node:path';
import { diag, DiagConsoleLogger, DiagLogLevel, type Attributes } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { ATTR_DEPLOYMENT_ENVIRONMENT_NAME } from '@opentelemetry/semantic-conventions/incubating';
import { createW3CPropagator } from './propagation/create-w3c-propagator';
import { buildPipeline, type Pipeline } from './build-pipeline';
import { optionsFromEnv, type Environment } from './from-env';
import { reportEnvironmentProblems } from './env-problems';
import type { LogLevel, RegisterOptions } from './options';
import { installProcessExitHooks } from './process-exit-hooks';
import { resolveOptions } from './resolve-options';

/** What register() returns: the provider and the calls that drain it. */
export interface AgentOtelHandle {
  /** The registered tracer provider (undefined when disabled). */
  readonly provider: NodeTracerProvider | undefined;
  /** The options in force after merging code options over the environment. */
  readonly options: RegisterOptions;
  /** The processors register() built (ring buffer, WAL), e.g. to read their stats(). */
  readonly pipeline: Pipeline | undefined;
  /** Exports everything buffered so far. */
  forceFlush(): Promise<void>;
  /** Flushes, stops the instrumentations and shuts the pipeline down. Idempotent. */
  shutdown(): Promise<void>;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 5000;

let registered: AgentOtelHandle | undefined;

/**
 * Sets up tracing for a Node service in one call: resource, NodeTracerProvider with
 * AsyncLocalStorage context, W3C TraceContext + Baggage propagators, http and undici/fetch
 * instrumentations, the GenAI span processor and the export pipeline, all from `options` and the
 * standard OTEL_* environment variables (options win). Throws one {@link InvalidOptionError}
 * naming the option when an option is invalid. A second call returns the first handle.
 */
export function register(options: RegisterOptions = {}, env: Environment = process.env): AgentOtelHandle {
  if (registered) {
    diag.warn('agent-otel: register() was already called; returning the existing handle');
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

  const resource = defaultResource().merge(resourceFromAttributes(resourceAttributes(resolved)));
  const serviceName = String(resource.attributes[ATTR_SERVICE_NAME] ?? 'unknown_service');
  const pipeline = buildPipeline(resolved, path.join(fromEnv.walBaseDir, safeDirName(serviceName)));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: pipeline.processors,
    // Value lengths are limited by the GenAI processor, which marks what it truncates; the SDK's
    // own limit (read from OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT) would cut silently before it runs.
    spanLimits: { attributeValueLengthLimit: Infinity },
  });
  provider.register({ propagator: createW3CPropagator() });

  const instrumentations: Instrumentation[] = [];
  if (resolved.instrumentations?.http !== false) instrumentations.push(new HttpInstrumentation());
  if (resolved.instrumentations?.undici !== false) instrumentations.push(new UndiciInstrumentation());
  const unregisterInstrumentations = registerInstrumentations({ instrumentations, tracerProvider: provider });

  let shutdownPromise: Promise<void> | undefined;
  let removeExitHooks = () => {};
  const handle: AgentOtelHandle = {
    provider,
    options: resolved,
    pipeline,
    forceFlush: () => provider.forceFlush(),
    shutdown: () =>
      (shutdownPromise ??= (async () => {
        removeExitHooks();
        unregisterInstrumentations();
        await provider.shutdown();
        await pipeline.walSender?.shutdown();
      })()),
  };
  if (resolved.handleProcessExit !== false) {
    removeExitHooks = installProcessExitHooks(handle.shutdown, resolved.shutdownTimeoutMillis ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS);
  }
  registered = handle;
  return handle;
}

function resourceAttributes(o: RegisterOptions): Attributes {
  const attributes: Attributes = { ...o.resourceAttributes };
  if (o.serviceName !== undefined) attributes[ATTR_SERVICE_NAME] = o.serviceName;
  if (o.serviceVersion !== undefined) attributes[ATTR_SERVICE_VERSION] = o.serviceVersion;
  if (o.environment !== undefined) attributes[ATTR_DEPLOYMENT_ENVIRONMENT_NAME] = o.environment;
  return attributes;
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

/** A service name made safe as one directory name. */
function safeDirName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'unknown_service';
}
