import { ExportResultCode, globalErrorHandler, type ExportResult } from '@opentelemetry/core';
import { settleWithin } from '../settle-within';
import type { ReadableSpan, SpanExporter } from '../sdk-trace-types';
import type { EncodedSpanSender } from '../encoded-span-sender';
import { createProtobufSpanEncoder } from '../otlp/protobuf-span-encoder';
import type { SpanEncoder } from '../otlp/span-encoder';
import { HttpPostSender, type HttpPostSenderStats } from './http-post-sender';
import { resolveOtlpHttpExporterOptions, type OtlpHttpSpanExporterOptions } from './otlp-http-exporter-options';

/**
 * Counters of an `OtlpHttpSpanExporter`, per request (one `export()` or `sendEncoded()` call):
 * `sent`, `failed` (encoding failures included), `retried`, `givenUp`, `inFlight`, and `queued`
 * (requests waiting for one of `maxConcurrentRequests` slots).
 */
export type OtlpHttpSpanExporterStats = HttpPostSenderStats;

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
  private readonly _encodeChunkSize: number;
  private readonly _encoder: SpanEncoder;
  private readonly _sender: HttpPostSender;
  /** `export()` calls not finished yet, encoding included. */
  private readonly _pending = new Set<Promise<ExportResult>>();
  private _shutdownPromise: Promise<void> | undefined;
  private _encodingFailures = 0;

  /**
   * @param options see `OtlpHttpSpanExporterOptions` for every default.
   * @throws TypeError/RangeError naming the option when a value is invalid.
   */
  constructor(options: OtlpHttpSpanExporterOptions = {}) {
    const { url, headers, timeoutMillis, compression, retry, maxConcurrentRequests, encodeChunkSize } = resolveOtlpHttpExporterOptions(options);
    this._encodeChunkSize = encodeChunkSize;
    this._encoder = options.encoder ?? createProtobufSpanEncoder();
    this._sender = new HttpPostSender(
      { url: url.href, contentType: 'application/x-protobuf', headers, timeoutMillis, compression, retry, maxConcurrentRequests },
      NAME,
      'OTLP export',
    );
    this.url = this._sender.url;
  }

  /**
   * Encodes `spans` as one request and sends it; `resultCallback` gets the outcome (never an
   * exception). Batches larger than `encodeChunkSize` are encoded chunk by chunk, yielding to the
   * event loop in between.
   */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this._shutdownPromise) {
      resultCallback(this._shutDownResult());
      return;
    }
    const chunk = this._encodeChunkSize;
    const encoded = spans.length <= chunk ? this._encodeNow(spans) : this._encodeInChunks(spans, chunk);
    const job: Promise<ExportResult> = encoded
      .then((bytes) => this.sendEncoded(bytes))
      .catch((err: unknown): ExportResult => {
        this._encodingFailures++;
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
    if (this._shutdownPromise) return Promise.resolve(this._shutDownResult());
    return this._sender.post(bytes);
  }

  /** Resolves when every request started so far has finished. */
  async forceFlush(): Promise<void> {
    await Promise.all([...this._pending, this._sender.forceFlush()]);
  }

  /**
   * Refuses new requests, waits for those in flight (each bounded by `timeoutMillis`, and all by
   * `timeoutMs` when given, after which they are aborted), closes connections. Idempotent.
   * @param timeoutMs the most to wait, e.g. what is left of a span processor's shutdown timeout.
   */
  shutdown(timeoutMs?: number): Promise<void> {
    return (this._shutdownPromise ??= this._shutdown(timeoutMs));
  }

  /** A snapshot of the counters. */
  stats(): OtlpHttpSpanExporterStats {
    const stats = this._sender.stats();
    return { ...stats, failed: stats.failed + this._encodingFailures };
  }

  private _shutDownResult(): ExportResult {
    return { code: ExportResultCode.FAILED, error: new Error(`${NAME}: export after shutdown() to ${this.url}`) };
  }

  private async _shutdown(timeoutMs: number | undefined): Promise<void> {
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    const encoding = Promise.all(this._pending).then(() => undefined);
    if (deadline === undefined) await encoding;
    else await settleWithin(encoding, timeoutMs!, () => new Error('timeout')).catch(() => undefined);
    await this._sender.shutdown(deadline === undefined ? undefined : Math.max(0, deadline - Date.now()));
  }
}
