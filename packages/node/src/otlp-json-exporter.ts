import type { SpanExporter, TlsOptions } from '@agent-otel/capture';
import type { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTEL_PEERS, requirePeerForOption } from './otel-peers';

type JsonExporterConfig = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>;
/** The stock exporter's `CompressionAlgorithm`: a string enum whose values are `'gzip'` and `'none'`. */
type JsonCompression = NonNullable<JsonExporterConfig['compression']>;

/** What the stock exporter is built from: `exporter`'s settings with the defaults applied. */
export interface OtlpJsonExporterSettings {
  url: string;
  headers: Record<string, string> | undefined;
  timeoutMillis: number;
  compression: 'gzip' | 'none' | undefined;
  tls: TlsOptions | undefined;
}

/**
 * The sampled pipeline's exporter for `exporter.protocol: 'http/json'`: the stock `OTLPTraceExporter`
 * of `@opentelemetry/exporter-trace-otlp-http` (a peer), with the endpoint, headers, timeout,
 * compression and TLS settings given. (WAL records go as OTLP/protobuf through an
 * `OtlpHttpSpanExporter` beside it.)
 * @throws InvalidOptionError naming the option when the peer is not installed.
 */
export function createOtlpJsonExporter(settings: OtlpJsonExporterSettings): SpanExporter {
  const { url, headers, timeoutMillis, compression, tls } = settings;
  const { OTLPTraceExporter: Exporter } = requirePeerForOption<typeof import('@opentelemetry/exporter-trace-otlp-http')>(
    OTEL_PEERS.exporterOtlpHttp,
    "exporter.protocol 'http/json'",
  );
  const config: JsonExporterConfig = {
    url,
    headers,
    timeoutMillis,
    httpAgentOptions: tls ? { keepAlive: true, ...agentTls(tls) } : undefined,
  };
  if (compression !== undefined) config.compression = jsonCompression(compression);
  return new Exporter(config);
}

/**
 * `'gzip' | 'none'` as the stock exporter's `CompressionAlgorithm`. Its members are these very
 * strings, but TypeScript keeps a string enum apart from its values, and the enum itself lives in
 * `@opentelemetry/otlp-exporter-base`, which is not a peer of this package.
 */
function jsonCompression(compression: 'gzip' | 'none'): JsonCompression {
  return compression as JsonCompression;
}

/** TLS settings as `https.AgentOptions` (PEM bytes as Buffers). */
function agentTls(tls: TlsOptions): { ca?: string | Buffer | (string | Buffer)[]; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean } {
  const pem = (v: string | Uint8Array): string | Buffer => (typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  const out: ReturnType<typeof agentTls> = {};
  if (tls.ca !== undefined) out.ca = Array.isArray(tls.ca) ? tls.ca.map(pem) : pem(tls.ca);
  if (tls.cert !== undefined) out.cert = pem(tls.cert);
  if (tls.key !== undefined) out.key = pem(tls.key);
  if (tls.rejectUnauthorized !== undefined) out.rejectUnauthorized = tls.rejectUnauthorized;
  return out;
}
