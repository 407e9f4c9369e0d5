import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ExporterOptions } from './options';

/** Default OTLP/HTTP traces endpoint (a local Collector or Jaeger v2). */
export const DEFAULT_OTLP_TRACES_ENDPOINT = 'http://localhost:4318/v1/traces';
/** Default export request timeout in ms. */
export const DEFAULT_EXPORT_TIMEOUT_MILLIS = 10000;

/** Builds the span exporter described by `options`, or undefined for `type: 'none'`. */
export function createExporter(options: ExporterOptions): SpanExporter | undefined {
  if (options.custom) return options.custom;
  const type = options.type ?? 'otlp';
  if (type === 'none') return undefined;
  if (type === 'console') return new ConsoleSpanExporter();
  const config = {
    url: options.endpoint ?? DEFAULT_OTLP_TRACES_ENDPOINT,
    headers: options.headers,
    timeoutMillis: options.timeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MILLIS,
    compression: options.compression,
  };
  return options.protocol === 'http/json' ? new OtlpJsonTraceExporter(config as never) : new OtlpProtoTraceExporter(config as never);
}
