import * as path from 'node:path';
import { installedPackage, type InstalledPackage } from './installed-package';

/**
 * What the OpenTelemetry API's global registry holds before register() touches it. Every copy of
 * `@opentelemetry/api` 1.x shares one registry object on `globalThis`, created by the first copy
 * that registers anything and stamped with that copy's version; the API accepts registrations
 * only from that exact version.
 */
export interface GlobalRegistration {
  /** Version stamped on the registry by the copy of the API that created it (undefined: no registry yet). */
  registryApiVersion: string | undefined;
  /** Version of the copy of `@opentelemetry/api` agent-otel loads. */
  ownApiVersion: string | undefined;
  /** Directory of that copy. */
  ownApiDir: string | undefined;
  /** The copy of `@opentelemetry/api` the application's own code loads (resolved from the working directory). */
  appApi: InstalledPackage | undefined;
  /** A global tracer provider is registered (e.g. by `NodeSDK.start()`). */
  tracerProvider: boolean;
  /** A global context manager is registered. */
  contextManager: boolean;
  /** A global propagator is registered. */
  propagator: boolean;
}

/** The registry key of `@opentelemetry/api` 1.x (`Symbol.for('opentelemetry.js.api.1')`). */
const API_REGISTRY_KEY = Symbol.for('opentelemetry.js.api.1');

type Registry = { version?: unknown; trace?: unknown; context?: unknown; propagation?: unknown };

/** Reads the global registry without changing it (the API itself offers no read-only view). */
export function readGlobalRegistration(appDir: string = process.cwd()): GlobalRegistration {
  const registry = (globalThis as Record<symbol, Registry | undefined>)[API_REGISTRY_KEY];
  const own = installedPackage('@opentelemetry/api');
  return {
    appApi: installedPackage('@opentelemetry/api', path.join(appDir, 'index.js')),
    registryApiVersion: typeof registry?.version === 'string' ? registry.version : undefined,
    ownApiVersion: own?.version,
    ownApiDir: own?.dir,
    tracerProvider: registry?.trace !== undefined,
    contextManager: registry?.context !== undefined,
    propagator: registry?.propagation !== undefined,
  };
}

/**
 * The reason register() must not install anything, or undefined when it can: another copy of the
 * API created the registry (its globals reject ours), or another SDK registered a tracer provider.
 * The message says what happened and what to do.
 */
export function registrationBlocker(g: GlobalRegistration): string | undefined {
  if (g.registryApiVersion !== undefined && g.ownApiVersion !== undefined && g.registryApiVersion !== g.ownApiVersion) {
    return (
      `agent-otel: register() installed nothing: two copies of @opentelemetry/api are loaded. The application's ` +
      `OpenTelemetry globals were created by @opentelemetry/api ${g.registryApiVersion}, agent-otel loads ` +
      `${g.ownApiVersion} from ${g.ownApiDir}, and the API accepts globals from one version only. ` +
      'Install one version of @opentelemetry/api that every package accepts (see `npm ls @opentelemetry/api`, then `npm dedupe`). ' +
      'Tracing set up by the application goes on unchanged.'
    );
  }
  if (g.tracerProvider) {
    return (
      'agent-otel: register() installed nothing: a global tracer provider is already registered (e.g. by NodeSDK.start() ' +
      'or another provider.register()), and OpenTelemetry allows one. Spans keep going to that provider without ' +
      "agent-otel's processors. To add them to your own SDK, pass `spanProcessors: agentOtelSpanProcessors(options)` " +
      "from '@agent-otel/node' to it (e.g. `new NodeSDK({ spanProcessors: agentOtelSpanProcessors() })`) instead of " +
      'calling register(); or call register() alone, before any other SDK.'
    );
  }
  return undefined;
}

/** The note register() logs when it keeps a context manager or propagator another setup registered. */
export function keptGlobalsNote(g: GlobalRegistration): string | undefined {
  const kept = [g.contextManager ? 'context manager' : undefined, g.propagator ? 'propagator' : undefined].filter(Boolean);
  if (kept.length === 0) return undefined;
  return (
    `agent-otel: register() kept the ${kept.join(' and ')} registered before it` +
    (g.propagator ? " (so inbound and outbound headers follow that propagator, not agent-otel's strict W3C one)" : '') +
    "; the tracer provider and the processors are agent-otel's."
  );
}

/**
 * The error register() logs when the application's code loads another copy of `@opentelemetry/api`
 * with another version than agent-otel's: register() still installs tracing through its own copy,
 * but spans made through the application's copy may be dropped (an API copy ignores globals of an
 * older minor version). Undefined when both load the same copy or the same version.
 */
export function apiCopiesNote(g: GlobalRegistration): string | undefined {
  const app = g.appApi;
  if (!app || !g.ownApiDir || app.dir === g.ownApiDir || app.version === g.ownApiVersion) return undefined;
  return (
    `agent-otel: two copies of @opentelemetry/api are installed: ${app.version} at ${app.dir} (the application's) and ` +
    `${g.ownApiVersion} at ${g.ownApiDir} (agent-otel's). Tracing is installed through agent-otel's copy; spans the ` +
    'application makes through its own copy may be dropped. Install one version that every package accepts ' +
    '(see `npm ls @opentelemetry/api`, then `npm dedupe`).'
  );
}
