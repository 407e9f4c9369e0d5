import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { EncodedSpanSender } from '../encoded-span-sender';
import { HttpPostSender, type HttpPostSenderStats } from './http-post-sender';
import type { HttpPostSenderOptions } from './http-post-sender-options';
import { decodeTraceRequest } from './otlp-trace-decoder';
import { toZipkinSpans, type ZipkinMappingOptions } from './zipkin-span-mapper';

/** Default Zipkin span intake (the OTel SDKs' default for OTEL_EXPORTER_ZIPKIN_ENDPOINT). */
export const DEFAULT_ZIPKIN_ENDPOINT = 'http://localhost:9411/api/v2/spans';

/** Options of {@link ZipkinEncodedSpanSender}. Every field is optional. */
export interface ZipkinEncodedSpanSenderOptions extends ZipkinMappingOptions, Omit<HttpPostSenderOptions, 'url' | 'contentType'> {
  /** Zipkin's span intake. Default `http://localhost:9411/api/v2/spans`. */
  url?: string;
}

const NAME = 'ZipkinEncodedSpanSender';

/**
 * An `EncodedSpanSender` for Zipkin: takes OTLP/protobuf request bytes (the write-ahead log's
 * records, one or several concatenated), decodes them, maps every span to Zipkin JSON v2 exactly
 * as the stock `ZipkinExporter` maps a `ReadableSpan` (see `toZipkinSpans`), and POSTs the JSON
 * array to Zipkin. Only a 2xx answer (Zipkin answers 202) acknowledges the records; failures are
 * retried as `OtlpHttpSpanExporter` retries them (429/502/503/504, network errors), within
 * `timeoutMillis`. Bytes that do not decode fail the request with the decoder's error, and the
 * WAL keeps them.
 */
export class ZipkinEncodedSpanSender implements EncodedSpanSender {
  /** Zipkin's span intake URL. */
  readonly url: string;
  private readonly _http: HttpPostSender;
  private readonly _mapping: ZipkinMappingOptions;

  /** @throws TypeError/RangeError naming the option when a value is invalid. */
  constructor(options: ZipkinEncodedSpanSenderOptions = {}) {
    const { serviceName, statusCodeTagName, statusDescriptionTagName, url, ...http } = options;
    this._mapping = { serviceName, statusCodeTagName, statusDescriptionTagName };
    this._http = new HttpPostSender({ ...http, url: url ?? DEFAULT_ZIPKIN_ENDPOINT, contentType: 'application/json' }, NAME);
    this.url = this._http.url;
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

  /** Resolves when every request started so far has finished. */
  forceFlush(): Promise<void> {
    return this._http.forceFlush();
  }

  /** Refuses new requests, waits for those in flight, closes connections. Idempotent. */
  shutdown(timeoutMs?: number): Promise<void> {
    return this._http.shutdown(timeoutMs);
  }

  /** Counters per request. */
  stats(): HttpPostSenderStats {
    return this._http.stats();
  }
}
