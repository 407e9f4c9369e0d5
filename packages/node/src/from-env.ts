import { diag } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import * as os from 'node:os';
import * as path from 'node:path';
import { isCaptureMode, type CaptureRule } from '@agent-otel/capture';
import type { CaptureOptions, ExporterOptions, ExporterTenancyOptions, ExporterTlsOptions, ExporterType, LogLevel, OtlpProtocol, RegisterOptions } from './options';
import { parseKeyValueList } from './key-value-list';
import { definedOnly } from './defined-only';

/** The environment as register() sees it; `process.env` unless a test passes its own. */
export type Environment = Record<string, string | undefined>;

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
}

const LOG_LEVELS: readonly LogLevel[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];

const TRACES_PATH = '/v1/traces';

/**
 * Reads every environment variable agent-otel honours and returns them as {@link RegisterOptions}.
 * This is the only place that reads the environment; constructors take options only.
 * Values that cannot be parsed are ignored with a diag warning naming the variable.
 */
export function optionsFromEnv(env: Environment = process.env): EnvironmentOptions {
  const resource = resourceFromEnv(env);
  const logLevel = nonEmpty(env.OTEL_LOG_LEVEL)?.toLowerCase();
  const options: EnvironmentOptions = {
    walBaseDir: path.join(nonEmpty(env.XDG_STATE_HOME) ?? path.join(nonEmpty(env.HOME) ?? os.homedir(), '.local', 'state'), 'agent-otel', 'wal'),
    capture: captureFromEnv(env),
    serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? stringAttr(resource, 'service.name'),
    serviceVersion: stringAttr(resource, 'service.version'),
    environment: stringAttr(resource, 'deployment.environment.name') ?? nonEmpty(env.AGENT_OTEL_ENVIRONMENT),
    resourceAttributes: resource,
    exporter: exporterFromEnv(env),
    zipkin: zipkinFromEnv(env),
    disabled: bool(env, 'OTEL_SDK_DISABLED'),
  };
  if (logLevel !== undefined) {
    if ((LOG_LEVELS as string[]).includes(logLevel)) options.logLevel = logLevel as LogLevel;
    else diag.warn(`agent-otel: OTEL_LOG_LEVEL=${logLevel} is not one of ${LOG_LEVELS.join(', ')}; ignored`);
  }
  const agentName = nonEmpty(env.AGENT_OTEL_AGENT_NAME);
  const agentVersion = nonEmpty(env.AGENT_OTEL_AGENT_VERSION);
  const valueLengthLimit = positive(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT');
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

function resourceFromEnv(env: Environment): Attributes {
  const raw = env.OTEL_RESOURCE_ATTRIBUTES;
  if (!raw) return {};
  return parseKeyValueList(raw, (entry, reason) =>
    diag.warn(`agent-otel: OTEL_RESOURCE_ATTRIBUTES entry ${JSON.stringify(entry)} ignored: ${reason}`),
  );
}

const EXPORTER_TYPES: readonly ExporterType[] = ['otlp', 'zipkin', 'console', 'none'];

function exporterFromEnv(env: Environment): ExporterOptions {
  const exporter: ExporterOptions = {};
  const type = nonEmpty(env.OTEL_TRACES_EXPORTER)?.split(',')[0].trim();
  if (type !== undefined) {
    if ((EXPORTER_TYPES as string[]).includes(type)) exporter.type = type as ExporterType;
    else diag.warn(`agent-otel: OTEL_TRACES_EXPORTER=${type} is not supported (${EXPORTER_TYPES.join(', ')}); using otlp`);
  }
  const tracesEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const baseEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (tracesEndpoint !== undefined) exporter.endpoint = tracesEndpoint;
  else if (baseEndpoint !== undefined) exporter.endpoint = baseEndpoint.replace(/\/+$/, '') + TRACES_PATH;

  const headers = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_HEADERS);
  if (headers !== undefined) {
    exporter.headers = parseKeyValueList(headers, (entry, reason) =>
      diag.warn(`agent-otel: OTLP header entry ${JSON.stringify(entry)} ignored: ${reason}`),
    );
  }
  const timeout = firstSet(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT');
  if (timeout !== undefined) {
    const ms = Number(timeout[1]);
    if (Number.isFinite(ms) && ms > 0) exporter.timeoutMillis = ms;
    else diag.warn(`agent-otel: ${timeout[0]}=${timeout[1]} is not a positive number of milliseconds; ignored`);
  }
  const protocol = firstSet(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol !== undefined) {
    if (protocol[1] === 'http/protobuf' || protocol[1] === 'http/json') exporter.protocol = protocol[1] as OtlpProtocol;
    else diag.warn(`agent-otel: ${protocol[0]}=${protocol[1]} is not supported (http/protobuf, http/json); using http/protobuf`);
  }
  const compression = firstSet(env, 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'OTEL_EXPORTER_OTLP_COMPRESSION');
  if (compression !== undefined) {
    if (compression[1] === 'gzip' || compression[1] === 'none') exporter.compression = compression[1];
    else diag.warn(`agent-otel: ${compression[0]}=${compression[1]} is not supported (gzip, none); ignored`);
  }
  const tls: ExporterTlsOptions = definedOnly({
    caFile: firstSet(env, 'OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CERTIFICATE')?.[1],
    certFile: firstSet(env, 'OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE')?.[1],
    keyFile: firstSet(env, 'OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY', 'OTEL_EXPORTER_OTLP_CLIENT_KEY')?.[1],
  });
  if (Object.keys(tls).length > 0) exporter.tls = tls;
  const tenancy = tenancyFromEnv(env);
  if (tenancy === 'invalid') {
    // Tenancy asked for but unreadable must not quietly export every tenant's spans together.
    diag.error('agent-otel: AGENT_OTEL_TENANCY must be true, false or a JSON object; export is off until it is fixed');
    exporter.type = 'none';
  } else if (tenancy !== undefined) {
    exporter.tenancy = tenancy;
  }
  return exporter;
}

function zipkinFromEnv(env: Environment): ZipkinEnvironment {
  const zipkin: ZipkinEnvironment = {};
  const endpoint = nonEmpty(env.OTEL_EXPORTER_ZIPKIN_ENDPOINT);
  if (endpoint !== undefined) zipkin.endpoint = endpoint;
  const timeout = positive(env, 'OTEL_EXPORTER_ZIPKIN_TIMEOUT');
  if (timeout !== undefined) zipkin.timeoutMillis = timeout;
  return zipkin;
}

/** AGENT_OTEL_TENANCY: `true` (defaults), `false`, or a JSON object of ExporterTenancyOptions. */
function tenancyFromEnv(env: Environment): ExporterTenancyOptions | 'invalid' | undefined {
  const raw = nonEmpty(env.AGENT_OTEL_TENANCY);
  if (raw === undefined || raw.toLowerCase() === 'false') return undefined;
  if (raw.toLowerCase() === 'true') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ExporterTenancyOptions) : 'invalid';
  } catch {
    return 'invalid';
  }
}

function captureFromEnv(env: Environment): CaptureOptions {
  const capture: CaptureOptions = {};
  const mode = nonEmpty(env.AGENT_OTEL_CAPTURE_MODE);
  if (mode !== undefined) {
    if (isCaptureMode(mode)) capture.defaultMode = mode;
    else diag.warn(`agent-otel: AGENT_OTEL_CAPTURE_MODE=${mode} is not one of sampled, complete, critical; ignored`);
  }
  const rules = nonEmpty(env.AGENT_OTEL_CAPTURE_RULES);
  if (rules !== undefined) {
    try {
      const parsed: unknown = JSON.parse(rules);
      if (!Array.isArray(parsed)) throw new Error('expected a JSON array of rules');
      capture.rules = parsed as CaptureRule[];
    } catch (err) {
      diag.warn(`agent-otel: AGENT_OTEL_CAPTURE_RULES ignored: ${(err as Error).message}`);
    }
  }
  const ring = {
    bufferSize: positive(env, 'AGENT_OTEL_BUFFER_SIZE'),
    flushIntervalMs: positive(env, 'AGENT_OTEL_FLUSH_INTERVAL_MS'),
    flushThreshold: positive(env, 'AGENT_OTEL_FLUSH_THRESHOLD'),
    maxExportBatchSize: positive(env, 'AGENT_OTEL_MAX_EXPORT_BATCH_SIZE'),
    maxConcurrentExports: positive(env, 'AGENT_OTEL_MAX_CONCURRENT_EXPORTS'),
    exportTimeoutMs: positive(env, 'AGENT_OTEL_EXPORT_TIMEOUT_MS'),
  };
  if (Object.values(ring).some((v) => v !== undefined)) capture.ringBuffer = definedOnly(ring);
  const key = nonEmpty(env.AGENT_OTEL_WAL_KEY);
  const encryptionKey = key === undefined ? undefined : decodeKey(key);
  const wal = {
    // A bad key must never turn into an unencrypted WAL: the WAL stays closed instead.
    enabled: key !== undefined && encryptionKey === undefined ? false : bool(env, 'AGENT_OTEL_WAL_ENABLED'),
    dir: nonEmpty(env.AGENT_OTEL_WAL_DIR),
    maxBytes: positive(env, 'AGENT_OTEL_WAL_MAX_BYTES'),
    segmentBytes: positive(env, 'AGENT_OTEL_WAL_SEGMENT_BYTES'),
    confirmTimeoutMs: positive(env, 'AGENT_OTEL_CONFIRM_TIMEOUT_MS'),
    encryptionKey,
  };
  if (Object.values(wal).some((v) => v !== undefined)) capture.wal = definedOnly(wal);
  return capture;
}

/** A 32-byte key given as 64 hex characters or base64; anything else is reported and gives undefined. */
function decodeKey(text: string): Uint8Array | undefined {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length === 32) return bytes;
  diag.error('agent-otel: AGENT_OTEL_WAL_KEY must be 32 bytes as 64 hex characters or base64; the write-ahead log stays closed');
  return undefined;
}

function positive(env: Environment, name: string): number | undefined {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (Number.isFinite(value) && value > 0) return value;
  diag.warn(`agent-otel: ${name}=${raw} is not a positive number; ignored`);
  return undefined;
}


function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function firstSet(env: Environment, ...names: string[]): [string, string] | undefined {
  for (const name of names) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return [name, value];
  }
  return undefined;
}

function bool(env: Environment, name: string): boolean | undefined {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  diag.warn(`agent-otel: ${name}=${value} is not true or false; ignored`);
  return undefined;
}

function stringAttr(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
