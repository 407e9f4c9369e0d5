import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { context } from '@opentelemetry/api';
import { BindOnceFuture, ExportResultCode, globalErrorHandler, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { EncodedSpanSender } from '../encoded-span-sender';
import { createProtobufSpanEncoder } from '../otlp/protobuf-span-encoder';
import type { SpanEncoder } from '../otlp/span-encoder';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { HttpSender } from './http-sender';
import { OtlpExportError } from './otlp-export-error';
import { resolveOtlpHttpExporterOptions, type OtlpHttpSpanExporterOptions, type ResolvedOtlpHttpExporterOptions } from './otlp-http-exporter-options';
import { RetryingSender } from './retrying-sender';

const gzipAsync = promisify(gzip);

/** Counters of an `OtlpHttpSpanExporter`, per request (one `export()` or `sendEncoded()` call). */
export interface OtlpHttpSpanExporterStats {
  /** Requests the backend accepted (2xx), total. */
  sent: number;
  /** Requests that failed for any reason (including `givenUp`), total. */
  failed: number;
  /** Retries made (attempts after the first), total. */
  retried: number;
  /** Failed requests abandoned on a retryable failure because attempts or time ran out, total. */
  givenUp: number;
  /** Requests on the wire now. */
  inFlight: number;
  /** Requests waiting for a free slot now (`maxConcurrentRequests`). */
  queued: number;
}

const NAME = 'OtlpHttpSpanExporter';

/**
 * A `SpanExporter` that POSTs OTLP/protobuf (`application/x-protobuf`) to an OTLP/HTTP endpoint
 * with `node:http`/`node:https` over keep-alive connections, inside `suppressTracing`.
 *
 * Unlike the stock exporter it never fails a request for being over its concurrency limit: such
 * requests wait their turn (within `timeoutMillis`). Retryable failures (429, 502, 503, 504,
 * network errors) are retried with backoff and jitter, honouring `Retry-After`; other responses fail
 * at once with an `OtlpExportError` naming the status and URL.
 */
export class OtlpHttpSpanExporter implements SpanExporter, EncodedSpanSender {
  /** The endpoint requests are sent to. */
  readonly url: string;
  private readonly _options: ResolvedOtlpHttpExporterOptions;
  private readonly _encoder: SpanEncoder;
  private readonly _http: HttpSender;
  private readonly _retrying: RetryingSender;
  private readonly _limiter: ConcurrencyLimiter;
  private readonly _pending = new Set<Promise<ExportResult>>();
  private readonly _shutdownOnce: BindOnceFuture<void>;
  private _sent = 0;
  private _failed = 0;

  /**
   * @param options see `OtlpHttpSpanExporterOptions` for every default.
   * @throws TypeError/RangeError naming the option when a value is invalid.
   */
  constructor(options: OtlpHttpSpanExporterOptions = {}) {
    this._options = resolveOtlpHttpExporterOptions(options);
    this.url = this._options.url.href;
    this._encoder = options.encoder ?? createProtobufSpanEncoder();
    this._http = new HttpSender(this._options.url, this._options.headers, this._options.maxConcurrentRequests);
    this._retrying = new RetryingSender((body, timeoutMs) => this._http.send(body, timeoutMs), this.url, this._options.retry);
    this._limiter = new ConcurrencyLimiter(this._options.maxConcurrentRequests);
    this._shutdownOnce = new BindOnceFuture(this._shutdown, this);
  }

  /**
   * Encodes `spans` as one request and sends it; `resultCallback` gets the outcome (never an
   * exception). Batches larger than `encodeChunkSize` are encoded chunk by chunk, yielding to the
   * event loop in between.
   */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this._shutdownOnce.isCalled) {
      resultCallback(this._shutDownResult());
      return;
    }
    const chunk = this._options.encodeChunkSize;
    const encoded = spans.length <= chunk ? this._encodeNow(spans) : this._encodeInChunks(spans, chunk);
    const job: Promise<ExportResult> = encoded
      .then((bytes) => this.sendEncoded(bytes))
      .catch((err: unknown): ExportResult => {
        this._failed++;
        return { code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(`${NAME}: encoding failed: ${String(err)}`) };
      })
      .then((result) => {
        try {
          resultCallback(result);
        } catch (err) {
          globalErrorHandler(err instanceof Error ? err : new Error(`${NAME}: result callback threw: ${String(err)}`));
        }
        return result;
      });
    // Tracked from the start (encoding included), so forceFlush() covers exports still encoding.
    this._pending.add(job);
    void job.then(() => this._pending.delete(job));
  }

  /** One synchronous encoding; the encoder may reuse its buffer, so the request gets its own copy. */
  private _encodeNow(spans: readonly ReadableSpan[]): Promise<Uint8Array> {
    try {
      return Promise.resolve(Buffer.from(this._encoder.encode(spans)));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Encodes `chunk` spans at a time with a macrotask yield between chunks; concatenated requests are one request. */
  private async _encodeInChunks(spans: readonly ReadableSpan[], chunk: number): Promise<Uint8Array> {
    const parts: Buffer[] = [];
    for (let i = 0; i < spans.length; i += chunk) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      parts.push(Buffer.from(this._encoder.encode(spans.slice(i, i + chunk))));
    }
    return Buffer.concat(parts);
  }

  /**
   * Sends already encoded OTLP/protobuf `ExportTraceServiceRequest` bytes (several encoded requests
   * concatenated are one valid request). `bytes` must not change until the promise settles.
   * Resolves with the outcome; never rejects.
   */
  sendEncoded(bytes: Uint8Array): Promise<ExportResult> {
    if (this._shutdownOnce.isCalled) return Promise.resolve(this._shutDownResult());
    const request = context.with(suppressTracing(context.active()), () => this._send(bytes));
    this._pending.add(request);
    void request.then(() => this._pending.delete(request));
    return request;
  }

  /** Resolves when every request started so far has finished. */
  async forceFlush(): Promise<void> {
    await Promise.all(this._pending);
  }

  /** Refuses new requests, waits for those in flight (each bounded by `timeoutMillis`), closes connections. Idempotent. */
  shutdown(): Promise<void> {
    return this._shutdownOnce.call();
  }

  /** A snapshot of the counters. */
  stats(): OtlpHttpSpanExporterStats {
    return {
      sent: this._sent,
      failed: this._failed,
      retried: this._retrying.retried,
      givenUp: this._retrying.givenUp,
      inFlight: this._limiter.active,
      queued: this._limiter.waiting,
    };
  }

  private async _send(bytes: Uint8Array): Promise<ExportResult> {
    const { timeoutMillis, compression, maxConcurrentRequests } = this._options;
    const deadline = Date.now() + timeoutMillis;
    let result: ExportResult;
    try {
      const body = compression === 'gzip' ? await gzipAsync(bytes) : bytes;
      if (await this._limiter.acquire(deadline - Date.now())) {
        try {
          result = await this._retrying.send(body, deadline);
        } finally {
          this._limiter.release();
        }
      } else {
        const message = `OTLP export to ${this.url} timed out after ${timeoutMillis} ms (timeoutMillis) waiting for one of ${maxConcurrentRequests} request slots (maxConcurrentRequests)`;
        result = { code: ExportResultCode.FAILED, error: new OtlpExportError(message, this.url, { attempts: 0, gaveUp: false }) };
      }
    } catch (err) {
      result = { code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(`${NAME}: ${String(err)}`) };
    }
    if (result.code === ExportResultCode.SUCCESS) this._sent++;
    else this._failed++;
    return result;
  }

  private _shutDownResult(): ExportResult {
    return { code: ExportResultCode.FAILED, error: new Error(`${NAME}: export after shutdown() to ${this.url}`) };
  }

  private async _shutdown(): Promise<void> {
    await Promise.all(this._pending);
    this._http.destroy();
  }
}
