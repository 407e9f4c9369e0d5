import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { settleWithin } from '../settle-within';
import type { ReadableSpan, SpanExporter } from '../sdk-trace-types';
import type { EncodedSpanSender } from '../encoded-span-sender';
import { createProtobufSpanEncoder } from '../otlp/protobuf-span-encoder';
import { ChunkedSpanEncoder } from './chunked-span-encoder';
import { HttpPostSender, type HttpPostSenderStats } from './http-post-sender';
import { resolveOtlpHttpExporterOptions, type OtlpHttpSpanExporterOptions } from './otlp-http-exporter-options';
import { PartialSuccessCounter } from './otlp-partial-success';
import { TenantRouting } from './tenant-routing';
import { runExportJob } from './export-job';

/**
 * Counters of an `OtlpHttpSpanExporter`, per request (one per `export()` or `sendEncoded()` call,
 * one per tenant with `tenancy`), summed over its endpoints: `sent`, `failed` (encoding failures
 * included), `retried`, `givenUp`, `inFlight`, `queued` (requests waiting for one of
 * `maxConcurrentRequests` slots), `invalidTenants` and `rejectedSpans`.
 */
export interface OtlpHttpSpanExporterStats extends HttpPostSenderStats {
  /** Spans whose tenant attribute was not a valid tenant id (sent as `defaultTenant`, or without one); 0 without `tenancy`. */
  invalidTenants: number;
  /**
   * Spans the backend refused in a 2xx answer, through the OTLP `partial_success` of its response
   * (the request itself counts as `sent`; the first such answer is reported through diag).
   */
  rejectedSpans: number;
}

/** One request of an export: the tenant it is sent as (undefined: none) and its bytes. */
type TenantRequest = [string | undefined, Uint8Array];

const NAME = 'OtlpHttpSpanExporter';

/**
 * The OTLP/HTTP exporter of agent-otel: a `SpanExporter` (the sampled pipeline) and an
 * `EncodedSpanSender` (the write-ahead log's records) that POSTs OTLP/protobuf
 * (`application/x-protobuf`) with `node:http`/`node:https` over keep-alive connections, with
 * optional TLS settings (custom CA, client certificate) and optional per-tenant routing.
 *
 * - Encoding: batches are encoded `encodeChunkSize` spans per synchronous step, yielding to the
 *   event loop in between, in every configuration.
 * - Delivery: requests over the concurrency limit wait their turn (within `timeoutMillis`) rather
 *   than fail. Retryable failures (429, 502, 503, 504, network errors) are retried with backoff and
 *   jitter, honouring `Retry-After`; other answers fail at once with an `OtlpExportError` naming the
 *   status and URL (see `ExportOutcome` for what each answer means).
 * - Tenancy (`tenancy` set): each batch is grouped by tenant — the span attribute
 *   `tenancy.attribute` (default `agent_otel.tenant.id`), else that attribute on the span's
 *   resource, else `tenancy.defaultTenant` — and each group is sent as its own request, with the
 *   tenant in the `tenancy.header` header (default `x-tenant`) and to `tenancy.endpoints[tenant]`
 *   when listed. `sendEncoded` splits the encoded bytes the same way, reading only the tenant
 *   attribute. A batch succeeds when every tenant's request succeeds; when one fails the whole batch
 *   is reported failed, so the WAL re-sends all of it (at-least-once: the tenants that succeeded
 *   may see a span twice). One keep-alive pool per distinct endpoint; the tenant header varies per
 *   request, so the number of tenants costs no memory.
 *
 * Tracing is not suppressed here: the span processors call exporters inside `suppressTracing`.
 */
export class OtlpHttpSpanExporter implements SpanExporter, EncodedSpanSender {
  /** The endpoint requests are sent to (and the endpoint of tenants without their own). */
  readonly url: string;
  private readonly _encoder: ChunkedSpanEncoder;
  private readonly _tenancy: TenantRouting | undefined;
  private readonly _default: HttpPostSender;
  /** One sender (keep-alive pool) per distinct endpoint, the default one included. */
  private readonly _byUrl = new Map<string, HttpPostSender>();
  /** `export()` calls not finished yet, encoding included. */
  private readonly _pending = new Set<Promise<ExportResult>>();
  private _shutdownPromise: Promise<void> | undefined;
  private _encodingFailures = 0;
  private readonly _partialSuccess: PartialSuccessCounter;

  /**
   * @param options see `OtlpHttpSpanExporterOptions` for every default.
   * @throws TypeError/RangeError naming the option when a value is invalid.
   */
  constructor(options: OtlpHttpSpanExporterOptions = {}) {
    const resolved = resolveOtlpHttpExporterOptions(options);
    this._encoder = new ChunkedSpanEncoder(options.encoder ?? createProtobufSpanEncoder(), resolved.encodeChunkSize);
    this._tenancy = resolved.tenancy && new TenantRouting(resolved.tenancy);
    const partialSuccess = (this._partialSuccess = new PartialSuccessCounter());
    const sender = (url: URL): HttpPostSender => new HttpPostSender({ ...resolved, url }, NAME, 'OTLP export', (body) => partialSuccess.record(body, url.href));
    this._default = sender(resolved.url);
    this.url = this._default.url;
    this._byUrl.set(this.url, this._default);
    for (const target of Object.values(resolved.tenancy?.endpoints ?? {})) {
      if (!this._byUrl.has(target)) this._byUrl.set(target, sender(new URL(target)));
    }
  }

  /**
   * Encodes `spans` (one request, or one per tenant) and sends them; `resultCallback` gets the
   * combined outcome (never an exception).
   */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this._shutdownPromise) {
      resultCallback(this._shutDownResult());
      return;
    }
    const groups: Iterable<readonly [string | undefined, readonly ReadableSpan[]]> = this._tenancy ? this._tenancy.group(spans) : [[undefined, spans]];
    // Tracked from the start (encoding included), so forceFlush() covers exports still encoding.
    runExportJob({
      name: NAME,
      encoded: this._encoder.encode(groups),
      send: (requests) => this._sendAll(requests),
      onEncodingFailure: () => void this._encodingFailures++,
      resultCallback,
      pending: this._pending,
    });
  }

  /**
   * Sends already encoded OTLP/protobuf `ExportTraceServiceRequest` bytes (several encoded requests
   * concatenated are one valid request), split per tenant when tenancy is on. `bytes` must not
   * change until the promise settles. Resolves with the outcome; never rejects.
   */
  sendEncoded(bytes: Uint8Array): Promise<ExportResult> {
    if (this._shutdownPromise) return Promise.resolve(this._shutDownResult());
    if (!this._tenancy) return this._default.post(bytes);
    let requests: TenantRequest[];
    try {
      requests = this._tenancy.split(bytes);
    } catch (err) {
      return Promise.resolve({ code: ExportResultCode.FAILED, error: new Error(`${NAME}: the encoded request could not be split by tenant: ${(err as Error).message}`) });
    }
    return this._sendAll(requests);
  }

  /** Resolves when every request started so far has finished. */
  async forceFlush(): Promise<void> {
    await Promise.all([...this._pending, ...[...this._byUrl.values()].map((s) => s.forceFlush())]);
  }

  /**
   * Refuses new requests, waits for those in flight (each bounded by `timeoutMillis`, and all by
   * `timeoutMs` when given, after which they are aborted), closes connections. Idempotent.
   * @param timeoutMs the most to wait, e.g. what is left of a span processor's shutdown timeout.
   */
  shutdown(timeoutMs?: number): Promise<void> {
    return (this._shutdownPromise ??= this._shutdown(timeoutMs));
  }

  /** A snapshot of the counters, summed over the endpoints. */
  stats(): OtlpHttpSpanExporterStats {
    const total: OtlpHttpSpanExporterStats = {
      sent: 0,
      failed: this._encodingFailures,
      retried: 0,
      givenUp: 0,
      inFlight: 0,
      queued: 0,
      invalidTenants: this._tenancy?.invalidTenants ?? 0,
      rejectedSpans: this._partialSuccess.rejectedSpans,
    };
    for (const sender of this._byUrl.values()) {
      const s = sender.stats();
      total.sent += s.sent;
      total.failed += s.failed;
      total.retried += s.retried;
      total.givenUp += s.givenUp;
      total.inFlight += s.inFlight;
      total.queued += s.queued;
    }
    return total;
  }

  private _shutDownResult(): ExportResult {
    return { code: ExportResultCode.FAILED, error: new Error(`${NAME}: export after shutdown() to ${this.url}`) };
  }

  /** The sender and the request headers of a tenant's request. */
  private _post(tenant: string | undefined, bytes: Uint8Array): Promise<ExportResult> {
    if (tenant === undefined || !this._tenancy) return this._default.post(bytes);
    const { endpoints, header } = this._tenancy.options;
    const target = endpoints[tenant];
    const sender = (target !== undefined && this._byUrl.get(target)) || this._default;
    return sender.post(bytes, { [header]: tenant });
  }

  private async _sendAll(requests: TenantRequest[]): Promise<ExportResult> {
    if (this._shutdownPromise) return this._shutDownResult();
    const only = requests.length === 1 ? requests[0] : undefined;
    if (only !== undefined) return this._post(only[0], only[1]); // keeps the OtlpExportError with its status
    const results = await Promise.all(requests.map(([tenant, bytes]) => this._post(tenant, bytes)));
    const failedAt = results.findIndex((r) => r.code !== ExportResultCode.SUCCESS);
    const failed = results[failedAt];
    if (failed === undefined) return { code: ExportResultCode.SUCCESS };
    const tenant = requests[failedAt]![0]; // one result per request
    const cause = failed.error;
    const error = new Error(`${tenant === undefined ? 'export without a tenant' : `export of tenant ${tenant}`} failed: ${cause?.message ?? 'unknown error'}`, { cause });
    return { code: ExportResultCode.FAILED, error };
  }

  private async _shutdown(timeoutMs: number | undefined): Promise<void> {
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    const encoding = Promise.all(this._pending).then(() => undefined);
    if (timeoutMs === undefined) await encoding;
    else await settleWithin(encoding, timeoutMs, () => new Error('timeout')).catch(() => undefined);
    const rest = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
    await Promise.all([...this._byUrl.values()].map((s) => s.shutdown(rest)));
  }
}
