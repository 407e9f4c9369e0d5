import * as path from 'node:path';
import { diag } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  CaptureRouter,
  OtlpHttpSpanExporter,
  RingBufferSpanProcessor,
  WalSpanProcessor,
  type EncodedSpanSender,
} from '@agent-otel/capture';
import { GenAiSpanProcessor } from '@agent-otel/genai';
import type { RegisterOptions } from './options';

/** Default OTLP/HTTP traces endpoint (a local Collector or Jaeger v2). */
export const DEFAULT_OTLP_TRACES_ENDPOINT = 'http://localhost:4318/v1/traces';
/** Default export request timeout in ms. */
export const DEFAULT_EXPORT_TIMEOUT_MILLIS = 10000;

/** The processor chain register() installs, and its parts for stats and shutdown. */
export interface Pipeline {
  processors: SpanProcessor[];
  ringBuffer?: RingBufferSpanProcessor;
  wal?: WalSpanProcessor;
}

/**
 * Builds the processor chain of DESIGN §3: GenAiSpanProcessor (enrich, derive, redact) first,
 * then a CaptureRouter sending each span to the ring buffer (sampled) or the write-ahead log
 * (complete, critical), then any additional processors. When the WAL cannot be opened (locked by
 * another process, not writable, wrong key) the service still starts: the error is reported
 * through diag and complete/critical spans are captured as sampled.
 */
export function buildPipeline(o: RegisterOptions, defaultWalDir: string): Pipeline {
  const processors: SpanProcessor[] = [new GenAiSpanProcessor(o.genai)];
  const pipeline: Pipeline = { processors };
  const exporter = createSampledExporter(o);
  if (exporter) {
    const ringBuffer = new RingBufferSpanProcessor(exporter, o.capture?.ringBuffer);
    const sender = senderFor(o, exporter);
    const wal = sender && o.capture?.wal?.enabled !== false ? openWal(o, defaultWalDir, sender, ringBuffer) : undefined;
    processors.push(
      new CaptureRouter({ sampled: ringBuffer, complete: wal, critical: wal, defaultMode: o.capture?.defaultMode, rules: o.capture?.rules }),
    );
    pipeline.ringBuffer = ringBuffer;
    pipeline.wal = wal;
  }
  processors.push(...(o.additionalSpanProcessors ?? []));
  return pipeline;
}

/** The exporter of the sampled pipeline, or undefined for `exporter.type: 'none'`. */
function createSampledExporter(o: RegisterOptions): SpanExporter | undefined {
  const e = o.exporter ?? {};
  if (e.custom) return e.custom;
  const type = e.type ?? 'otlp';
  if (type === 'none') return undefined;
  if (type === 'console') return new ConsoleSpanExporter();
  if (e.protocol === 'http/json') {
    return new OtlpJsonTraceExporter({
      url: e.endpoint ?? DEFAULT_OTLP_TRACES_ENDPOINT,
      headers: e.headers,
      timeoutMillis: e.timeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MILLIS,
      compression: e.compression as never,
    });
  }
  return createOtlpProtobufExporter(o);
}

function createOtlpProtobufExporter(o: RegisterOptions): OtlpHttpSpanExporter {
  const e = o.exporter ?? {};
  return new OtlpHttpSpanExporter({
    url: e.endpoint ?? DEFAULT_OTLP_TRACES_ENDPOINT,
    headers: e.headers,
    timeoutMillis: e.timeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MILLIS,
    compression: e.compression,
  });
}

/**
 * What sends WAL records: the sampled exporter itself when it can send encoded OTLP/protobuf, else
 * an OTLP/protobuf exporter to the same endpoint (WAL records are always OTLP/protobuf); none for
 * the console exporter or a custom exporter without `sendEncoded`.
 */
function senderFor(o: RegisterOptions, exporter: SpanExporter): EncodedSpanSender | undefined {
  if (typeof (exporter as Partial<EncodedSpanSender>).sendEncoded === 'function') return exporter as unknown as EncodedSpanSender;
  if (o.exporter?.custom || o.exporter?.type === 'console') return undefined;
  return createOtlpProtobufExporter(o);
}

function openWal(o: RegisterOptions, defaultWalDir: string, sender: EncodedSpanSender, fallback: SpanProcessor): WalSpanProcessor | undefined {
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
        'spans in complete and critical mode are captured as sampled until this is fixed',
    );
    return undefined;
  }
}
