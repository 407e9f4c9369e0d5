import type { ExportResult } from '@opentelemetry/core';

/**
 * Sends already-encoded OTLP/protobuf `ExportTraceServiceRequest` bytes to a backend.
 * `OtlpHttpSpanExporter` implements it; the WAL processor sends its records through it unchanged.
 */
export interface EncodedSpanSender {
  /** Sends one request (which may be several concatenated requests); resolves with the outcome, never rejects. */
  sendEncoded(bytes: Uint8Array): Promise<ExportResult>;
}
