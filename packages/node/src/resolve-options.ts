import { isCaptureMode, validateCaptureRules } from '@agent-otel/capture';
import type { RegisterOptions } from './options';

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
 */
export function resolveOptions(code: RegisterOptions, env: RegisterOptions): RegisterOptions {
  if (code === null || typeof code !== 'object' || Array.isArray(code)) {
    throw new InvalidOptionError('(options)', `must be an object, got ${describe(code)}`);
  }
  const merged: RegisterOptions = {
    ...env,
    ...definedOnly(code),
    resourceAttributes: { ...env.resourceAttributes, ...code.resourceAttributes },
    exporter: { ...env.exporter, ...definedOnly(code.exporter ?? {}) },
    genai: { ...env.genai, ...definedOnly(code.genai ?? {}) },
    instrumentations: { ...code.instrumentations },
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

function validate(o: RegisterOptions): void {
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
  if (e.type !== undefined && !['otlp', 'console', 'none'].includes(e.type)) {
    throw new InvalidOptionError('exporter.type', `must be one of otlp, console, none; got ${describe(e.type)}`);
  }
  if (e.endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(String(e.endpoint));
    } catch {
      throw new InvalidOptionError('exporter.endpoint', `must be an absolute http(s) URL, got ${describe(e.endpoint)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidOptionError('exporter.endpoint', `must use http: or https:, got ${describe(e.endpoint)}`);
    }
  }
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
  validateCapture(o);
  if (o.logLevel !== undefined && !['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'].includes(o.logLevel)) {
    throw new InvalidOptionError('logLevel', `must be one of none, error, warn, info, debug, verbose, all; got ${describe(o.logLevel)}`);
  }
  optionalBoolean(o.instrumentations?.http, 'instrumentations.http');
  optionalBoolean(o.instrumentations?.undici, 'instrumentations.undici');
  if (o.additionalSpanProcessors !== undefined && !Array.isArray(o.additionalSpanProcessors)) {
    throw new InvalidOptionError('additionalSpanProcessors', `must be an array, got ${describe(o.additionalSpanProcessors)}`);
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

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
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
