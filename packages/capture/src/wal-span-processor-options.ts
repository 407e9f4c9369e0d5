import type { SpanProcessor } from './sdk-trace-types';
import type { EncodedSpanSender } from './encoded-span-sender';
import type { SpanEncoder } from './otlp/span-encoder';
import type { WalOptions } from './wal/wal-options';
import { MAX_TIMER_MS } from './timer-limit';

/** Options of `WalSpanProcessor`. */
export interface WalSpanProcessorOptions {
  /** The write-ahead log: directory, segment size, disk bound, encryption key (see WalOptions). Required. */
  wal: WalOptions;
  /** Where records are sent, e.g. an `OtlpHttpSpanExporter` (it retries with backoff). Required. */
  sender: EncodedSpanSender;
  /** Span codec. Default: the fast OTLP/protobuf encoder. */
  encoder?: SpanEncoder;
  /** Where spans go when the WAL refuses them (disk bound, write error). Default: none (counted and dropped). */
  fallback?: SpanProcessor;
  /** Interval of the background export of `complete` records, in ms. Default 500. */
  exportIntervalMs?: number;
  /** Upper bound of one export request, in bytes. Default 4 MiB. */
  maxExportBatchBytes?: number;
  /** Bytes of records kept in memory for export; beyond it, records are read back from disk. Default 64 MiB. */
  maxQueuedBytes?: number;
  /** Default wait of `confirmed()` for a critical span, in ms. Default 10000. */
  confirmTimeoutMs?: number;
  /** Longest pause between export attempts while the backend keeps failing, in ms. Default 30000. */
  maxRetryDelayMs?: number;
  /**
   * Drain budget: the longest time one `forceFlush()` or `shutdown()` spends exporting every
   * pending record (all requests together, not one export), in ms. Default 30000.
   */
  drainTimeoutMs?: number;
  /**
   * The drain budget under its former name, in ms.
   * @deprecated The former name of `drainTimeoutMs` (in `RingBufferSpanProcessor` the same name
   * bounds one export); still accepted, with one diag warning. Giving both with different values is
   * a TypeError.
   */
  exportTimeoutMs?: number;
}

/** Defaults of the numeric options. */
export const WAL_PROCESSOR_DEFAULTS = {
  exportIntervalMs: 500,
  maxExportBatchBytes: 4 * 1024 * 1024,
  maxQueuedBytes: 64 * 1024 * 1024,
  confirmTimeoutMs: 10000,
  maxRetryDelayMs: 30000,
  drainTimeoutMs: 30000,
} as const;

/** The numeric options: those with a default, and the deprecated alias. */
const NUMERIC_OPTIONS = [...(Object.keys(WAL_PROCESSOR_DEFAULTS) as (keyof typeof WAL_PROCESSOR_DEFAULTS)[]), 'exportTimeoutMs'] as const;

/** Rejects bad options with a TypeError naming the option. */
function validateWalProcessorOptions(options: WalSpanProcessorOptions): void {
  if (!options || typeof options !== 'object') throw new TypeError('WalSpanProcessor: options must be an object');
  if (!options.wal || typeof options.wal.dir !== 'string' || options.wal.dir === '') {
    throw new TypeError('WalSpanProcessor: option wal.dir (the WAL directory) is required');
  }
  if (!options.sender || typeof options.sender.sendEncoded !== 'function') {
    throw new TypeError('WalSpanProcessor: option sender must have sendEncoded(bytes), e.g. an OtlpHttpSpanExporter');
  }
  for (const name of NUMERIC_OPTIONS) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
      throw new TypeError(`WalSpanProcessor: option ${name} must be a positive number, got ${String(value)}`);
    }
    if (name.endsWith('Ms') && (value ?? 0) > MAX_TIMER_MS) {
      throw new TypeError(`WalSpanProcessor: option ${name} must be at most ${MAX_TIMER_MS} ms (the longest timer), got ${String(value)}`);
    }
  }
  if (options.maxQueuedBytes !== undefined && options.maxExportBatchBytes !== undefined && options.maxQueuedBytes < options.maxExportBatchBytes) {
    throw new TypeError('WalSpanProcessor: option maxQueuedBytes must be at least maxExportBatchBytes');
  }
  if (options.drainTimeoutMs !== undefined && options.exportTimeoutMs !== undefined && options.drainTimeoutMs !== options.exportTimeoutMs) {
    throw new TypeError(
      `WalSpanProcessor: options drainTimeoutMs (${options.drainTimeoutMs}) and exportTimeoutMs (${options.exportTimeoutMs}, its deprecated name) disagree; give drainTimeoutMs only`,
    );
  }
}

/** The numeric options of a WalSpanProcessor with their defaults applied (see {@link resolveWalProcessorOptions}). */
export interface ResolvedWalProcessorOptions {
  readonly exportIntervalMs: number;
  readonly maxExportBatchBytes: number;
  readonly maxQueuedBytes: number;
  readonly confirmTimeoutMs: number;
  readonly maxRetryDelayMs: number;
  /** `drainTimeoutMs`, else the deprecated `exportTimeoutMs`, else the default. */
  readonly drainTimeoutMs: number;
}

/**
 * Validates `options` ({@link validateWalProcessorOptions}) and applies the defaults. The
 * deprecated `exportTimeoutMs` stands for `drainTimeoutMs`, with one diag warning through `warn`.
 * @throws TypeError naming the option.
 */
export function resolveWalProcessorOptions(options: WalSpanProcessorOptions, warn: (message: string) => void): ResolvedWalProcessorOptions {
  validateWalProcessorOptions(options);
  if (options.exportTimeoutMs !== undefined) {
    warn('agent-otel: WalSpanProcessor option exportTimeoutMs is deprecated; it is the budget of the whole drain, now named drainTimeoutMs');
  }
  const d = WAL_PROCESSOR_DEFAULTS;
  return {
    exportIntervalMs: options.exportIntervalMs ?? d.exportIntervalMs,
    maxExportBatchBytes: options.maxExportBatchBytes ?? d.maxExportBatchBytes,
    maxQueuedBytes: options.maxQueuedBytes ?? d.maxQueuedBytes,
    confirmTimeoutMs: options.confirmTimeoutMs ?? d.confirmTimeoutMs,
    maxRetryDelayMs: options.maxRetryDelayMs ?? d.maxRetryDelayMs,
    drainTimeoutMs: options.drainTimeoutMs ?? options.exportTimeoutMs ?? d.drainTimeoutMs,
  };
}
