import type { SpanEncoder } from '../otlp/span-encoder';
import { resolveRetryOptions, type ResolvedRetryOptions, type RetryOptions } from './retry-options';

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
}

/** The options with defaults applied and values checked (`encoder` is resolved by the exporter). */
export interface ResolvedOtlpHttpExporterOptions {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMillis: number;
  readonly compression: 'gzip' | 'none';
  readonly retry: ResolvedRetryOptions;
  readonly maxConcurrentRequests: number;
  readonly encodeChunkSize: number;
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
const MAX_TIMER_MS = 2147483647;

/**
 * Applies the defaults, checks every value, and builds the request headers.
 * @throws TypeError/RangeError naming the option when a value is invalid.
 */
export function resolveOtlpHttpExporterOptions(options: OtlpHttpSpanExporterOptions = {}): ResolvedOtlpHttpExporterOptions {
  const d = OTLP_HTTP_EXPORTER_DEFAULTS;
  const rawUrl = options.url ?? d.url;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new TypeError(`${NAME}: option url is not a valid URL: ${JSON.stringify(rawUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${NAME}: option url must use http: or https:, got ${JSON.stringify(rawUrl)}`);
  }
  const timeoutMillis = options.timeoutMillis ?? d.timeoutMillis;
  if (typeof timeoutMillis !== 'number' || !Number.isFinite(timeoutMillis) || timeoutMillis <= 0 || timeoutMillis > MAX_TIMER_MS) {
    throw new RangeError(`${NAME}: option timeoutMillis must be a number of milliseconds in (0, ${MAX_TIMER_MS}], got ${String(timeoutMillis)}`);
  }
  const compression = options.compression ?? d.compression;
  if (compression !== 'gzip' && compression !== 'none') {
    throw new RangeError(`${NAME}: option compression must be 'gzip' or 'none', got ${JSON.stringify(compression)}`);
  }
  const maxConcurrentRequests = options.maxConcurrentRequests ?? d.maxConcurrentRequests;
  if (!Number.isSafeInteger(maxConcurrentRequests) || maxConcurrentRequests < 1) {
    throw new RangeError(`${NAME}: option maxConcurrentRequests must be an integer >= 1, got ${String(maxConcurrentRequests)}`);
  }
  const encodeChunkSize = options.encodeChunkSize ?? d.encodeChunkSize;
  if (!Number.isSafeInteger(encodeChunkSize) || encodeChunkSize < 1) {
    throw new RangeError(`${NAME}: option encodeChunkSize must be an integer >= 1, got ${String(encodeChunkSize)}`);
  }
  const headers: Record<string, string> = { 'user-agent': 'agent-otel' };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== 'string') {
      throw new TypeError(`${NAME}: option headers.${name} must be a string, got ${typeof value}`);
    }
    headers[name.toLowerCase()] = value;
  }
  headers['content-type'] = 'application/x-protobuf';
  if (compression === 'gzip') headers['content-encoding'] = 'gzip';
  else delete headers['content-encoding'];
  delete headers['content-length'];
  return {
    url,
    headers,
    timeoutMillis,
    compression,
    retry: resolveRetryOptions(options.retry),
    maxConcurrentRequests,
    encodeChunkSize,
  };
}
