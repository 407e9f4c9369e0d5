import * as path from 'node:path';
import { diag } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@agent-otel/capture';
import {
  CaptureRouter,
  DeferredEnrichment,
  OtlpHttpSpanExporter,
  RingBufferSpanProcessor,
  RoutingOtlpHttpExporter,
  WalSpanProcessor,
  ZipkinEncodedSpanSender,
  type EncodedSpanSender,
  type TlsOptions,
} from '@agent-otel/capture';
import { DEFAULT_ZIPKIN_ENDPOINT, RING_BUFFER_DEFAULTS } from '@agent-otel/capture/internal';
import { GenAiSpanProcessor } from '@agent-otel/genai';
import { ClosingSpanProcessor } from './closing-span-processor';
import { loadTls } from './load-tls';
import { OTEL_PEERS, requirePeerForOption } from './otel-peers';
import type { ResolvedOptions } from './options';

/** Default OTLP/HTTP traces endpoint (a local Collector or Jaeger v2). */
export const DEFAULT_OTLP_TRACES_ENDPOINT = 'http://localhost:4318/v1/traces';
/** Default of `shutdownTimeoutMillis`, in ms. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 5000;
/** Default export request timeout in ms. */
export const DEFAULT_EXPORT_TIMEOUT_MILLIS = 10000;

/** The processor chain register() installs, and its parts for stats and shutdown. */
export interface Pipeline {
  processors: SpanProcessor[];
  ringBuffer?: RingBufferSpanProcessor;
  wal?: WalSpanProcessor;
  /**
   * The sender of WAL records when it is not the sampled exporter (Zipkin, or OTLP/protobuf beside
   * an http/json exporter); the capture processor shuts it down after the WAL.
   */
  walSender?: EncodedSpanSender & { shutdown(timeoutMs?: number): Promise<void> };
  /** The GenAI processor, run by the router (deferred for sampled spans) or first in `processors`. */
  genai: GenAiSpanProcessor;
  /** The deferred enrichment of sampled spans, when `capture.deferEnrichment` is in force. */
  enrichment?: DeferredEnrichment;
}

/** Who builds the chain: register() owns the whole provider; agentOtelSpanProcessors() hands it to the application's SDK. */
export type PipelineOwner = 'register' | 'application';

/**
 * Builds the processor chain of DESIGN §3: GenAiSpanProcessor (enrich, derive, redact) first,
 * then a CaptureRouter sending each span to the ring buffer (sampled) or the write-ahead log
 * (complete, critical), then any additional processors. When the WAL cannot be opened (locked by
 * another process, not writable, wrong key) the service still starts: the error is reported
 * through diag and complete/critical spans are captured as sampled.
 */
export function buildPipeline(o: ResolvedOptions, defaultWalDir: string, owner: PipelineOwner = 'register'): Pipeline {
  const genai = new GenAiSpanProcessor(o.genai);
  const processors: SpanProcessor[] = [];
  const pipeline: Pipeline = { processors, genai };
  const tls = loadTls(o.exporter.tls);
  const exporter = createSampledExporter(o, tls);
  // As many spans may wait for their enrichment as the ring buffer holds.
  const maxPending = o.capture?.ringBuffer?.bufferSize ?? RING_BUFFER_DEFAULTS.bufferSize;
  const enrichment = exporter && deferEnrichment(o, owner) ? new DeferredEnrichment(genai, { maxPending }) : undefined;
  if (enrichment === undefined) processors.push(genai);
  if (exporter) {
    const ringBuffer = new RingBufferSpanProcessor(exporter, { ...o.capture?.ringBuffer, pendingWork: enrichment });
    const sender = senderFor(o, tls, exporter);
    if (sender && sender !== (exporter as unknown)) pipeline.walSender = sender;
    const wal = sender && o.capture?.wal?.enabled !== false ? openWal(o, defaultWalDir, sender, ringBuffer) : undefined;
    const shutdownTimeoutMillis = o.shutdownTimeoutMillis ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;
    const budget = pipelineShutdownBudget(shutdownTimeoutMillis);
    const router = new CaptureRouter({
      sampled: ringBuffer,
      complete: wal,
      critical: wal,
      defaultMode: o.capture?.defaultMode,
      rules: o.capture?.rules,
      shutdownTimeoutMs: budget,
      enrichment,
    });
    const walSender = pipeline.walSender;
    // The separate WAL sender closes within the rest of shutdownTimeoutMillis, aborting what is still in flight.
    processors.push(walSender ? new ClosingSpanProcessor(router, () => walSender.shutdown(shutdownTimeoutMillis - budget)) : router);
    pipeline.ringBuffer = ringBuffer;
    pipeline.wal = wal;
    pipeline.enrichment = enrichment;
  }
  processors.push(...(o.additionalSpanProcessors ?? []));
  return pipeline;
}

/**
 * Whether sampled spans are enriched off the caller's stack: `capture.deferEnrichment` when given;
 * else only when register() owns the chain and no additional processor would read spans before
 * their enrichment.
 */
function deferEnrichment(o: ResolvedOptions, owner: PipelineOwner): boolean {
  const explicit = o.capture?.deferEnrichment;
  if (explicit !== undefined) return explicit;
  return owner === 'register' && (o.additionalSpanProcessors ?? []).length === 0;
}

/**
 * The shutdown budget of the capture pipelines: `shutdownTimeoutMillis` less a margin (a tenth, at
 * most 250 ms), so `provider.shutdown()` ends within `shutdownTimeoutMillis` and, under the
 * handle's own deadline, the pipelines report their exact losses before that deadline fires.
 */
export function pipelineShutdownBudget(shutdownTimeoutMillis: number): number {
  return Math.max(1, shutdownTimeoutMillis - Math.min(250, shutdownTimeoutMillis / 10));
}

/** The exporter of the sampled pipeline, or undefined for `exporter.type: 'none'`. */
function createSampledExporter(o: ResolvedOptions, tls: TlsOptions | undefined): SpanExporter | undefined {
  const e = o.exporter;
  if (e.custom) return e.custom;
  const type = e.type ?? 'otlp';
  if (type === 'none') return undefined;
  if (type === 'console') {
    const { ConsoleSpanExporter } = requirePeerForOption<typeof import('@opentelemetry/sdk-trace')>(OTEL_PEERS.sdkTrace, "exporter.type 'console'");
    return new ConsoleSpanExporter();
  }
  if (type === 'zipkin') {
    const { ZipkinExporter } = requirePeerForOption<typeof import('@opentelemetry/exporter-zipkin')>(OTEL_PEERS.exporterZipkin, "exporter.type 'zipkin'");
    return new ZipkinExporter({ url: e.endpoint ?? DEFAULT_ZIPKIN_ENDPOINT, headers: e.headers });
  }
  if (e.protocol === 'http/json') {
    const { OTLPTraceExporter } = requirePeerForOption<typeof import('@opentelemetry/exporter-trace-otlp-http')>(
      OTEL_PEERS.exporterOtlpHttp,
      "exporter.protocol 'http/json'",
    );
    return new OTLPTraceExporter({
      url: e.endpoint ?? DEFAULT_OTLP_TRACES_ENDPOINT,
      headers: e.headers,
      timeoutMillis: e.timeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MILLIS,
      compression: e.compression as never,
      httpAgentOptions: tls ? { keepAlive: true, ...(tls as object) } : undefined,
    });
  }
  return createOtlpProtobufExporter(o, tls);
}

/**
 * The OTLP/protobuf exporter: `OtlpHttpSpanExporter`, or `RoutingOtlpHttpExporter` (same delivery
 * rules) when TLS settings or per-tenant routing are asked for, which the former cannot take.
 */
function createOtlpProtobufExporter(o: ResolvedOptions, tls: TlsOptions | undefined): SpanExporter & EncodedSpanSender {
  const e = o.exporter;
  const common = {
    url: e.endpoint ?? DEFAULT_OTLP_TRACES_ENDPOINT,
    headers: e.headers,
    timeoutMillis: e.timeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MILLIS,
    compression: e.compression,
  };
  if (tls || e.tenancy) return new RoutingOtlpHttpExporter({ ...common, tls, tenancy: e.tenancy });
  return new OtlpHttpSpanExporter(common);
}

/**
 * What sends WAL records (always OTLP/protobuf): the sampled exporter itself when it can send
 * encoded bytes; for Zipkin a sender that turns the records into Zipkin JSON; beside an http/json
 * exporter an OTLP/protobuf exporter to the same endpoint; none for the console exporter or a
 * custom exporter without `sendEncoded`.
 */
function senderFor(o: ResolvedOptions, tls: TlsOptions | undefined, exporter: SpanExporter): (EncodedSpanSender & { shutdown(timeoutMs?: number): Promise<void> }) | undefined {
  if (typeof (exporter as Partial<EncodedSpanSender>).sendEncoded === 'function') return exporter as unknown as EncodedSpanSender & SpanExporter;
  const e = o.exporter;
  if (e.custom || e.type === 'console') return undefined;
  if (e.type === 'zipkin') {
    return new ZipkinEncodedSpanSender({
      url: e.endpoint ?? DEFAULT_ZIPKIN_ENDPOINT,
      headers: e.headers,
      timeoutMillis: e.timeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MILLIS,
    });
  }
  return createOtlpProtobufExporter(o, tls);
}

function openWal(o: ResolvedOptions, defaultWalDir: string, sender: EncodedSpanSender, fallback: SpanProcessor): WalSpanProcessor | undefined {
  const w = o.capture?.wal ?? {};
  const dir = w.dir ?? defaultWalDir;
  try {
    return new WalSpanProcessor({
      wal: { dir, maxBytes: w.maxBytes, segmentBytes: w.segmentBytes, encryptionKey: w.encryptionKey },
      sender,
      fallback,
      confirmTimeoutMs: w.confirmTimeoutMs,
    });
  } catch (err) {
    diag.error(
      `agent-otel: the write-ahead log at ${path.resolve(dir)} could not be opened (${(err as Error).message}); ` +
        'spans in complete and critical mode are captured as sampled until this is fixed (the directory is capture.wal.dir, AGENT_OTEL_WAL_DIR)',
    );
    return undefined;
  }
}
