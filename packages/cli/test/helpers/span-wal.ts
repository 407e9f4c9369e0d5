/** Builds real WAL directories holding real encoded spans, as the WAL span processor writes them. */
import { readdirSync } from 'node:fs';
import { createProtobufSpanEncoder, WriteAheadLog } from '@agent-otel/capture';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { context, trace } from '@opentelemetry/api';

/** Bytes of a record frame's header (format.ts of the WAL): length, CRC32C, seq, flags, reserved. */
export const RECORD_HEADER_BYTES = 20;

/** One trace: a root span `agent-run` with children `step-1` … `step-<children>`, from service `service`. */
export function makeTrace(children: number, service = 'cli-test'): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('agent-otel-cli-test', '1.0.0');
  const root = tracer.startSpan('agent-run', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  const parent = trace.setSpan(context.active(), root);
  for (let i = 1; i <= children; i++) {
    tracer.startSpan(`step-${i}`, { attributes: { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 10 * i } }, parent).end();
  }
  root.end();
  return memory.getFinishedSpans();
}

/** Each span encoded alone as an OTLP/protobuf ExportTraceServiceRequest (one WAL record each). */
export function encodeEach(spans: readonly ReadableSpan[]): Buffer[] {
  const encoder = createProtobufSpanEncoder();
  return spans.map((span) => Buffer.from(encoder.encode([span])));
}

/** Options of {@link writeWal}. */
export interface WriteWalOptions {
  /** Record payloads, in order. */
  payloads: readonly Uint8Array[];
  /** Acknowledge records 1..n before closing. Default 0. */
  acknowledgeThrough?: number;
  encryptionKey?: Uint8Array;
  /** Default: the WAL's own (16 MiB, everything in one segment). */
  segmentBytes?: number;
}

/** Creates a WAL in `dir` holding `payloads`, closes it, and returns the records' sequence numbers. */
export function writeWal(dir: string, options: WriteWalOptions): number[] {
  const wal = WriteAheadLog.open({ dir, encryptionKey: options.encryptionKey, segmentBytes: options.segmentBytes });
  const seqs = options.payloads.map((payload) => wal.append(payload));
  for (let seq = 1; seq <= (options.acknowledgeThrough ?? 0); seq++) wal.acknowledge(seq);
  wal.close();
  return seqs;
}

/** Segment file names in `dir`, oldest first. */
export function segmentFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.wal'))
    .sort();
}

/** Offset of record `index` (0-based) in a plain segment that starts with record 0. */
export function recordOffset(payloads: readonly Uint8Array[], index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += RECORD_HEADER_BYTES + payloads[i].length;
  return offset;
}
