import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { settleWithin } from '../settle-within';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { classifyAttempt } from './export-outcome';
import type { ResolvedHttpPostSenderOptions } from './http-post-sender-options';
import { OtlpExportError } from './otlp-export-error';
import { RetryingSender, type SendAttempt } from './retrying-sender';
import { HttpSender } from './http-sender';

const gzipAsync = promisify(gzip);

/** Counters of an `HttpPostSender`, per request (one `post()`). */
export interface HttpPostSenderStats {
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
  /** Requests waiting for a free slot now. */
  queued: number;
}

/**
 * POSTs request bodies of any format to one endpoint — keep-alive connections, gzip on the libuv
 * pool, bounded concurrency (extra requests wait, they do not fail), retries of 429/502/503/504 and
 * network errors with jittered backoff and `Retry-After`, everything within `timeoutMillis` — with
 * TLS settings and optional headers per request. Only a 2xx answer counts as accepted. It is built
 * from options resolved once (`resolveHttpPostSenderOptions`); `OtlpHttpSpanExporter` and
 * `ZipkinSpanExporter` send through it. It does not suppress tracing itself: the span processors
 * call exporters inside `suppressTracing`, once per export.
 */
export class HttpPostSender {
  /** The endpoint. */
  readonly url: string;
  private readonly _http: HttpSender;
  private readonly _retrying: RetryingSender;
  private readonly _limiter: ConcurrencyLimiter;
  private readonly _pending = new Set<Promise<ExportResult>>();
  private _shutdownPromise: Promise<void> | undefined;
  private _sent = 0;
  private _failed = 0;

  /**
   * @param _options resolved by `resolveHttpPostSenderOptions` (defaults applied, values checked).
   * @param _owner names the component in error messages. Default `HttpPostSender`.
   * @param _action what a request is called in the error of one that found no free slot in time. Default `export`.
   * @param onAccepted called with the body (its start) of every accepted (2xx) answer, e.g. to read an OTLP `partial_success`. Default none.
   */
  constructor(
    private readonly _options: ResolvedHttpPostSenderOptions,
    private readonly _owner = 'HttpPostSender',
    private readonly _action = 'export',
    onAccepted?: (body: Uint8Array) => void,
  ) {
    this.url = _options.url.href;
    const { url, headers, maxConcurrentRequests, tls } = _options;
    this._http = new HttpSender(url, headers, maxConcurrentRequests, tls);
    const attempt: SendAttempt = (body, timeoutMs, extraHeaders) => this._http.send(body, timeoutMs, extraHeaders);
    const inspected: SendAttempt = async (body, timeoutMs, extraHeaders) => {
      const result = await attempt(body, timeoutMs, extraHeaders);
      if (result.kind === 'response' && result.bytes && classifyAttempt(result) === 'accepted') onAccepted?.(result.bytes);
      return result;
    };
    this._retrying = new RetryingSender(onAccepted ? inspected : attempt, this.url, _options.retry);
    this._limiter = new ConcurrencyLimiter(maxConcurrentRequests);
  }

  /**
   * Sends `body` (which must not change until the promise settles) with `headers` added to the
   * configured ones. Resolves with the outcome; never rejects.
   */
  post(body: Uint8Array, headers?: Readonly<Record<string, string>>): Promise<ExportResult> {
    if (this._shutdownPromise) {
      return Promise.resolve({ code: ExportResultCode.FAILED, error: new Error(`export after shutdown() to ${this.url}`) });
    }
    const request = this._send(body, headers);
    this._pending.add(request);
    void request.then(() => this._pending.delete(request));
    return request;
  }

  /** Resolves when every request started so far has finished. */
  async forceFlush(): Promise<void> {
    await Promise.all(this._pending);
  }

  /**
   * Refuses new requests, waits for those in flight — at most `timeoutMs` when given, after which
   * they are aborted (and fail) — and closes connections. Idempotent.
   * @param timeoutMs the most to wait, e.g. what is left of a caller's shutdown timeout. Default: no bound beyond each request's `timeoutMillis`.
   */
  shutdown(timeoutMs?: number): Promise<void> {
    return (this._shutdownPromise ??= this._shutdown(timeoutMs));
  }

  /** A snapshot of the counters. */
  stats(): HttpPostSenderStats {
    return {
      sent: this._sent,
      failed: this._failed,
      retried: this._retrying.retried,
      givenUp: this._retrying.givenUp,
      inFlight: this._limiter.active,
      queued: this._limiter.waiting,
    };
  }

  private async _send(bytes: Uint8Array, headers: Readonly<Record<string, string>> | undefined): Promise<ExportResult> {
    const { timeoutMillis, compression, maxConcurrentRequests } = this._options;
    const deadline = Date.now() + timeoutMillis;
    let result: ExportResult;
    try {
      const body = compression === 'gzip' ? await gzipAsync(bytes) : bytes;
      if (await this._limiter.acquire(deadline - Date.now())) {
        try {
          result = await this._retrying.send(body, deadline, headers);
        } finally {
          this._limiter.release();
        }
      } else {
        const message = `${this._action} to ${this.url} timed out after ${timeoutMillis} ms (timeoutMillis) waiting for one of ${maxConcurrentRequests} request slots (maxConcurrentRequests)`;
        result = { code: ExportResultCode.FAILED, error: new OtlpExportError(message, this.url, { attempts: 0, gaveUp: false }) };
      }
    } catch (err) {
      result = { code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(`${this._owner}: ${String(err)}`) };
    }
    if (result.code === ExportResultCode.SUCCESS) this._sent++;
    else this._failed++;
    return result;
  }

  private async _shutdown(timeoutMs: number | undefined): Promise<void> {
    const inFlight = Promise.all(this._pending).then(() => undefined);
    if (timeoutMs === undefined) await inFlight;
    else await settleWithin(inFlight, timeoutMs, () => new Error('timeout')).catch(() => undefined);
    this._http.destroy();
  }
}
