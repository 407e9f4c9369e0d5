import type { Attributes } from '@opentelemetry/api';
import * as os from 'node:os';
import * as path from 'node:path';
import { CAPTURE_MODES, parseWalKey, type CaptureRule } from '@agent-otel/capture';
import { validateCaptureRules, WAL_KEY_FORMAT } from '@agent-otel/capture/internal';
import type { CaptureOptions, ExporterOptions, ExporterTenancyOptions, ExporterTlsOptions, ExporterType, LogLevel, RegisterOptions } from './options';
import { parseKeyValueList } from './key-value-list';
import { definedOnly } from './defined-only';
import { EnvReader, parseHttpUrl, parseOneOf as oneOf, type Environment, type Parsed } from './env-reader';
import type { EnvironmentProblem } from './env-problems';
import { showSecret, showUrl, showValue } from './env-problems';
import { tracesEndpoint } from './traces-endpoint';
import { validateTenancyFields } from './validate-tenancy';

export type { Environment } from './env-reader';

/** Zipkin settings from the environment; they apply when the exporter type (from code or env) is `zipkin`. */
export interface ZipkinEnvironment {
  /** OTEL_EXPORTER_ZIPKIN_ENDPOINT. */
  endpoint?: string;
  /** OTEL_EXPORTER_ZIPKIN_TIMEOUT, in ms. */
  timeoutMillis?: number;
}

/** Options read from the environment, plus what the environment says about defaults. */
export interface EnvironmentOptions extends RegisterOptions {
  /** Parent of the default WAL directories: `$XDG_STATE_HOME/agent-otel/wal` or `~/.local/state/agent-otel/wal`. */
  walBaseDir: string;
  /** OTEL_EXPORTER_ZIPKIN_* (the `exporter` field holds the OTLP settings). */
  zipkin: ZipkinEnvironment;
  /**
   * Every value that could not be used as given, one per variable, each naming the variable, the
   * value (secrets masked) and what is used instead. register() prints them once it has a logger.
   */
  problems: EnvironmentProblem[];
}

const LOG_LEVELS: readonly LogLevel[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
const EXPORTER_TYPES: readonly ExporterType[] = ['otlp', 'zipkin', 'console', 'none'];
const WAL_CLOSED = 'the write-ahead log stays closed (complete and critical spans are captured as sampled)';

/**
 * Reads every environment variable agent-otel honours and returns them as {@link RegisterOptions}.
 * This is the only place that reads the environment; constructors take options only. It never
 * throws and never logs: what it returns passes register()'s validation, and every value it could
 * not use is listed in `problems` (with the fallback it chose: the default, a clamp to the maximum,
 * or, for AGENT_OTEL_TENANCY and AGENT_OTEL_WAL_KEY, export or the WAL off).
 */
export function optionsFromEnv(env: Environment = process.env): EnvironmentOptions {
  const r = new EnvReader(env);
  const resource = resourceFromEnv(r);
  const options: EnvironmentOptions = {
    walBaseDir: path.join(r.raw('XDG_STATE_HOME') ?? path.join(r.raw('HOME') ?? os.homedir(), '.local', 'state'), 'agent-otel', 'wal'),
    capture: captureFromEnv(r),
    serviceName: r.raw('OTEL_SERVICE_NAME') ?? stringAttr(resource, 'service.name'),
    serviceVersion: stringAttr(resource, 'service.version'),
    environment: stringAttr(resource, 'deployment.environment.name') ?? r.raw('AGENT_OTEL_ENVIRONMENT'),
    resourceAttributes: resource,
    exporter: exporterFromEnv(r),
    zipkin: zipkinFromEnv(r),
    disabled: r.bool('OTEL_SDK_DISABLED', 'false (enabled)'),
    problems: r.problems,
  };
  const logLevel = r.oneOf('OTEL_LOG_LEVEL', LOG_LEVELS, 'warn');
  if (logLevel !== undefined) options.logLevel = logLevel;
  const agentName = r.raw('AGENT_OTEL_AGENT_NAME');
  const agentVersion = r.raw('AGENT_OTEL_AGENT_VERSION');
  const valueLengthLimit = r.number(['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'], 'genai.limits.maxAttributeValueLength');
  if (agentName !== undefined || agentVersion !== undefined || valueLengthLimit !== undefined) {
    options.genai = definedOnly({
      agentName,
      agentVersion,
      // Applied by the GenAI processor (with truncation markers) instead of silently by the SDK.
      limits: valueLengthLimit === undefined ? undefined : { maxAttributeValueLength: valueLengthLimit },
    });
  }
  return options;
}

function resourceFromEnv(r: EnvReader): Attributes {
  return keyValueList(r, 'OTEL_RESOURCE_ATTRIBUTES', false) ?? {};
}

/** A `k=v,k2=v2` list; bad entries are left out and reported in one message (header values masked). */
function keyValueList(r: EnvReader, name: string, secret: boolean): Record<string, string> | undefined {
  const raw = r.raw(name);
  if (raw === undefined) return undefined;
  const bad: string[] = [];
  const list = parseKeyValueList(raw, (entry, reason) => {
    const eq = entry.indexOf('=');
    const shown = !secret ? showValue(entry) : eq > 0 ? `${showValue(entry.slice(0, eq))}=<not shown>` : showSecret(entry);
    bad.push(`${shown}: ${reason}`);
  });
  if (bad.length > 0) {
    const rest = Object.keys(list).length > 0 ? 'the other entries are used' : 'nothing from it is used';
    r.report(name, `${name}: ${bad.length === 1 ? 'entry' : `${bad.length} entries`} left out (${bad.join('; ')}); ${rest}`);
  }
  return list;
}

function exporterFromEnv(r: EnvReader): ExporterOptions {
  const exporter: ExporterOptions = {};
  const types = r
    .raw('OTEL_TRACES_EXPORTER')
    ?.split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (types !== undefined) {
    const firstType = types[0];
    const type = r.first(['OTEL_TRACES_EXPORTER'], () => (firstType !== undefined ? oneOf(firstType, EXPORTER_TYPES) : { ok: false, reason: 'names no exporter' }), 'otlp');
    if (type !== undefined) exporter.type = type;
    if (type !== undefined && types.length > 1) {
      r.report('OTEL_TRACES_EXPORTER', `OTEL_TRACES_EXPORTER=${showValue(r.raw('OTEL_TRACES_EXPORTER') ?? '')} lists several exporters; only the first, ${type}, is used`);
    }
  }
  const baseUsable = parseHttpUrl(r.raw('OTEL_EXPORTER_OTLP_ENDPOINT') ?? '').ok;
  const endpoint =
    r.url(['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'], baseUsable ? 'OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces' : 'the default http://localhost:4318/v1/traces') ??
    tracesEndpointFromEnv(r);
  if (endpoint !== undefined) exporter.endpoint = endpoint;

  const headers = keyValueList(r, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', true) ?? keyValueList(r, 'OTEL_EXPORTER_OTLP_HEADERS', true);
  if (headers !== undefined && Object.keys(headers).length > 0) exporter.headers = headers;
  const timeout = r.number(['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT'], 'exporter.timeoutMillis');
  if (timeout !== undefined) exporter.timeoutMillis = timeout;
  const protocol = r.first(['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'], (raw) => oneOf(raw, ['http/protobuf', 'http/json'] as const), 'http/protobuf');
  if (protocol !== undefined) exporter.protocol = protocol;
  const compression = r.first(['OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'OTEL_EXPORTER_OTLP_COMPRESSION'], (raw) => oneOf(raw, ['gzip', 'none'] as const), 'none');
  if (compression !== undefined) exporter.compression = compression;
  const tls: ExporterTlsOptions = definedOnly({
    caFile: r.raw('OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE') ?? r.raw('OTEL_EXPORTER_OTLP_CERTIFICATE'),
    certFile: r.raw('OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE') ?? r.raw('OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE'),
    keyFile: r.raw('OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY') ?? r.raw('OTEL_EXPORTER_OTLP_CLIENT_KEY'),
  });
  if (Object.keys(tls).length > 0) exporter.tls = tls;
  const tenancy = tenancyFromEnv(r, exporter);
  if (tenancy === 'invalid') {
    // Tenancy asked for but unusable must not quietly export every tenant's spans together.
    exporter.type = 'none';
  } else if (tenancy !== undefined) {
    exporter.tenancy = tenancy;
  }
  return exporter;
}

/** OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`; one that already ends in it is used as is, said so. */
function tracesEndpointFromEnv(r: EnvReader): string | undefined {
  const name = 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const base = r.url([name], 'the default http://localhost:4318/v1/traces');
  if (base === undefined) return undefined;
  const traces = tracesEndpoint(base);
  if (traces.alreadyTraces) {
    // Other OpenTelemetry SDKs reading the same variable do append the path.
    r.report(
      name,
      `${name}=${showUrl(base)} already ends in /v1/traces; it is used as is. This variable is the base URL of all signals ` +
        `(other OpenTelemetry SDKs append /v1/traces to it): set ${showUrl(traces.base)}, or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT for the full URL`,
    );
  }
  return traces.url;
}

function zipkinFromEnv(r: EnvReader): ZipkinEnvironment {
  return definedOnly({
    endpoint: r.url(['OTEL_EXPORTER_ZIPKIN_ENDPOINT'], 'the default http://localhost:9411/api/v2/spans'),
    timeoutMillis: r.number(['OTEL_EXPORTER_ZIPKIN_TIMEOUT'], 'exporter.timeoutMillis'),
  });
}

/** AGENT_OTEL_TENANCY: `true` (defaults), `false`, or a JSON object of ExporterTenancyOptions. */
function tenancyFromEnv(r: EnvReader, exporter: ExporterOptions): ExporterTenancyOptions | 'invalid' | undefined {
  const raw = r.raw('AGENT_OTEL_TENANCY');
  if (raw === undefined || raw.toLowerCase() === 'false') return undefined;
  let reason: string | undefined;
  let tenancy: ExporterTenancyOptions = {};
  if (raw.toLowerCase() !== 'true') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('is not true, false or a JSON object');
      validateTenancyFields(parsed);
      tenancy = parsed;
    } catch (err) {
      reason = err instanceof SyntaxError ? 'is not true, false or a JSON object' : (err as Error).message.replace(/^agent-otel register\(\): option /, 'has ');
    }
  }
  if (reason === undefined && ((exporter.type ?? 'otlp') !== 'otlp' || exporter.protocol === 'http/json')) {
    reason = 'needs the OTLP exporter with protocol http/protobuf (OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_PROTOCOL)';
  }
  if (reason === undefined) return tenancy;
  r.report('AGENT_OTEL_TENANCY', `AGENT_OTEL_TENANCY=${showValue(raw)} ${reason}; export is off until it is fixed`, 'error');
  return 'invalid';
}

function captureFromEnv(r: EnvReader): CaptureOptions {
  const capture: CaptureOptions = {};
  const mode = r.oneOf('AGENT_OTEL_CAPTURE_MODE', CAPTURE_MODES, 'the default sampled');
  if (mode !== undefined) capture.defaultMode = mode;
  const rules = r.first(['AGENT_OTEL_CAPTURE_RULES'], parseRules, 'no rules');
  if (rules !== undefined) capture.rules = rules;
  const deferEnrichment = r.bool('AGENT_OTEL_DEFER_ENRICHMENT', 'the default');
  if (deferEnrichment !== undefined) capture.deferEnrichment = deferEnrichment;
  const ring = {
    bufferSize: r.number(['AGENT_OTEL_BUFFER_SIZE'], 'capture.ringBuffer.bufferSize'),
    flushIntervalMs: r.number(['AGENT_OTEL_FLUSH_INTERVAL_MS'], 'capture.ringBuffer.flushIntervalMs'),
    flushThreshold: r.number(['AGENT_OTEL_FLUSH_THRESHOLD'], 'capture.ringBuffer.flushThreshold'),
    maxExportBatchSize: r.number(['AGENT_OTEL_MAX_EXPORT_BATCH_SIZE'], 'capture.ringBuffer.maxExportBatchSize'),
    maxConcurrentExports: r.number(['AGENT_OTEL_MAX_CONCURRENT_EXPORTS'], 'capture.ringBuffer.maxConcurrentExports'),
    exportTimeoutMs: r.number(['AGENT_OTEL_EXPORT_TIMEOUT_MS'], 'capture.ringBuffer.exportTimeoutMs'),
  };
  if (Object.values(ring).some((v) => v !== undefined)) capture.ringBuffer = definedOnly(ring);
  const keyText = r.raw('AGENT_OTEL_WAL_KEY');
  const encryptionKey = keyText === undefined ? undefined : parseWalKey(keyText);
  if (keyText !== undefined && encryptionKey === undefined) {
    r.report('AGENT_OTEL_WAL_KEY', `AGENT_OTEL_WAL_KEY=${showSecret(keyText)} is not ${WAL_KEY_FORMAT}; ${WAL_CLOSED}`, 'error');
  }
  const wal = {
    // A bad key must never turn into an unencrypted WAL: the WAL stays closed instead.
    enabled: keyText !== undefined && encryptionKey === undefined ? false : r.bool('AGENT_OTEL_WAL_ENABLED', 'the default true'),
    dir: r.raw('AGENT_OTEL_WAL_DIR'),
    maxBytes: r.number(['AGENT_OTEL_WAL_MAX_BYTES'], 'capture.wal.maxBytes'),
    segmentBytes: r.number(['AGENT_OTEL_WAL_SEGMENT_BYTES'], 'capture.wal.segmentBytes'),
    confirmTimeoutMs: r.number(['AGENT_OTEL_CONFIRM_TIMEOUT_MS'], 'capture.wal.confirmTimeoutMs'),
    encryptionKey,
  };
  if (Object.values(wal).some((v) => v !== undefined)) capture.wal = definedOnly(wal);
  return capture;
}

/** AGENT_OTEL_CAPTURE_RULES: a JSON array of declarative rules (`mode` with `attributes` and/or `spanName`). */
function parseRules(raw: string): Parsed<CaptureRule[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    return { ok: false, reason: `is not JSON (${(err as Error).message})` };
  }
  if (!Array.isArray(parsed)) return { ok: false, reason: 'is not a JSON array of rules' };
  try {
    parsed.forEach((rule: Record<string, unknown> | null, i) => {
      if (rule === null || typeof rule !== 'object') return; // validateCaptureRules names it
      if (rule.attributes !== undefined && (typeof rule.attributes !== 'object' || rule.attributes === null || Array.isArray(rule.attributes))) {
        throw new Error(`capture rule ${i}: attributes must be an object`);
      }
      if (rule.spanName !== undefined && typeof rule.spanName !== 'string') throw new Error(`capture rule ${i}: spanName must be a string`);
      if (rule.match !== undefined) throw new Error(`capture rule ${i}: match is a function, given in code only`);
    });
    validateCaptureRules(parsed as CaptureRule[]);
  } catch (err) {
    return { ok: false, reason: `is invalid: ${(err as Error).message}` };
  }
  return { ok: true, value: parsed as CaptureRule[] };
}

function stringAttr(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
