import { diag } from '@opentelemetry/api';
import { ExportResultCode, globalErrorHandler, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '../sdk-trace-types';
import type { EncodedSpanSender } from '../encoded-span-sender';
import { createProtobufSpanEncoder } from '../otlp/protobuf-span-encoder';
import type { SpanEncoder } from '../otlp/span-encoder';
import { HttpPostSender, type HttpPostSenderStats } from './http-post-sender';
import type { HttpPostSenderOptions } from './http-post-sender-options';
import { splitRequestByTenant } from './otlp-tenant-splitter';
import { isValidTenant, resolveTenancyOptions, type ResolvedTenancyOptions, type TenancyOptions } from './tenancy-options';

/** Options of {@link RoutingOtlpHttpExporter}; the defaults are those of `HttpPostSenderOptions` and stated below. */
export interface RoutingOtlpHttpExporterOptions extends Omit<HttpPostSenderOptions, 'url' | 'contentType'> {
  /** OTLP/HTTP traces endpoint (and the endpoint of tenants without their own). Default `http://localhost:4318/v1/traces`. */
  url?: string;
  /** Per-tenant routing. Default none: every span goes to `url`, without a tenant header. */
  tenancy?: TenancyOptions;
  /** Span codec. Default `createProtobufSpanEncoder()`. */
  encoder?: SpanEncoder;
}

/** Counters of a {@link RoutingOtlpHttpExporter}: its requests (one per tenant and batch) summed over endpoints. */
export interface RoutingOtlpHttpExporterStats extends HttpPostSenderStats {
  /** Spans whose tenant attribute was not a valid tenant id (sent as `defaultTenant`, or without one). */
  invalidTenants: number;
}

const NAME = 'RoutingOtlpHttpExporter';
const DEFAULT_URL = 'http://localhost:4318/v1/traces';

interface Destination {
  sender: HttpPostSender;
  headers: Record<string, string> | undefined;
}

/**
 * An OTLP/HTTP protobuf `SpanExporter` and `EncodedSpanSender` with TLS settings (custom CA,
 * client certificate) and optional per-tenant routing, for multi-tenant backends:
 * - each batch is grouped by tenant — the span attribute `tenancy.attribute` (default
 *   `agent_otel.tenant.id`), else that attribute on the span's resource, else
 *   `tenancy.defaultTenant` — and each group is sent as its own request, with the tenant in the
 *   `tenancy.header` header (default `x-tenant`) and to `tenancy.endpoints[tenant]` when listed;
 * - `sendEncoded` (the write-ahead log's records) splits the encoded bytes the same way, reading
 *   only the tenant attribute (see `splitRequestByTenant`), and sends records of one tenant as they are.
 * A batch succeeds when every tenant's request succeeds; when one fails the whole batch is reported
 * failed, so the WAL re-sends all of it (at-least-once: the tenants that succeeded may see a span
 * twice). Spans without a valid tenant and no `defaultTenant` are sent to `url` without the header.
 * Delivery (retries, backoff, concurrency, gzip, timeouts) is that of `HttpPostSender`, one sender
 * (keep-alive pool) per distinct endpoint; the tenant header varies per request, so the number of
 * tenants costs no memory.
 */
export class RoutingOtlpHttpExporter implements SpanExporter, EncodedSpanSender {
  /** The default endpoint. */
  readonly url: string;
  private readonly _tenancy: ResolvedTenancyOptions | undefined;
  private readonly _encoder: SpanEncoder;
  private readonly _default: HttpPostSender;
  private readonly _byUrl = new Map<string, HttpPostSender>();
  private _shutdownPromise: Promise<void> | undefined;
  private _invalidTenants = 0;

  /** @throws TypeError/RangeError naming the option when a value is invalid. */
  constructor(options: RoutingOtlpHttpExporterOptions = {}) {
    const { tenancy, encoder, url, ...http } = options;
    this._tenancy = tenancy ? resolveTenancyOptions(tenancy, NAME) : undefined;
    this._encoder = encoder ?? createProtobufSpanEncoder();
    const create = (target: string) => new HttpPostSender({ ...http, url: target, contentType: 'application/x-protobuf' }, NAME);
    this._default = create(url ?? DEFAULT_URL);
    this.url = this._default.url;
    this._byUrl.set(this.url, this._default);
    for (const target of Object.values(this._tenancy?.endpoints ?? {})) {
      if (!this._byUrl.has(target)) this._byUrl.set(target, create(target));
    }
  }

  /** Encodes each tenant's spans as one request and sends them; `resultCallback` gets the combined outcome. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let requests: [string | undefined, Uint8Array][];
    try {
      if (!this._tenancy) {
        requests = [[undefined, Buffer.from(this._encoder.encode(spans))]];
      } else {
        const groups = new Map<string | undefined, ReadableSpan[]>();
        for (const span of spans) {
          const tenant = this._tenantOf(span.attributes[this._tenancy.attribute] ?? span.resource.attributes[this._tenancy.attribute]);
          const group = groups.get(tenant);
          if (group) group.push(span);
          else groups.set(tenant, [span]);
        }
        // The encoder reuses its buffer: copy each request before encoding the next.
        requests = [...groups].map(([tenant, group]) => [tenant, Buffer.from(this._encoder.encode(group))]);
      }
    } catch (err) {
      resultCallback({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(`${NAME}: encoding failed: ${String(err)}`) });
      return;
    }
    void this._sendAll(requests).then(result => {
      try {
        resultCallback(result);
      } catch (err) {
        globalErrorHandler(err instanceof Error ? err : new Error(`${NAME}: result callback threw: ${String(err)}`));
      }
    });
  }

  /** Sends encoded OTLP/protobuf request bytes, split per tenant when tenancy is on; never rejects. */
  sendEncoded(bytes: Uint8Array): Promise<ExportResult> {
    if (!this._tenancy) return this._send(undefined, bytes);
    let requests: [string | undefined, Uint8Array][];
    try {
      const split = splitRequestByTenant(bytes, this._tenancy.attribute, raw => this._tenantOf(raw));
      requests = [...split].map(([tenant, chunks]) => [tenant, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)]);
    } catch (err) {
      return Promise.resolve({ code: ExportResultCode.FAILED, error: new Error(`${NAME}: the encoded request could not be split by tenant: ${(err as Error).message}`) });
    }
    return this._sendAll(requests);
  }

  /** Resolves when every request started so far has finished. */
  async forceFlush(): Promise<void> {
    await Promise.all([...this._byUrl.values()].map(s => s.forceFlush()));
  }

  /**
   * Refuses new requests, waits for those in flight (all within `timeoutMs` when given, after
   * which they are aborted), closes connections. Idempotent.
   * @param timeoutMs the most to wait, e.g. what is left of a span processor's shutdown timeout.
   */
  shutdown(timeoutMs?: number): Promise<void> {
    return (this._shutdownPromise ??= this._shutdown(timeoutMs));
  }

  /** Counters summed over the endpoints. */
  stats(): RoutingOtlpHttpExporterStats {
    const total: RoutingOtlpHttpExporterStats = { sent: 0, failed: 0, retried: 0, givenUp: 0, inFlight: 0, queued: 0, invalidTenants: this._invalidTenants };
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

  /** The tenant a span is sent as: its own when valid, else the default tenant (or none). */
  private _tenantOf(raw: unknown): string | undefined {
    const value = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
    if (isValidTenant(value)) return value;
    if (value !== undefined) {
      if (this._invalidTenants++ === 0) diag.warn(`agent-otel: a span's tenant id is not a valid header value (1 to 256 visible ASCII characters); such spans are sent as ${this._tenancy?.defaultTenant ?? 'no tenant'}`);
    }
    return this._tenancy?.defaultTenant;
  }

  private _destination(tenant: string | undefined): Destination {
    if (tenant === undefined || !this._tenancy) return { sender: this._default, headers: undefined };
    const url = this._tenancy.endpoints[tenant];
    return { sender: (url && this._byUrl.get(url)) || this._default, headers: { [this._tenancy.header]: tenant } };
  }

  private _send(tenant: string | undefined, bytes: Uint8Array): Promise<ExportResult> {
    if (this._shutdownPromise) {
      return Promise.resolve({ code: ExportResultCode.FAILED, error: new Error(`${NAME}: export after shutdown() to ${this.url}`) });
    }
    const { sender, headers } = this._destination(tenant);
    return sender.post(bytes, headers);
  }

  private async _sendAll(requests: [string | undefined, Uint8Array][]): Promise<ExportResult> {
    const results = await Promise.all(requests.map(([tenant, bytes]) => this._send(tenant, bytes)));
    const failedAt = results.findIndex(r => r.code !== ExportResultCode.SUCCESS);
    if (failedAt < 0) return { code: ExportResultCode.SUCCESS };
    if (requests.length === 1) return results[0]; // keeps the OtlpExportError with its status
    const tenant = requests[failedAt][0];
    const cause = results[failedAt].error;
    const error = new Error(`${tenant === undefined ? 'export without a tenant' : `export of tenant ${tenant}`} failed: ${cause?.message ?? 'unknown error'}`, { cause });
    return { code: ExportResultCode.FAILED, error };
  }

  private async _shutdown(timeoutMs: number | undefined): Promise<void> {
    await Promise.all([...this._byUrl.values()].map(s => s.shutdown(timeoutMs)));
  }
}
