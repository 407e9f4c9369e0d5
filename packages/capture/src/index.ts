export {
  ATTR_CAPTURE_MODE,
  CAPTURE_MODES,
  CAPTURE_MODE_KEY,
  getCaptureMode,
  isCaptureMode,
  setCaptureMode,
  withCaptureMode,
} from './capture-mode';
export type { CaptureMode } from './capture-mode';
export { CaptureRouter } from './capture-router';
export type { CaptureRouterOptions } from './capture-router';
export { DeferredEnrichment } from './enrichment/deferred-enrichment';
export type { DeferredEnrichmentOptions, DeferredEnrichmentStats } from './enrichment/deferred-enrichment';
export { validateCaptureRules } from './capture-rules';
export type { CaptureRule } from './capture-rules';
export { confirmed, ConfirmationError, ConfirmationTimeoutError } from './confirmation';
export type { ConfirmOptions } from './confirmation';
export { MAX_TIMER_MS } from './timer-limit';
export { parseWalKey, WAL_KEY_BYTES, WAL_KEY_FORMAT } from './wal/wal-key';
export { ExportIncompleteError } from './export-incomplete-error';
export { settleWithin } from './settle-within';
export type { ExportIncompleteDetails, FlushOperation } from './export-incomplete-error';
export { RingBufferSpanProcessor } from './ring-buffer-span-processor';
export { RING_BUFFER_DEFAULTS } from './ring-buffer-options';
export type { PendingSpanWork, RingBufferSpanProcessorOptions } from './ring-buffer-options';
export type { RingBufferSpanProcessorStats } from './ring-buffer-stats';
export { WalSpanProcessor } from './wal-span-processor';
export type { WalSpanProcessorStats } from './wal-span-processor';
export { WAL_PROCESSOR_DEFAULTS } from './wal-span-processor-options';
export type { WalSpanProcessorOptions } from './wal-span-processor-options';
export type { EncodedSpanSender } from './encoded-span-sender';
export { OtlpHttpSpanExporter } from './export/otlp-http-span-exporter';
export type { OtlpHttpSpanExporterStats } from './export/otlp-http-span-exporter';
export { OTLP_HTTP_EXPORTER_DEFAULTS } from './export/otlp-http-exporter-options';
export type { OtlpHttpSpanExporterOptions } from './export/otlp-http-exporter-options';
export { RETRY_DEFAULTS } from './export/retry-options';
export type { RetryOptions } from './export/retry-options';
export { OtlpExportError } from './export/otlp-export-error';
export { classifyExportError, classifyStatus } from './export/export-outcome';
export type { ExportOutcome } from './export/export-outcome';
export { QUARANTINE_DIR, quarantineDir, REJECTIONS_FILE } from './wal-quarantine';
export type { QuarantineEntry } from './wal-quarantine';
export { createProtobufSpanEncoder, ProtobufSpanEncoder } from './otlp/protobuf-span-encoder';
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
export { RoutingOtlpHttpExporter } from './export/routing-otlp-http-exporter';
export type { RoutingOtlpHttpExporterOptions, RoutingOtlpHttpExporterStats } from './export/routing-otlp-http-exporter';
export { DEFAULT_ZIPKIN_ENDPOINT, ZipkinEncodedSpanSender } from './export/zipkin-encoded-span-sender';
export type { ZipkinEncodedSpanSenderOptions } from './export/zipkin-encoded-span-sender';
export type { ZipkinMappingOptions } from './export/zipkin-span-mapper';
export type { TlsOptions } from './export/http-sender';
export { DEFAULT_TENANT_ATTRIBUTE, DEFAULT_TENANT_HEADER } from './export/tenancy-options';
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
