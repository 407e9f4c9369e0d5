import type { Attributes } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@agent-otel/capture';
import type { GenAiSpanProcessorOptions } from '@agent-otel/genai';
import type { CaptureMode, CaptureRule, RingBufferSpanProcessorOptions } from '@agent-otel/capture';
import type { InstrumentationEntry } from './user-instrumentation';

/** Diagnostic log levels, as in OTEL_LOG_LEVEL. */
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

/** Wire protocol of the OTLP trace exporter. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** Which exporter sends the spans. */
export type ExporterType = 'otlp' | 'zipkin' | 'console' | 'none';

/**
 * TLS settings of an `https:` OTLP endpoint (ignored for `http:`). PEM given inline wins over the
 * same item given as a file; files are read once by register(). Every field is optional.
 */
export interface ExporterTlsOptions {
  /** PEM file of the CAs to trust instead of Node's bundled list. Env: OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE / OTEL_EXPORTER_OTLP_CERTIFICATE. */
  caFile?: string;
  /** PEM file of the client certificate (mutual TLS). Env: OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE / OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE. */
  certFile?: string;
  /** PEM file of the client certificate's private key. Env: OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY / OTEL_EXPORTER_OTLP_CLIENT_KEY. */
  keyFile?: string;
  /** CA certificates as PEM text. Default: Node's bundled CAs. */
  ca?: string | Uint8Array;
  /** Client certificate as PEM text; needs a key. Default none. */
  cert?: string | Uint8Array;
  /** Client key as PEM text; needs a certificate. Default none. */
  key?: string | Uint8Array;
  /** Verify the server certificate. Default true; turn off only for tests. */
  rejectUnauthorized?: boolean;
}

/**
 * Per-tenant export (OTLP http/protobuf only). Spans carry the tenant in `agent_otel.tenant.id`
 * (copied from the `tenant.id` baggage entry); each export batch is split by tenant and each part
 * sent with the tenant header and/or to the tenant's endpoint. Env: AGENT_OTEL_TENANCY (`true` for
 * the defaults, or this object as JSON).
 */
export interface ExporterTenancyOptions {
  /** Header naming the tenant on every export request. Default `x-tenant`. */
  header?: string;
  /** Span (else resource) attribute holding the tenant id. Default `agent_otel.tenant.id`. */
  attribute?: string;
  /** OTLP traces endpoint per tenant id; other tenants use `exporter.endpoint`. Default none. */
  endpoints?: Record<string, string>;
  /**
   * Tenant of spans that carry none (or an invalid one). Unset: they are sent to `exporter.endpoint`
   * without the header (a backend enforcing tenancy rejects them). Default none.
   */
  defaultTenant?: string;
}

/** Where and how spans are exported. */
export interface ExporterOptions {
  /**
   * Which exporter: `otlp` (default), `zipkin` (Zipkin JSON v2), `console` (prints spans, for
   * debugging) or `none`. Env: OTEL_TRACES_EXPORTER.
   */
  type?: ExporterType;
  /**
   * Full URL of the traces endpoint. OTLP: default `http://localhost:4318/v1/traces`; env
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is), else OTEL_EXPORTER_OTLP_ENDPOINT with
   * `/v1/traces` appended (unless it already ends in `/v1/traces`). This option is used as is. Zipkin: default `http://localhost:9411/api/v2/spans`; env
   * OTEL_EXPORTER_ZIPKIN_ENDPOINT.
   */
  endpoint?: string;
  /** Extra request headers. Env: OTEL_EXPORTER_OTLP_TRACES_HEADERS / OTEL_EXPORTER_OTLP_HEADERS (`k=v,k2=v2`). */
  headers?: Record<string, string>;
  /**
   * Export request timeout in ms. Default 10000. Env: OTEL_EXPORTER_OTLP_TRACES_TIMEOUT /
   * OTEL_EXPORTER_OTLP_TIMEOUT (OTLP), OTEL_EXPORTER_ZIPKIN_TIMEOUT (Zipkin).
   */
  timeoutMillis?: number;
  /** `http/protobuf` (default) or `http/json` (OTLP only). Env: OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL. */
  protocol?: OtlpProtocol;
  /** `gzip` or `none` (default), OTLP only. Env: OTEL_EXPORTER_OTLP_TRACES_COMPRESSION / OTEL_EXPORTER_OTLP_COMPRESSION. */
  compression?: 'gzip' | 'none';
  /** TLS settings of an `https:` OTLP endpoint (custom CA, client certificate). Default: Node's CAs. */
  tls?: ExporterTlsOptions;
  /** Per-tenant routing of OTLP http/protobuf export. Default off. */
  tenancy?: ExporterTenancyOptions;
  /** Use this exporter instead of building one from the options above. */
  custom?: SpanExporter;
}

/** The write-ahead log behind the `complete` and `critical` capture modes. */
export interface WalCaptureOptions {
  /** Open a WAL at start (and re-export what an earlier process left). Default true. Env: AGENT_OTEL_WAL_ENABLED. */
  enabled?: boolean;
  /**
   * WAL directory; one process per directory. Default `$XDG_STATE_HOME/agent-otel/wal/<service.name>`
   * (`~/.local/state/...` when XDG_STATE_HOME is unset). Env: AGENT_OTEL_WAL_DIR.
   */
  dir?: string;
  /** Disk bound in bytes. Default 256 MiB. Env: AGENT_OTEL_WAL_MAX_BYTES. */
  maxBytes?: number;
  /** Segment size in bytes. Default 16 MiB. Env: AGENT_OTEL_WAL_SEGMENT_BYTES. */
  segmentBytes?: number;
  /** 32-byte AES-256-GCM key for encryption at rest. Env: AGENT_OTEL_WAL_KEY (64 hex chars or base64). */
  encryptionKey?: Uint8Array;
  /** Default wait of `confirmed()` for critical spans, in ms. Default 10000. Env: AGENT_OTEL_CONFIRM_TIMEOUT_MS. */
  confirmTimeoutMs?: number;
}

/** Capture modes: which pipeline each span goes to (DESIGN §4). */
export interface CaptureOptions {
  /** Mode of spans that state none and match no rule. Default `sampled`. Env: AGENT_OTEL_CAPTURE_MODE. */
  defaultMode?: CaptureMode;
  /** Rules that pick a mode from span name and attributes. Env: AGENT_OTEL_CAPTURE_RULES (JSON array). */
  rules?: CaptureRule[];
  /**
   * Ring buffer of the sampled mode. Env: AGENT_OTEL_BUFFER_SIZE, AGENT_OTEL_FLUSH_INTERVAL_MS,
   * AGENT_OTEL_FLUSH_THRESHOLD, AGENT_OTEL_MAX_EXPORT_BATCH_SIZE, AGENT_OTEL_MAX_CONCURRENT_EXPORTS,
   * AGENT_OTEL_EXPORT_TIMEOUT_MS.
   */
  ringBuffer?: RingBufferSpanProcessorOptions;
  /** The write-ahead log of the complete and critical modes. */
  wal?: WalCaptureOptions;
  /**
   * Run the GenAI processor's end-of-span work (normalize, dedupe, price, limit, redact) for
   * sampled spans off the caller's stack: `end()` only queues the span; the work runs in short
   * background slices (at most 1 ms each, in end order) and always before the span is exported, so
   * no unredacted byte leaves the process either way. Complete and critical spans, and spans that
   * `rules` must see enriched, are still enriched inside `end()`, before the WAL append.
   * A processor in `additionalSpanProcessors` would see sampled spans before that work, so the
   * default is true for register() without `additionalSpanProcessors`, and false otherwise
   * (including agentOtelSpanProcessors(), whose chain the application may extend).
   * Env: AGENT_OTEL_DEFER_ENRICHMENT.
   */
  deferEnrichment?: boolean;
}

/** Which instrumentations register() enables: its own two (both default to true) and the application's. */
export interface InstrumentationOptions {
  /** Inbound and outbound `node:http` / `node:https` (server and client spans, header propagation). */
  http?: boolean;
  /** `fetch()` and `undici` clients (client spans, header propagation). */
  undici?: boolean;
  /**
   * The application's instrumentations (e.g. `new OpenAIInstrumentation()`), or functions that
   * construct them, enabled on agent-otel's provider. One that throws when constructed or enabled
   * is reported through `diag` and left out. One named like a built-in one
   * (`@opentelemetry/instrumentation-http`) replaces it. Default none.
   */
  additional?: InstrumentationEntry[];
}

/** Options of {@link register}. Every field is optional; environment variables fill what is not given. */
export interface RegisterOptions {
  /** `service.name`. Env: OTEL_SERVICE_NAME, then OTEL_RESOURCE_ATTRIBUTES. Default `unknown_service:node`. */
  serviceName?: string;
  /** `service.version`. Env: OTEL_RESOURCE_ATTRIBUTES. */
  serviceVersion?: string;
  /** `deployment.environment.name`. Env: OTEL_RESOURCE_ATTRIBUTES, then AGENT_OTEL_ENVIRONMENT. */
  environment?: string;
  /** More resource attributes; OTEL_RESOURCE_ATTRIBUTES adds to them (options win on conflicts). */
  resourceAttributes?: Attributes;
  /** Export destination and protocol; a type alone (`'zipkin'`) is short for `{ type: 'zipkin' }`. */
  exporter?: ExporterOptions | ExporterType;
  /** GenAI span processor options (agent name/version, price table). */
  genai?: GenAiSpanProcessorOptions;
  /** Capture modes, ring buffer and write-ahead log. */
  capture?: CaptureOptions;
  /**
   * Level of agent-otel's and the SDK's own diagnostics printed to the console: none, error, warn,
   * info, debug, verbose, all. Default `warn`, so drops and export failures are never silent.
   * Env: OTEL_LOG_LEVEL.
   */
  logLevel?: LogLevel;
  /**
   * Instrumentations: an array is short for `{ additional: [...] }` (the built-in http and undici
   * ones stay on).
   */
  instrumentations?: InstrumentationOptions | InstrumentationEntry[];
  /** Processors appended after agent-otel's own (e.g. a SimpleSpanProcessor for tests). */
  additionalSpanProcessors?: SpanProcessor[];
  /**
   * Flush on SIGTERM and shut down on `beforeExit`. Default true. On SIGTERM, when no other
   * SIGTERM listener exists, the signal is re-raised after the flush so the process still exits.
   */
  handleProcessExit?: boolean;
  /** Timeout of the flush on SIGTERM / beforeExit, in ms. Default 5000. */
  shutdownTimeoutMillis?: number;
  /** Turns everything off: register() returns a no-op handle. Env: OTEL_SDK_DISABLED=true. */
  disabled?: boolean;
}

/** Options after register() merged code over environment and validated them: `exporter` is always an object. */
export interface ResolvedOptions extends RegisterOptions {
  exporter: ExporterOptions;
  instrumentations?: InstrumentationOptions;
}
