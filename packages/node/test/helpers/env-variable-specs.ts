/**
 * The documented environment variables of @agent-otel/node, as the README's table states them:
 * what each accepts and what is in force when a value is invalid. The env fuzz test checks
 * register() against this table; it is written from the README, not from the parser.
 */
import type { AgentOtelHandle } from '../../src/register';

/** What a variable takes. */
export type EnvValueType =
  /** Above `max` the maximum is used, unless `aboveMax` is `default`. */
  | { kind: 'number'; min: number; max: number; minExclusive?: boolean; integer: boolean; aboveMax?: 'default' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'bool' }
  | { kind: 'url' }
  | { kind: 'key-value-list' }
  | { kind: 'tenancy' }
  | { kind: 'rules' }
  | { kind: 'file' }
  | { kind: 'wal-dir' }
  | { kind: 'wal-key' }
  | { kind: 'text' };

/** One documented variable. */
export interface EnvVariableSpec {
  name: string;
  type: EnvValueType;
  /** Variables that must be set beside it for it to apply (e.g. the Zipkin ones need the zipkin exporter). */
  companions?: Record<string, string>;
  /** The value of the setting in force after register(), in a form the test compares. */
  inForce(handle: AgentOtelHandle): unknown;
  /** What `inForce` gives when the variable's value is invalid (the documented fallback). */
  fallback: unknown;
}

/** setTimeout's longest delay. */
const MAX_TIMER = 2 ** 31 - 1;

const ms = { kind: 'number', min: 1, max: MAX_TIMER, integer: false } as const;
const ring = (h: AgentOtelHandle) => h.options.capture?.ringBuffer ?? {};
const wal = (h: AgentOtelHandle) => h.options.capture?.wal ?? {};

/** Every variable the README's table documents. */
export const ENV_VARIABLES: readonly EnvVariableSpec[] = [
  { name: 'OTEL_SERVICE_NAME', type: { kind: 'text' }, inForce: (h) => h.options.serviceName, fallback: undefined },
  { name: 'OTEL_RESOURCE_ATTRIBUTES', type: { kind: 'key-value-list' }, inForce: (h) => h.options.resourceAttributes, fallback: {} },
  { name: 'AGENT_OTEL_ENVIRONMENT', type: { kind: 'text' }, inForce: (h) => h.options.environment, fallback: undefined },
  {
    name: 'OTEL_TRACES_EXPORTER',
    type: { kind: 'enum', values: ['otlp', 'zipkin', 'console', 'none'] },
    inForce: (h) => h.options.exporter.type,
    fallback: undefined,
  },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', type: { kind: 'url' }, inForce: (h) => h.options.exporter.endpoint, fallback: undefined },
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', type: { kind: 'url' }, inForce: (h) => h.options.exporter.endpoint, fallback: undefined },
  {
    name: 'OTEL_EXPORTER_ZIPKIN_ENDPOINT',
    type: { kind: 'url' },
    companions: { OTEL_TRACES_EXPORTER: 'zipkin' },
    inForce: (h) => h.options.exporter.endpoint,
    fallback: undefined,
  },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', type: { kind: 'key-value-list' }, inForce: (h) => h.options.exporter.headers ?? {}, fallback: {} },
  { name: 'OTEL_EXPORTER_OTLP_HEADERS', type: { kind: 'key-value-list' }, inForce: (h) => h.options.exporter.headers ?? {}, fallback: {} },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', type: ms, inForce: (h) => h.options.exporter.timeoutMillis, fallback: undefined },
  { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', type: ms, inForce: (h) => h.options.exporter.timeoutMillis, fallback: undefined },
  {
    name: 'OTEL_EXPORTER_ZIPKIN_TIMEOUT',
    type: ms,
    companions: { OTEL_TRACES_EXPORTER: 'zipkin' },
    inForce: (h) => h.options.exporter.timeoutMillis,
    fallback: undefined,
  },
  ...['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'].map((name): EnvVariableSpec => ({
    name,
    type: { kind: 'enum', values: ['http/protobuf', 'http/json'] },
    inForce: (h) => h.options.exporter.protocol,
    fallback: undefined,
  })),
  ...['OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'OTEL_EXPORTER_OTLP_COMPRESSION'].map((name): EnvVariableSpec => ({
    name,
    type: { kind: 'enum', values: ['gzip', 'none'] },
    inForce: (h) => h.options.exporter.compression,
    fallback: undefined,
  })),
  ...[
    'OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE',
    'OTEL_EXPORTER_OTLP_CERTIFICATE',
    'OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE',
    'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE',
    'OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY',
    'OTEL_EXPORTER_OTLP_CLIENT_KEY',
  ].map(
    // An unreadable file is left out; export still runs (and fails the TLS handshake visibly).
    (name): EnvVariableSpec => ({ name, type: { kind: 'file' }, inForce: (h) => h.pipeline?.ringBuffer !== undefined, fallback: true }),
  ),
  {
    name: 'AGENT_OTEL_TENANCY',
    type: { kind: 'tenancy' },
    // Unreadable tenancy turns export off rather than mixing tenants.
    inForce: (h) => [h.options.exporter.type, h.pipeline?.ringBuffer === undefined],
    fallback: ['none', true],
  },
  { name: 'AGENT_OTEL_AGENT_NAME', type: { kind: 'text' }, inForce: (h) => h.options.genai?.agentName, fallback: undefined },
  { name: 'AGENT_OTEL_AGENT_VERSION', type: { kind: 'text' }, inForce: (h) => h.options.genai?.agentVersion, fallback: undefined },
  {
    name: 'AGENT_OTEL_CAPTURE_MODE',
    type: { kind: 'enum', values: ['sampled', 'complete', 'critical'] },
    inForce: (h) => h.options.capture?.defaultMode,
    fallback: undefined,
  },
  { name: 'AGENT_OTEL_CAPTURE_RULES', type: { kind: 'rules' }, inForce: (h) => h.options.capture?.rules, fallback: undefined },
  { name: 'AGENT_OTEL_BUFFER_SIZE', type: { kind: 'number', min: 1, max: 1_000_000, integer: true }, inForce: (h) => ring(h).bufferSize, fallback: undefined },
  { name: 'AGENT_OTEL_FLUSH_INTERVAL_MS', type: ms, inForce: (h) => ring(h).flushIntervalMs, fallback: undefined },
  {
    name: 'AGENT_OTEL_FLUSH_THRESHOLD',
    type: { kind: 'number', min: 0, minExclusive: true, max: 1, integer: false },
    inForce: (h) => ring(h).flushThreshold,
    fallback: undefined,
  },
  {
    name: 'AGENT_OTEL_MAX_EXPORT_BATCH_SIZE',
    // At most the buffer size, 2048 by default.
    type: { kind: 'number', min: 1, max: 2048, integer: true },
    inForce: (h) => ring(h).maxExportBatchSize,
    fallback: undefined,
  },
  {
    name: 'AGENT_OTEL_MAX_CONCURRENT_EXPORTS',
    type: { kind: 'number', min: 1, max: 64, integer: true },
    inForce: (h) => ring(h).maxConcurrentExports,
    fallback: undefined,
  },
  { name: 'AGENT_OTEL_EXPORT_TIMEOUT_MS', type: ms, inForce: (h) => ring(h).exportTimeoutMs, fallback: undefined },
  { name: 'AGENT_OTEL_DEFER_ENRICHMENT', type: { kind: 'bool' }, inForce: (h) => h.options.capture?.deferEnrichment, fallback: undefined },
  { name: 'AGENT_OTEL_WAL_ENABLED', type: { kind: 'bool' }, inForce: (h) => wal(h).enabled, fallback: undefined },
  // The WAL cannot be opened there: complete and critical spans are captured as sampled.
  { name: 'AGENT_OTEL_WAL_DIR', type: { kind: 'wal-dir' }, inForce: (h) => h.pipeline?.wal === undefined, fallback: true },
  {
    name: 'AGENT_OTEL_WAL_MAX_BYTES',
    type: { kind: 'number', min: 65536, max: 2 ** 40, integer: true },
    inForce: (h) => wal(h).maxBytes,
    fallback: undefined,
  },
  {
    name: 'AGENT_OTEL_WAL_SEGMENT_BYTES',
    // At most the disk bound, 256 MiB by default; a bigger segment falls back to the default size.
    type: { kind: 'number', min: 4096, max: 256 * 1024 * 1024, integer: true, aboveMax: 'default' },
    inForce: (h) => wal(h).segmentBytes,
    fallback: undefined,
  },
  // A malformed key never gives an unencrypted WAL: the WAL stays closed.
  { name: 'AGENT_OTEL_WAL_KEY', type: { kind: 'wal-key' }, inForce: (h) => [wal(h).enabled, h.pipeline?.wal === undefined], fallback: [false, true] },
  { name: 'AGENT_OTEL_CONFIRM_TIMEOUT_MS', type: ms, inForce: (h) => wal(h).confirmTimeoutMs, fallback: undefined },
  {
    name: 'OTEL_LOG_LEVEL',
    type: { kind: 'enum', values: ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] },
    inForce: (h) => h.options.logLevel,
    fallback: undefined,
  },
  { name: 'OTEL_SDK_DISABLED', type: { kind: 'bool' }, inForce: (h) => h.options.disabled, fallback: undefined },
  {
    name: 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
    type: { kind: 'number', min: 1, max: 2 ** 30, integer: true },
    inForce: (h) => h.options.genai?.limits?.maxAttributeValueLength,
    fallback: undefined,
  },
];

/** How register() must treat one raw value of a variable. */
export type Expectation =
  /** Empty or blank: the same as unset (OTel's rule), nothing reported. */
  | { kind: 'unset' }
  /** A valid value: used, nothing reported. */
  | { kind: 'valid' }
  /** Above the maximum: reported once, the maximum is used. */
  | { kind: 'clamped'; value: number }
  /** Invalid: reported once, the fallback is in force. */
  | { kind: 'invalid' };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The README's rule for `raw` as a value of `spec`. */
export function expectationFor(spec: EnvVariableSpec, raw: string): Expectation {
  const text = raw.trim();
  if (text === '') return { kind: 'unset' };
  const t = spec.type;
  switch (t.kind) {
    case 'text':
      return { kind: 'valid' };
    case 'number': {
      if (!DECIMAL.test(text)) return { kind: 'invalid' };
      const n = Number(text);
      if (!Number.isFinite(n)) return { kind: 'invalid' };
      if (n > t.max) return (t.integer && !Number.isInteger(n)) || t.aboveMax === 'default' ? { kind: 'invalid' } : { kind: 'clamped', value: t.max };
      if (t.integer && !Number.isInteger(n)) return { kind: 'invalid' };
      if (t.minExclusive ? n <= t.min : n < t.min) return { kind: 'invalid' };
      return { kind: 'valid' };
    }
    case 'enum':
      return t.values.includes(text.toLowerCase()) ? { kind: 'valid' } : { kind: 'invalid' };
    case 'bool':
      return ['true', 'false'].includes(text.toLowerCase()) ? { kind: 'valid' } : { kind: 'invalid' };
    case 'url': {
      try {
        const url = new URL(text);
        return url.protocol === 'http:' || url.protocol === 'https:' ? { kind: 'valid' } : { kind: 'invalid' };
      } catch {
        return { kind: 'invalid' };
      }
    }
    case 'key-value-list':
      return text.split(',').every((e) => e.trim() === '' || validEntry(e.trim())) ? { kind: 'valid' } : { kind: 'invalid' };
    case 'tenancy':
      return ['true', 'false', '{}'].includes(text.toLowerCase()) ? { kind: 'valid' } : { kind: 'invalid' };
    case 'rules':
      return text === '[]' ? { kind: 'valid' } : { kind: 'invalid' };
    case 'file':
    case 'wal-dir':
    case 'wal-key':
      // The generators only produce unusable paths and keys.
      return { kind: 'invalid' };
  }
}

function validEntry(entry: string): boolean {
  const eq = entry.indexOf('=');
  if (eq <= 0) return false;
  try {
    return decodeURIComponent(entry.slice(0, eq).trim()) !== '' && (decodeURIComponent(entry.slice(eq + 1).trim()), true);
  } catch {
    return false;
  }
}
