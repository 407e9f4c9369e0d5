import type { SpanEncoder } from '../otlp/span-encoder';
import { resolveHttpPostSenderOptions, type ResolvedHttpPostSenderOptions } from './http-post-sender-options';
import type { RetryOptions } from './retry-options';
import type { TlsOptions } from './http-sender';
import { resolveTenancyOptions, type ResolvedTenancyOptions, type TenancyOptions } from './tenancy-options';

/** Options of `OtlpHttpSpanExporter`. Every field is optional; the defaults are stated on each. */
export interface OtlpHttpSpanExporterOptions {
  /** OTLP/HTTP traces endpoint, `http:` or `https:`. Default `http://localhost:4318/v1/traces`. */
  url?: string;
  /** Extra request headers (e.g. authorization). `content-type` and `content-encoding` are set by the exporter. Default none. */
  headers?: Record<string, string>;
  /**
   * Time budget of one export, in ms: waiting for a request slot, every attempt and every backoff
   * wait. Default 10000.
   */
  timeoutMillis?: number;
  /** Request body compression. Default `'none'`. */
  compression?: 'gzip' | 'none';
  /** Turns spans into OTLP/protobuf request bytes. Default `createProtobufSpanEncoder()`. */
  encoder?: SpanEncoder;
  /**
   * Largest number of spans encoded in one synchronous step. A bigger batch is encoded in chunks of
   * this size with a yield to the event loop between them (the chunks, each a complete request, are
   * concatenated into one request body), so exporting never stalls the application for more than
   * one chunk's encoding (~0.4 ms for 128 LLM-shaped spans). Default 128.
   */
  encodeChunkSize?: number;
  /** Retry policy; see `RetryOptions` for each default (5 attempts, backoff 1 s doubling up to 5 s). */
  retry?: RetryOptions;
  /**
   * Most requests in flight at once; further requests wait in a queue (within `timeoutMillis`)
   * rather than fail. Default 4.
   */
  maxConcurrentRequests?: number;
  /** TLS settings of an `https:` endpoint (custom CA, client certificate). Default: Node's CAs, no client certificate. */
  tls?: TlsOptions;
  /**
   * Per-tenant routing: each batch is split by tenant, each tenant's spans sent as their own
   * request with the tenant header, to the tenant's own endpoint when listed. Default none: every
   * span goes to `url` without a tenant header.
   */
  tenancy?: TenancyOptions;
}

/** The options with defaults applied and values checked, once (`encoder` is resolved by the exporter). */
export interface ResolvedOtlpHttpExporterOptions extends ResolvedHttpPostSenderOptions {
  readonly encodeChunkSize: number;
  /** Undefined when tenancy is off. */
  readonly tenancy: ResolvedTenancyOptions | undefined;
}

/** Default value of every `OtlpHttpSpanExporterOptions` field but `encoder` and `retry`. */
export const OTLP_HTTP_EXPORTER_DEFAULTS = {
  url: 'http://localhost:4318/v1/traces',
  timeoutMillis: 10000,
  compression: 'none',
  maxConcurrentRequests: 4,
  encodeChunkSize: 128,
} as const;

const NAME = 'OtlpHttpSpanExporter';

/**
 * Applies the defaults, checks every value, and builds the request headers.
 * @throws TypeError/RangeError naming the option when a value is invalid.
 */
export function resolveOtlpHttpExporterOptions(options: OtlpHttpSpanExporterOptions = {}): ResolvedOtlpHttpExporterOptions {
  const d = OTLP_HTTP_EXPORTER_DEFAULTS;
  const resolved = resolveHttpPostSenderOptions(
    {
      url: options.url ?? d.url,
      contentType: 'application/x-protobuf',
      headers: options.headers,
      timeoutMillis: options.timeoutMillis ?? d.timeoutMillis,
      compression: options.compression ?? d.compression,
      retry: options.retry,
      maxConcurrentRequests: options.maxConcurrentRequests ?? d.maxConcurrentRequests,
      tls: options.tls,
    },
    NAME,
  );
  const encodeChunkSize = options.encodeChunkSize ?? d.encodeChunkSize;
  if (!Number.isSafeInteger(encodeChunkSize) || encodeChunkSize < 1) {
    throw new RangeError(`${NAME}: option encodeChunkSize must be an integer >= 1, got ${String(encodeChunkSize)}`);
  }
  const tenancy = options.tenancy === undefined ? undefined : resolveTenancyOptions(options.tenancy, NAME);
  return { ...resolved, encodeChunkSize, tenancy };
}
