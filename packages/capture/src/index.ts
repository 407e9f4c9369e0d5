// The public API of @agent-otel/capture. What only the other @agent-otel packages use is exported
// from `@agent-otel/capture/internal` (src/internal.ts), outside the semver promise.
export { ATTR_CAPTURE_MODE, CAPTURE_MODES, withCaptureMode } from './capture-mode';
export type { CaptureMode } from './capture-mode';
export { CaptureRouter } from './capture-router';
export type { CaptureRouterOptions } from './capture-router';
export { DeferredEnrichment } from './enrichment/deferred-enrichment';
export type { DeferredEnrichmentOptions, DeferredEnrichmentStats } from './enrichment/deferred-enrichment';
export type { CaptureRule } from './capture-rules';
export { confirmed, ConfirmationError, ConfirmationTimeoutError } from './confirmation';
export type { ConfirmOptions } from './confirmation';
export { parseWalKey } from './wal/wal-key';
export { ExportIncompleteError } from './export-incomplete-error';
export type { ExportIncompleteDetails, FlushOperation } from './export-incomplete-error';
export { RingBufferSpanProcessor } from './ring-buffer-span-processor';
export type { PendingSpanWork, RingBufferSpanProcessorOptions } from './ring-buffer-options';
export type { RingBufferSpanProcessorStats } from './ring-buffer-stats';
export { WalSpanProcessor } from './wal-span-processor';
export type { WalSpanProcessorStats } from './wal-span-processor';
export type { WalSpanProcessorOptions } from './wal-span-processor-options';
export type { EncodedSpanSender } from './encoded-span-sender';
export { OtlpHttpSpanExporter } from './export/otlp-http-span-exporter';
export type { OtlpHttpSpanExporterStats } from './export/otlp-http-span-exporter';
export type { OtlpHttpSpanExporterOptions } from './export/otlp-http-exporter-options';
export type { RetryOptions } from './export/retry-options';
export { OtlpExportError } from './export/otlp-export-error';
export type { OtlpExportErrorDetails } from './export/otlp-export-error';
export { createProtobufSpanEncoder } from './otlp/protobuf-span-encoder';
export type { ProtobufSpanEncoderOptions } from './otlp/protobuf-span-encoder';
export type { SpanEncoder } from './otlp/span-encoder';
export { WriteAheadLog } from './wal/write-ahead-log';
export type { WalOptions, WalRecoveryReport, WalStats } from './wal/write-ahead-log';
export { inspectWal } from './wal/inspect';
export type { WalInspection, WalSegmentInfo } from './wal/inspect';
export {
  WalClosedError,
  WalCorruptionError,
  WalError,
  WalFullError,
  WalKeyError,
  WalLockedError,
  WalPermissionError,
  WalWriteError,
} from './wal/errors';
export type { WalKeyProblem } from './wal/errors';
export type { LockHolder } from './wal/lock-file';
export { RoutingOtlpHttpExporter } from './export/routing-otlp-http-exporter';
export type { RoutingOtlpHttpExporterOptions, RoutingOtlpHttpExporterStats } from './export/routing-otlp-http-exporter';
export { ZipkinEncodedSpanSender, ZipkinSpanExporter } from './export/zipkin-span-exporter';
export type { ZipkinEncodedSpanSenderOptions, ZipkinSpanExporterOptions } from './export/zipkin-span-exporter';
export type { ZipkinMappingOptions } from './export/zipkin-span-mapper';
export type { TlsOptions } from './export/http-sender';
export type { TenancyOptions } from './export/tenancy-options';
export type {
  ReadableSpan,
  Span as SdkSpan,
  SpanExporter,
  SpanInstrumentationScope,
  SpanProcessor,
  SpanResource,
  TimedEvent,
} from './sdk-trace-types';
