import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { EncodedSpanSender } from '../encoded-span-sender';
import { createProtobufSpanEncoder } from '../otlp/protobuf-span-encoder';
import type { ReadableSpan, SpanExporter } from '../sdk-trace-types';
import { ChunkedSpanEncoder } from './chunked-span-encoder';
import { HttpPostSender, type HttpPostSenderStats } from './http-post-sender';
import { resolveHttpPostSenderOptions, type HttpPostSenderOptions } from './http-post-sender-options';
import { OTLP_HTTP_EXPORTER_DEFAULTS } from './otlp-http-exporter-options';
import { decodeTraceRequest } from './otlp-trace-decoder';
import { toZipkinSpans, type ZipkinMappingOptions } from './zipkin-span-mapper';
import { runExportJob } from './export-job';

/** Default Zipkin span intake (the OTel SDKs' default for OTEL_EXPORTER_ZIPKIN_ENDPOINT). */
export const DEFAULT_ZIPKIN_ENDPOINT = 'http://localhost:9411/api/v2/spans';

/** Options of {@link ZipkinSpanExporter}. Every field is optional; delivery defaults are those of `OtlpHttpSpanExporter`. */
export interface ZipkinSpanExporterOptions extends ZipkinMappingOptions, Omit<HttpPostSenderOptions, 'url' | 'contentType'> {
  /** Zipkin's span intake. Default `http://localhost:9411/api/v2/spans`. */
  url?: string;
  /** Most spans encoded in one synchronous step of `export()`, as `OtlpHttpSpanExporter`'s option. Default 128. */
  encodeChunkSize?: number;
}

/**
 * Options of `ZipkinEncodedSpanSender`: those of `ZipkinSpanExporter`.
 * @deprecated Use `ZipkinSpanExporterOptions`.
 */
export type ZipkinEncodedSpanSenderOptions = ZipkinSpanExporterOptions;

const NAME = 'ZipkinSpanExporter';

/**
 * The Zipkin exporter of every capture mode: a `SpanExporter` (sampled spans) and an
 * `EncodedSpanSender` (the write-ahead log's records). Both go through one mapping: `export()`
 * encodes the spans as OTLP/protobuf (in chunks, as `OtlpHttpSpanExporter` does) and hands the
 * bytes to `sendEncoded()`, which decodes them, maps every span to Zipkin JSON v2 with
 * `toZipkinSpans` (the stock `ZipkinExporter`'s mapping) and POSTs the JSON array to Zipkin, so a
 * span looks the same in Zipkin whichever mode sent it. Only a 2xx answer (Zipkin answers 202)
 * acknowledges the spans; failures are retried as `OtlpHttpSpanExporter` retries them
 * (429/502/503/504, network errors), within `timeoutMillis`. Bytes that do not decode fail the
 * request with the decoder's error, and the WAL keeps them.
 */
export class ZipkinSpanExporter implements SpanExporter, EncodedSpanSender {
  /** Zipkin's span intake URL. */
  readonly url: string;
  private readonly _http: HttpPostSender;
  private readonly _mapping: ZipkinMappingOptions;
  private readonly _encoder: ChunkedSpanEncoder;
  private readonly _pending = new Set<Promise<ExportResult>>();
  private _encodingFailures = 0;

  /** @throws TypeError/RangeError naming the option when a value is invalid. */
  constructor(options: ZipkinSpanExporterOptions = {}) {
    const { serviceName, statusCodeTagName, statusDescriptionTagName, url, encodeChunkSize, ...http } = options;
    this._mapping = { serviceName, statusCodeTagName, statusDescriptionTagName };
    const resolved = resolveHttpPostSenderOptions({ ...http, url: url ?? DEFAULT_ZIPKIN_ENDPOINT, contentType: 'application/json' }, NAME);
    const chunk = encodeChunkSize ?? OTLP_HTTP_EXPORTER_DEFAULTS.encodeChunkSize;
    if (!Number.isSafeInteger(chunk) || chunk < 1) throw new RangeError(`${NAME}: option encodeChunkSize must be an integer >= 1, got ${String(chunk)}`);
    this._encoder = new ChunkedSpanEncoder(createProtobufSpanEncoder(), chunk);
    this._http = new HttpPostSender(resolved, NAME);
    this.url = this._http.url;
  }

  /** Encodes `spans` and sends them through `sendEncoded()`; `resultCallback` gets the outcome (never an exception). */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    runExportJob({
      name: NAME,
      encoded: this._encoder.encode([[undefined, spans]]),
      send: ([request]) => this.sendEncoded(request![1]), // one group in, one request out
      onEncodingFailure: () => void this._encodingFailures++,
      resultCallback,
      pending: this._pending,
    });
  }

  /** Decodes, maps and sends `bytes`; resolves with the outcome, never rejects. Empty input succeeds at once. */
  sendEncoded(bytes: Uint8Array): Promise<ExportResult> {
    let json: string;
    try {
      const spans = toZipkinSpans(decodeTraceRequest(bytes), this._mapping);
      if (spans.length === 0) return Promise.resolve({ code: ExportResultCode.SUCCESS });
      json = JSON.stringify(spans);
    } catch (err) {
      const error = new Error(`${NAME}: the OTLP request could not be turned into Zipkin spans: ${(err as Error).message}`);
      return Promise.resolve({ code: ExportResultCode.FAILED, error });
    }
    return this._http.post(Buffer.from(json, 'utf8'));
  }

  /** Resolves when every request started so far has finished, encoding included. */
  async forceFlush(): Promise<void> {
    await Promise.all([...this._pending, this._http.forceFlush()]);
  }

  /** Refuses new requests, waits for those in flight (all within `timeoutMs` when given), closes connections. Idempotent. */
  shutdown(timeoutMs?: number): Promise<void> {
    return this._http.shutdown(timeoutMs);
  }

  /** Counters per request; `failed` includes batches that could not be encoded. */
  stats(): HttpPostSenderStats {
    const stats = this._http.stats();
    return { ...stats, failed: stats.failed + this._encodingFailures };
  }
}

/**
 * The former name of `ZipkinSpanExporter` (the WAL's Zipkin sender): the same class.
 * @deprecated Use `ZipkinSpanExporter`, which also exports `ReadableSpan`s; goes away in 1.0.
 */
export const ZipkinEncodedSpanSender = ZipkinSpanExporter;
/**
 * The instance type of `ZipkinEncodedSpanSender`: a `ZipkinSpanExporter`.
 * @deprecated Use `ZipkinSpanExporter`.
 */
export type ZipkinEncodedSpanSender = ZipkinSpanExporter;
