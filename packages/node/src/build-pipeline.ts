import * as path from 'node:path';
import { diag } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@agent-otel/capture';
import {
  CaptureRouter,
  DeferredEnrichment,
  OtlpHttpSpanExporter,
  RingBufferSpanProcessor,
  WalSpanProcessor,
  ZipkinSpanExporter,
  type EncodedSpanSender,
  type TlsOptions,
} from '@agent-otel/capture';
import { DEFAULT_ZIPKIN_ENDPOINT, RING_BUFFER_DEFAULTS } from '@agent-otel/capture/internal';
import { GenAiSpanProcessor } from '@agent-otel/genai';
import { ClosingSpanProcessor } from './closing-span-processor';
import { loadTls } from './load-tls';
import { createOtlpJsonExporter } from './otlp-json-exporter';
import { OTEL_PEERS, requirePeerForOption } from './otel-peers';
import type { ResolvedOptions } from './options';

/** Default OTLP/HTTP traces endpoint (a local Collector or Jaeger v2). */
const DEFAULT_OTLP_TRACES_ENDPOINT = 'http://localhost:4318/v1/traces';
/** Default of `shutdownTimeoutMillis`, in ms. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 5000;
/** Default export request timeout in ms. */
const DEFAULT_EXPORT_TIMEOUT_MILLIS = 10000;

/** The processor chain register() installs, and its parts for stats and shutdown. */
export interface Pipeline {
  processors: SpanProcessor[];
  ringBuffer?: RingBufferSpanProcessor;
  wal?: WalSpanProcessor;
  /**
   * The sender of WAL records when it is not the sampled exporter (OTLP/protobuf beside an
   * http/json exporter); the capture processor shuts it down after the WAL.
   */
  walSender?: EncodedSpanSender & { shutdown(timeoutMs?: number): Promise<void> };
  /** The GenAI processor, run by the router (deferred for sampled spans) or first in `processors`. */
  genai: GenAiSpanProcessor;
  /** The deferred enrichment of sampled spans, when `capture.deferEnrichment` is in force. */
  enrichment?: DeferredEnrichment;
}

/** An `EncodedSpanSender` the pipeline shuts down itself. */
type ClosableSender = EncodedSpanSender & { shutdown(timeoutMs?: number): Promise<void> };

/** The exporters of the capture pipelines. */
interface Exporters {
  /** Exports sampled spans (the ring buffer's exporter). */
  sampled: SpanExporter;
  /** Sends WAL records (OTLP/protobuf bytes); none for the console exporter or a custom exporter without `sendEncoded`. */
  durable?: EncodedSpanSender;
  /** `durable` when it is not `sampled` (beside an http/json exporter): the pipeline shuts it down after the WAL. */
  separate?: ClosableSender;
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
  const exporters = createExporters(o, tls);
  // As many spans may wait for their enrichment as the ring buffer holds.
  const maxPending = o.capture?.ringBuffer?.bufferSize ?? RING_BUFFER_DEFAULTS.bufferSize;
  const enrichment = exporters && deferEnrichment(o, owner) ? new DeferredEnrichment(genai, { maxPending }) : undefined;
  if (enrichment === undefined) processors.push(genai);
  if (exporters) {
    const ringBuffer = new RingBufferSpanProcessor(exporters.sampled, { ...o.capture?.ringBuffer, pendingWork: enrichment });
    const sender = exporters.durable;
    pipeline.walSender = exporters.separate;
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
function pipelineShutdownBudget(shutdownTimeoutMillis: number): number {
  return Math.max(1, shutdownTimeoutMillis - Math.min(250, shutdownTimeoutMillis / 10));
}

/**
 * The exporters for `exporter`, or undefined for `type: 'none'`. One exporter serves both pipelines
 * whenever it can send encoded bytes: `OtlpHttpSpanExporter` for OTLP/protobuf (TLS and tenancy
 * included), `ZipkinSpanExporter` for Zipkin (one mapping for every mode), a custom exporter with
 * `sendEncoded`. Beside the stock http/json exporter, WAL records go to the same endpoint through
 * an `OtlpHttpSpanExporter` (records are OTLP/protobuf); the console exporter and a custom one
 * without `sendEncoded` have no WAL sender.
 */
function createExporters(o: ResolvedOptions, tls: TlsOptions | undefined): Exporters | undefined {
  const e = o.exporter;
  if (e.custom) return { sampled: e.custom, durable: isEncodedSpanSender(e.custom) ? e.custom : undefined };
  const type = e.type ?? 'otlp';
  if (type === 'none') return undefined;
  if (type === 'console') {
    const { ConsoleSpanExporter } = requirePeerForOption<typeof import('@opentelemetry/sdk-trace')>(OTEL_PEERS.sdkTrace, "exporter.type 'console'");
    return { sampled: new ConsoleSpanExporter() };
  }
  const timeoutMillis = e.timeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MILLIS;
  if (type === 'zipkin') {
    const zipkin = new ZipkinSpanExporter({ url: e.endpoint ?? DEFAULT_ZIPKIN_ENDPOINT, headers: e.headers, timeoutMillis });
    return { sampled: zipkin, durable: zipkin };
  }
  const url = e.endpoint ?? DEFAULT_OTLP_TRACES_ENDPOINT;
  const otlp = new OtlpHttpSpanExporter({ url, headers: e.headers, timeoutMillis, compression: e.compression, tls, tenancy: e.tenancy });
  if (e.protocol === 'http/json') {
    return { sampled: createOtlpJsonExporter({ url, headers: e.headers, timeoutMillis, compression: e.compression, tls }), durable: otlp, separate: otlp };
  }
  return { sampled: otlp, durable: otlp };
}

/** Whether a custom exporter can also send the WAL's encoded records. */
function isEncodedSpanSender(exporter: SpanExporter): exporter is SpanExporter & EncodedSpanSender {
  return 'sendEncoded' in exporter && typeof exporter.sendEncoded === 'function';
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
