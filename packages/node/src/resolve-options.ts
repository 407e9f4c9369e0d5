import { isCaptureMode, RING_BUFFER_DEFAULTS, validateCaptureRules } from '@agent-otel/capture/internal';
import type { ZipkinEnvironment } from './from-env';
import type { ExporterOptions, ExporterType, RegisterOptions, ResolvedOptions } from './options';
import { definedOnly } from './defined-only';
import { addProblem, type EnvironmentProblem } from './env-problems';
import { InvalidOptionError } from './invalid-option-error';
import { checkNumberOption, type NumericOption } from './option-bounds';
import { checkHttpUrl, describe, validateHeaders, validateTenancyFields } from './validate-tenancy';
import { asInstrumentationOptions, findInvalidInstrumentationEntry } from './instrumentation-options';

export { InvalidOptionError } from './invalid-option-error';

/** What register() passes as the environment's side: options read by optionsFromEnv. */
export type EnvironmentSide = RegisterOptions & { zipkin?: ZipkinEnvironment; problems?: EnvironmentProblem[] };

/**
 * Merges options given in code over options read from the environment (code wins, as in the OTel
 * SDKs) and validates the result. Throws {@link InvalidOptionError} naming the first bad option.
 * When the exporter type is `zipkin`, the endpoint and timeout come from the Zipkin variables of
 * `env.zipkin` (OTEL_EXPORTER_ZIPKIN_*) and the OTLP variables do not apply. Limits that tie two
 * options together (batch size within the buffer, segment within the disk bound) throw when the
 * code broke them, and otherwise replace the environment's value, adding to `env.problems`.
 */
export function resolveOptions(code: RegisterOptions, env: EnvironmentSide): ResolvedOptions {
  if (code === null || typeof code !== 'object' || Array.isArray(code)) {
    throw new InvalidOptionError('(options)', `must be an object, got ${describe(code)}`);
  }
  const merged: ResolvedOptions = {
    ...env,
    ...definedOnly(code),
    resourceAttributes: { ...env.resourceAttributes, ...code.resourceAttributes },
    exporter: mergeExporter(code.exporter ?? {}, asObject(env.exporter), env.zipkin ?? {}),
    genai: { ...env.genai, ...definedOnly(code.genai ?? {}) },
    instrumentations: asInstrumentationOptions(code.instrumentations),
    capture: {
      ...env.capture,
      ...definedOnly(code.capture ?? {}),
      ringBuffer: { ...env.capture?.ringBuffer, ...definedOnly(code.capture?.ringBuffer ?? {}) },
      wal: { ...env.capture?.wal, ...definedOnly(code.capture?.wal ?? {}) },
    },
  };
  validate(merged);
  keepRelations(merged, code, env.problems ?? []);
  return merged;
}

/** maxExportBatchSize <= bufferSize and segmentBytes <= maxBytes, whichever side set them. */
function keepRelations(merged: ResolvedOptions, code: RegisterOptions, problems: EnvironmentProblem[]): void {
  const ring = merged.capture?.ringBuffer ?? {};
  const bufferSize = ring.bufferSize ?? RING_BUFFER_DEFAULTS.bufferSize;
  if (ring.maxExportBatchSize !== undefined && ring.maxExportBatchSize > bufferSize) {
    if (code.capture?.ringBuffer?.maxExportBatchSize !== undefined) {
      throw new InvalidOptionError('capture.ringBuffer.maxExportBatchSize', `(${ring.maxExportBatchSize}) cannot exceed capture.ringBuffer.bufferSize (${bufferSize})`);
    }
    addProblem(problems, {
      variable: 'AGENT_OTEL_MAX_EXPORT_BATCH_SIZE',
      level: 'warn',
      message: `agent-otel: AGENT_OTEL_MAX_EXPORT_BATCH_SIZE=${ring.maxExportBatchSize} is above the buffer size ${bufferSize}; using ${bufferSize}`,
    });
    ring.maxExportBatchSize = bufferSize;
  }
  const wal = merged.capture?.wal ?? {};
  const maxBytes = wal.maxBytes ?? 256 * 1024 * 1024;
  if (wal.segmentBytes !== undefined && wal.segmentBytes > maxBytes) {
    if (code.capture?.wal?.segmentBytes !== undefined) {
      throw new InvalidOptionError('capture.wal.segmentBytes', `(${wal.segmentBytes}) cannot exceed capture.wal.maxBytes (${maxBytes})`);
    }
    addProblem(problems, {
      variable: 'AGENT_OTEL_WAL_SEGMENT_BYTES',
      level: 'warn',
      message: `agent-otel: AGENT_OTEL_WAL_SEGMENT_BYTES=${wal.segmentBytes} is above the WAL's disk bound ${maxBytes}; using the default (16 MiB, at most a quarter of the bound)`,
    });
    delete wal.segmentBytes;
  }
}

/** `'zipkin'` is short for `{ type: 'zipkin' }`. */
function asObject(exporter: ExporterOptions | ExporterType | undefined): ExporterOptions {
  return typeof exporter === 'string' ? { type: exporter } : (exporter ?? {});
}

function mergeExporter(given: ExporterOptions | ExporterType, env: ExporterOptions, zipkin: ZipkinEnvironment): ExporterOptions {
  const code = asObject(given);
  if (code === null || typeof code !== 'object' || Array.isArray(code)) {
    throw new InvalidOptionError('exporter', `must be an object or an exporter type, got ${describe(given)}`);
  }
  for (const name of ['tls', 'tenancy'] as const) {
    const v = code[name];
    if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))) {
      throw new InvalidOptionError(`exporter.${name}`, `must be an object, got ${describe(v)}`);
    }
  }
  checkClientCertificatePair(code.tls);
  const merged: ExporterOptions = { ...env, ...definedOnly(code) };
  if (env.tls !== undefined || code.tls !== undefined) merged.tls = { ...env.tls, ...definedOnly(code.tls ?? {}) };
  if (env.tenancy !== undefined || code.tenancy !== undefined) merged.tenancy = { ...env.tenancy, ...definedOnly(code.tenancy ?? {}) };
  if (merged.type === 'zipkin') {
    // The environment's endpoint, headers and timeout are OTLP settings; Zipkin has its own variables.
    merged.endpoint = code.endpoint ?? zipkin.endpoint;
    merged.timeoutMillis = code.timeoutMillis ?? zipkin.timeoutMillis;
    merged.headers = code.headers;
  }
  return merged;
}

function validate(o: ResolvedOptions): void {
  optionalString(o.serviceName, 'serviceName');
  optionalString(o.serviceVersion, 'serviceVersion');
  optionalString(o.environment, 'environment');
  optionalBoolean(o.disabled, 'disabled');
  optionalBoolean(o.handleProcessExit, 'handleProcessExit');
  checkNumberOption('shutdownTimeoutMillis', o.shutdownTimeoutMillis);
  if (o.resourceAttributes !== undefined && (typeof o.resourceAttributes !== 'object' || o.resourceAttributes === null)) {
    throw new InvalidOptionError('resourceAttributes', `must be an object, got ${describe(o.resourceAttributes)}`);
  }
  const e = o.exporter ?? {};
  if (e.type !== undefined && !['otlp', 'zipkin', 'console', 'none'].includes(e.type)) {
    throw new InvalidOptionError('exporter.type', `must be one of otlp, zipkin, console, none; got ${describe(e.type)}`);
  }
  if (e.endpoint !== undefined) checkHttpUrl(e.endpoint, 'exporter.endpoint');
  if (e.protocol !== undefined && e.protocol !== 'http/protobuf' && e.protocol !== 'http/json') {
    throw new InvalidOptionError('exporter.protocol', `must be http/protobuf or http/json; got ${describe(e.protocol)}`);
  }
  if (e.compression !== undefined && e.compression !== 'gzip' && e.compression !== 'none') {
    throw new InvalidOptionError('exporter.compression', `must be gzip or none; got ${describe(e.compression)}`);
  }
  checkNumberOption('exporter.timeoutMillis', e.timeoutMillis);
  validateHeaders(e.headers);
  validateTls(e);
  validateTenancy(e);
  validateCapture(o);
  if (o.logLevel !== undefined && !['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'].includes(o.logLevel)) {
    throw new InvalidOptionError('logLevel', `must be one of none, error, warn, info, debug, verbose, all; got ${describe(o.logLevel)}`);
  }
  optionalBoolean(o.instrumentations?.http, 'instrumentations.http');
  optionalBoolean(o.instrumentations?.undici, 'instrumentations.undici');
  const badEntry = findInvalidInstrumentationEntry(o.instrumentations?.additional, 'instrumentations.additional');
  if (badEntry) throw new InvalidOptionError(badEntry.option, badEntry.detail);
  if (o.additionalSpanProcessors !== undefined && !Array.isArray(o.additionalSpanProcessors)) {
    throw new InvalidOptionError('additionalSpanProcessors', `must be an array, got ${describe(o.additionalSpanProcessors)}`);
  }
}

function validateTls(e: ExporterOptions): void {
  if (e.tls === undefined) return;
  if (typeof e.tls !== 'object' || e.tls === null) throw new InvalidOptionError('exporter.tls', `must be an object, got ${describe(e.tls)}`);
  const t = e.tls;
  optionalString(t.caFile, 'exporter.tls.caFile');
  optionalString(t.certFile, 'exporter.tls.certFile');
  optionalString(t.keyFile, 'exporter.tls.keyFile');
  for (const name of ['ca', 'cert', 'key'] as const) {
    const v = t[name];
    if (v !== undefined && typeof v !== 'string' && !(v instanceof Uint8Array)) {
      throw new InvalidOptionError(`exporter.tls.${name}`, `must be PEM text (a string or Uint8Array), got ${describe(v)}`);
    }
  }
  optionalBoolean(t.rejectUnauthorized, 'exporter.tls.rejectUnauthorized');
}

/**
 * A client certificate given in code needs its key (and the other way round). From the environment
 * a lone one is only reported when the files are loaded, so a half-set variable cannot stop a service.
 */
function checkClientCertificatePair(tls: ExporterOptions['tls']): void {
  if (tls === undefined) return;
  const hasCert = tls.cert !== undefined || tls.certFile !== undefined;
  const hasKey = tls.key !== undefined || tls.keyFile !== undefined;
  if (hasCert !== hasKey) throw new InvalidOptionError(hasCert ? 'exporter.tls.key' : 'exporter.tls.cert', 'is required: a client certificate and its key go together');
}

function validateTenancy(e: ExporterOptions): void {
  if (e.tenancy === undefined) return;
  validateTenancyFields(e.tenancy);
  if (e.custom !== undefined || (e.type ?? 'otlp') !== 'otlp' || (e.protocol ?? 'http/protobuf') !== 'http/protobuf') {
    throw new InvalidOptionError('exporter.tenancy', 'needs the OTLP exporter with protocol http/protobuf (not zipkin, console, none, http/json or a custom exporter)');
  }
}

function validateCapture(o: RegisterOptions): void {
  const c = o.capture ?? {};
  if (c.defaultMode !== undefined && !isCaptureMode(c.defaultMode)) {
    throw new InvalidOptionError('capture.defaultMode', `must be sampled, complete or critical; got ${describe(c.defaultMode)}`);
  }
  if (c.rules !== undefined) {
    if (!Array.isArray(c.rules)) throw new InvalidOptionError('capture.rules', `must be an array, got ${describe(c.rules)}`);
    try {
      validateCaptureRules(c.rules);
    } catch (err) {
      throw new InvalidOptionError('capture.rules', `are invalid: ${(err as Error).message}`);
    }
  }
  const w = c.wal ?? {};
  optionalBoolean(c.deferEnrichment, 'capture.deferEnrichment');
  optionalBoolean(w.enabled, 'capture.wal.enabled');
  optionalString(w.dir, 'capture.wal.dir');
  checkNumberOption('capture.wal.maxBytes', w.maxBytes);
  checkNumberOption('capture.wal.segmentBytes', w.segmentBytes);
  checkNumberOption('capture.wal.confirmTimeoutMs', w.confirmTimeoutMs);
  if (w.encryptionKey !== undefined && (!(w.encryptionKey instanceof Uint8Array) || w.encryptionKey.length !== 32)) {
    throw new InvalidOptionError('capture.wal.encryptionKey', 'must be a Uint8Array of 32 bytes (AES-256-GCM)');
  }
  for (const [name, value] of Object.entries(c.ringBuffer ?? {})) {
    const option = `capture.ringBuffer.${name}`;
    if (!RING_BUFFER_OPTIONS.includes(name)) throw new InvalidOptionError(option, `is not an option (${RING_BUFFER_OPTIONS.join(', ')})`);
    checkNumberOption(option as NumericOption, value);
  }
}

function optionalString(v: unknown, name: string): void {
  if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) {
    throw new InvalidOptionError(name, `must be a non-empty string, got ${describe(v)}`);
  }
}

function optionalBoolean(v: unknown, name: string): void {
  if (v !== undefined && typeof v !== 'boolean') throw new InvalidOptionError(name, `must be a boolean, got ${describe(v)}`);
}

const RING_BUFFER_OPTIONS = [
  'bufferSize',
  'flushIntervalMs',
  'flushThreshold',
  'maxExportBatchSize',
  'maxConcurrentExports',
  'exportTimeoutMs',
  'forceFlushTimeoutMs',
  'shutdownTimeoutMs',
];
