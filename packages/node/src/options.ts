import type { Attributes } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { GenAiSpanProcessorOptions } from '@agent-otel/genai';
import type { CaptureMode, CaptureRule, RingBufferSpanProcessorOptions } from '@agent-otel/capture';

/** Diagnostic log levels, as in OTEL_LOG_LEVEL. */
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

/** Wire protocol of the OTLP trace exporter. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** Where and how spans are exported. */
export interface ExporterOptions {
  /**
   * Which exporter: `otlp` (default), `console` (prints spans, for debugging) or `none`.
   * Env: OTEL_TRACES_EXPORTER.
   */
  type?: 'otlp' | 'console' | 'none';
  /**
   * Full URL of the OTLP traces endpoint. Default `http://localhost:4318/v1/traces`.
   * Env: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is), else OTEL_EXPORTER_OTLP_ENDPOINT with
   * `/v1/traces` appended.
   */
  endpoint?: string;
  /** Extra request headers. Env: OTEL_EXPORTER_OTLP_TRACES_HEADERS / OTEL_EXPORTER_OTLP_HEADERS (`k=v,k2=v2`). */
  headers?: Record<string, string>;
  /** Export request timeout in ms. Default 10000. Env: OTEL_EXPORTER_OTLP_TRACES_TIMEOUT / OTEL_EXPORTER_OTLP_TIMEOUT. */
  timeoutMillis?: number;
  /** `http/protobuf` (default) or `http/json`. Env: OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL. */
  protocol?: OtlpProtocol;
  /** `gzip` or `none` (default). Env: OTEL_EXPORTER_OTLP_TRACES_COMPRESSION / OTEL_EXPORTER_OTLP_COMPRESSION. */
  compression?: 'gzip' | 'none';
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
}

/** Which automatic instrumentations register() enables (both default to true). */
export interface InstrumentationOptions {
  /** Inbound and outbound `node:http` / `node:https` (server and client spans, header propagation). */
  http?: boolean;
  /** `fetch()` and `undici` clients (client spans, header propagation). */
  undici?: boolean;
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
  /** Export destination and protocol. */
  exporter?: ExporterOptions;
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
  /** Automatic instrumentations. */
  instrumentations?: InstrumentationOptions;
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
