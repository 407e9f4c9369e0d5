import { isCaptureMode, validateCaptureRules } from '@agent-otel/capture';
import type { ZipkinEnvironment } from './from-env';
import type { ExporterOptions, ExporterType, RegisterOptions, ResolvedOptions } from './options';
import { definedOnly } from './defined-only';
import { asInstrumentationOptions, findInvalidInstrumentationEntry } from './instrumentation-options';

/** The one error register() throws for a bad option; its message names the option. */
export class InvalidOptionError extends TypeError {
  constructor(readonly option: string, detail: string) {
    super(`agent-otel register(): option ${option} ${detail}`);
    this.name = 'InvalidOptionError';
  }
}

/**
 * Merges options given in code over options read from the environment (code wins, as in the OTel
 * SDKs) and validates the result. Throws {@link InvalidOptionError} naming the first bad option.
 * When the exporter type is `zipkin`, the endpoint and timeout come from the Zipkin variables of
 * `env.zipkin` (OTEL_EXPORTER_ZIPKIN_*) and the OTLP variables do not apply.
 */
export function resolveOptions(code: RegisterOptions, env: RegisterOptions & { zipkin?: ZipkinEnvironment }): ResolvedOptions {
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
  return merged;
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
  optionalPositive(o.shutdownTimeoutMillis, 'shutdownTimeoutMillis');
  if (o.resourceAttributes !== undefined && (typeof o.resourceAttributes !== 'object' || o.resourceAttributes === null)) {
    throw new InvalidOptionError('resourceAttributes', `must be an object, got ${describe(o.resourceAttributes)}`);
  }
  const e = o.exporter ?? {};
  if (e.type !== undefined && !['otlp', 'zipkin', 'console', 'none'].includes(e.type)) {
    throw new InvalidOptionError('exporter.type', `must be one of otlp, zipkin, console, none; got ${describe(e.type)}`);
  }
  if (e.endpoint !== undefined) httpUrl(e.endpoint, 'exporter.endpoint');
  if (e.protocol !== undefined && e.protocol !== 'http/protobuf' && e.protocol !== 'http/json') {
    throw new InvalidOptionError('exporter.protocol', `must be http/protobuf or http/json; got ${describe(e.protocol)}`);
  }
  if (e.compression !== undefined && e.compression !== 'gzip' && e.compression !== 'none') {
    throw new InvalidOptionError('exporter.compression', `must be gzip or none; got ${describe(e.compression)}`);
  }
  optionalPositive(e.timeoutMillis, 'exporter.timeoutMillis');
  if (e.headers !== undefined) {
    if (typeof e.headers !== 'object' || e.headers === null) {
      throw new InvalidOptionError('exporter.headers', `must be an object of strings, got ${describe(e.headers)}`);
    }
    for (const [k, v] of Object.entries(e.headers)) {
      if (typeof v !== 'string') throw new InvalidOptionError(`exporter.headers.${k}`, `must be a string, got ${describe(v)}`);
    }
  }
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
  const t = e.tenancy;
  if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new InvalidOptionError('exporter.tenancy', `must be an object, got ${describe(t)}`);
  if (e.custom !== undefined || (e.type ?? 'otlp') !== 'otlp' || (e.protocol ?? 'http/protobuf') !== 'http/protobuf') {
    throw new InvalidOptionError('exporter.tenancy', 'needs the OTLP exporter with protocol http/protobuf (not zipkin, console, none, http/json or a custom exporter)');
  }
  if (t.header !== undefined && (typeof t.header !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(t.header))) {
    throw new InvalidOptionError('exporter.tenancy.header', `must be an HTTP header name, got ${describe(t.header)}`);
  }
  optionalString(t.attribute, 'exporter.tenancy.attribute');
  if (t.defaultTenant !== undefined && !validTenant(t.defaultTenant)) {
    throw new InvalidOptionError('exporter.tenancy.defaultTenant', `must be 1 to 256 visible ASCII characters, got ${describe(t.defaultTenant)}`);
  }
  if (t.endpoints !== undefined) {
    if (typeof t.endpoints !== 'object' || t.endpoints === null || Array.isArray(t.endpoints)) {
      throw new InvalidOptionError('exporter.tenancy.endpoints', `must be an object of tenant id to URL, got ${describe(t.endpoints)}`);
    }
    for (const [tenant, url] of Object.entries(t.endpoints)) {
      if (!validTenant(tenant)) throw new InvalidOptionError('exporter.tenancy.endpoints', `has an invalid tenant id ${describe(tenant)}`);
      httpUrl(url, `exporter.tenancy.endpoints.${tenant}`);
    }
  }
}

/** A tenant id that can be sent as a header value: 1 to 256 visible ASCII characters, inner spaces allowed. */
function validTenant(v: unknown): boolean {
  return typeof v === 'string' && v.length <= 256 && /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(v);
}

function httpUrl(v: unknown, name: string): void {
  let url: URL;
  try {
    url = new URL(String(v));
  } catch {
    throw new InvalidOptionError(name, `must be an absolute http(s) URL, got ${describe(v)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError(name, `must use http: or https:, got ${describe(v)}`);
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
  optionalBoolean(w.enabled, 'capture.wal.enabled');
  optionalString(w.dir, 'capture.wal.dir');
  optionalPositive(w.maxBytes, 'capture.wal.maxBytes');
  optionalPositive(w.segmentBytes, 'capture.wal.segmentBytes');
  optionalPositive(w.confirmTimeoutMs, 'capture.wal.confirmTimeoutMs');
  if (w.encryptionKey !== undefined && (!(w.encryptionKey instanceof Uint8Array) || w.encryptionKey.length !== 32)) {
    throw new InvalidOptionError('capture.wal.encryptionKey', 'must be a Uint8Array of 32 bytes (AES-256-GCM)');
  }
  for (const [name, value] of Object.entries(c.ringBuffer ?? {})) optionalPositive(value, `capture.ringBuffer.${name}`);
}


function optionalString(v: unknown, name: string): void {
  if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) {
    throw new InvalidOptionError(name, `must be a non-empty string, got ${describe(v)}`);
  }
}

function optionalBoolean(v: unknown, name: string): void {
  if (v !== undefined && typeof v !== 'boolean') throw new InvalidOptionError(name, `must be a boolean, got ${describe(v)}`);
}

function optionalPositive(v: unknown, name: string): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) {
    throw new InvalidOptionError(name, `must be a positive number, got ${describe(v)}`);
  }
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}
