import type { Attributes } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { GenAiSpanProcessorOptions } from '@agent-otel/genai';

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
