import { diag } from '@opentelemetry/api';
import { isDeepStrictEqual } from 'node:util';
import { asInstrumentationOptions } from './instrumentation-options';
import type { LogLevel, RegisterOptions, ResolvedOptions } from './options';
import { setBuiltInInstrumentation, type RunningInstrumentations } from './start-instrumentations';
import type { UserInstrumentation } from './user-instrumentation';

/** What a running registration lets a later register() call change. */
export interface RunningRegistration {
  /** Options in force since the first call. */
  readonly options: ResolvedOptions;
  /** Who made the first call. */
  readonly startedBy: 'preload' | 'code';
  /** The instrumentations running on the provider. */
  readonly instrumentations: RunningInstrumentations;
  /** Sets the level of the console diag logger. */
  setLogLevel(level: LogLevel): void;
  /** Runs the early-import check for instrumentations enabled late. */
  checkEarlyImports(added: readonly UserInstrumentation[]): void;
}

/** What a later call did with its options. */
export interface LaterOptionsOutcome {
  /** Option paths applied to the running registration. */
  applied: string[];
  /** Option paths that differ from the ones in force and cannot change after start. */
  notApplied: string[];
}

/** Options a later call can apply: they add to or switch what runs, without rebuilding the provider. */
const APPLICABLE = new Set(['instrumentations.additional', 'instrumentations.http', 'instrumentations.undici', 'logLevel']);

/** Options whose values are never printed (credentials, keys). */
const SECRET = /^exporter\.(headers|tls)|encryptionKey/;

/** Where to set the common options for the preload instead. */
const ENVIRONMENT_HINTS: [prefix: string, hint: string][] = [
  ['serviceName', 'OTEL_SERVICE_NAME'],
  ['serviceVersion', 'OTEL_RESOURCE_ATTRIBUTES=service.version=...'],
  ['environment', 'OTEL_RESOURCE_ATTRIBUTES=deployment.environment.name=...'],
  ['resourceAttributes', 'OTEL_RESOURCE_ATTRIBUTES'],
  ['exporter.type', 'OTEL_TRACES_EXPORTER'],
  ['exporter.endpoint', 'OTEL_EXPORTER_OTLP_ENDPOINT'],
  ['exporter.headers', 'OTEL_EXPORTER_OTLP_HEADERS'],
  ['exporter.protocol', 'OTEL_EXPORTER_OTLP_PROTOCOL'],
  ['genai.agentName', 'AGENT_OTEL_AGENT_NAME'],
  ['genai.agentVersion', 'AGENT_OTEL_AGENT_VERSION'],
  ['capture.defaultMode', 'AGENT_OTEL_CAPTURE_MODE'],
  ['capture.rules', 'AGENT_OTEL_CAPTURE_RULES'],
  ['capture.wal', 'AGENT_OTEL_WAL_*'],
  ['disabled', 'OTEL_SDK_DISABLED'],
];

/**
 * A register() call after the first (typically in-code options beside the `--require`/`--import`
 * preload): applies what can change on a running provider — more instrumentations, the built-in
 * instrumentations on or off, the log level — and names, in one `diag` warning, every option that
 * differs from the one in force and cannot change after start (resource, exporter, processors,
 * capture, GenAI options), with the environment variable to set instead. Options equal to the ones
 * in force are accepted silently. `later` are the call's options resolved like the first call's.
 */
export function applyLaterOptions(running: RunningRegistration, given: RegisterOptions, later: ResolvedOptions): LaterOptionsOutcome {
  const outcome: LaterOptionsOutcome = { applied: [], notApplied: [] };
  const exporter = typeof given.exporter === 'string' ? { type: given.exporter } : given.exporter;
  const normalized = { ...given, exporter, instrumentations: asInstrumentationOptions(given.instrumentations) };
  for (const path of leafPaths(normalized)) {
    if (path === 'exporter' || path === 'instrumentations') continue;
    const value = valueAt(later, path);
    if (APPLICABLE.has(path)) {
      if (apply(running, path, value)) outcome.applied.push(path);
    } else if (!isDeepStrictEqual(value, valueAt(running.options, path))) {
      outcome.notApplied.push(path);
    }
  }
  if (outcome.notApplied.length > 0) diag.warn(describeNotApplied(running, outcome, later));
  return outcome;
}

function apply(running: RunningRegistration, path: string, value: unknown): boolean {
  if (path === 'logLevel') {
    if (value === undefined || value === running.options.logLevel) return false;
    running.setLogLevel(value as LogLevel);
    return true;
  }
  if (path === 'instrumentations.additional') {
    const added = running.instrumentations.add((value as UserInstrumentation[] | undefined) ?? []);
    running.checkEarlyImports(added);
    return added.length > 0;
  }
  if (typeof value !== 'boolean') return false;
  const kind = path === 'instrumentations.http' ? 'http' : 'undici';
  const added = setBuiltInInstrumentation(running.instrumentations, kind, value);
  if (added) running.checkEarlyImports([added]);
  return true;
}

function describeNotApplied(running: RunningRegistration, outcome: LaterOptionsOutcome, later: ResolvedOptions): string {
  const by = running.startedBy === 'preload' ? 'by the @agent-otel/node/register preload (--require/--import)' : 'earlier in this process';
  const items = outcome.notApplied.map((p) =>
    SECRET.test(p) ? `${p} (value not shown)` : `${p} (given ${show(valueAt(later, p))}, in force ${show(valueAt(running.options, p))})`,
  );
  const hints = [...new Set(outcome.notApplied.map(hintFor).filter((h): h is string => h !== undefined))];
  const instead =
    running.startedBy === 'preload'
      ? `Give them to the preload as environment variables${hints.length > 0 ? ` (${hints.join(', ')})` : ''}, or drop the preload and call register() with them before anything else`
      : 'Pass them to the first register() call';
  const applied = outcome.applied.length > 0 ? ` Applied: ${outcome.applied.join(', ')}.` : '';
  return `agent-otel: register() was already called ${by}; these options cannot change after start and were not applied: ${items.join('; ')}. ${instead}.${applied}`;
}

function hintFor(path: string): string | undefined {
  return ENVIRONMENT_HINTS.find(([prefix]) => path === prefix || path.startsWith(prefix + '.'))?.[1];
}

/** Dotted paths of the leaves of plain objects; arrays, typed arrays and class instances are leaves. */
function leafPaths(value: object, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(v) && Object.keys(v).length > 0) paths.push(...leafPaths(v, path));
    else paths.push(path);
  }
  return paths;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function valueAt(root: unknown, path: string): unknown {
  let v = root;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'unset (the default)';
  if (typeof v === 'function' || (typeof v === 'object' && v !== null && !isPlainObject(v) && !Array.isArray(v))) {
    return `a ${v.constructor?.name ?? 'value'}`;
  }
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}
