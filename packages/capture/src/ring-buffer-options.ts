import { MAX_TIMER_MS } from './timer-limit';

/** Options of `RingBufferSpanProcessor`. Every field is optional; the defaults are stated on each. */
export interface RingBufferSpanProcessorOptions {
  /**
   * Spans held between flushes. When the buffer is full the oldest span is overwritten and counted
   * in `droppedOverflow`. Memory: one slot (a reference) per span. Default 2048, the stock
   * BatchSpanProcessor's queue size, so a synchronous burst the stock pipeline takes is not cut short.
   */
  bufferSize?: number;
  /** Interval of the periodic flush, in milliseconds. Default 500. */
  flushIntervalMs?: number;
  /**
   * Fill fraction, in (0, 1], of `bufferSize` that triggers a flush before the interval elapses.
   * The flush runs on a timer shortly after the span that crossed it ended, never inside `end()`.
   * Default 0.5 (the default 2048-span buffer flushes early at 1024 spans).
   */
  flushThreshold?: number;
  /**
   * Most spans handed to the exporter in one `export()` call. Default 512, lowered to
   * `bufferSize` when the buffer is smaller; setting it explicitly above `bufferSize` is an error.
   */
  maxExportBatchSize?: number;
  /**
   * Most `export()` calls in flight at once; further batches wait in the buffer. Default 2.
   */
  maxConcurrentExports?: number;
  /**
   * Time after which an export that has not reported back counts as failed and frees its slot.
   * Default 30000.
   */
  exportTimeoutMs?: number;
  /** Time `forceFlush()` waits for the buffer to drain before it rejects. Default 30000. */
  forceFlushTimeoutMs?: number;
  /** Time `shutdown()` waits for the drain and the exporter's shutdown before it rejects. Default 30000. */
  shutdownTimeoutMs?: number;
  /**
   * Work another processor left on ended spans (the `DeferredEnrichment` given to the
   * CaptureRouter), completed before each batch is taken from the buffer, so the exporter never
   * sees a span before its enrichment. Default: none.
   */
  pendingWork?: PendingSpanWork;
}

/** Work left on ended spans, completed on demand; never throws. */
export interface PendingSpanWork {
  /** Completes the work of every span ended so far. */
  completePending(): void;
}

/** The options with every default applied and every value checked. */
export interface ResolvedRingBufferOptions {
  readonly bufferSize: number;
  readonly flushIntervalMs: number;
  readonly flushThreshold: number;
  /** `flushThreshold` as a span count: `max(1, ceil(flushThreshold × bufferSize))`. */
  readonly flushThresholdCount: number;
  readonly maxExportBatchSize: number;
  readonly maxConcurrentExports: number;
  readonly exportTimeoutMs: number;
  readonly forceFlushTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly pendingWork: PendingSpanWork | undefined;
}

/** Default value of every `RingBufferSpanProcessorOptions` field. */
export const RING_BUFFER_DEFAULTS = {
  bufferSize: 2048,
  flushIntervalMs: 500,
  flushThreshold: 0.5,
  maxExportBatchSize: 512,
  maxConcurrentExports: 2,
  exportTimeoutMs: 30000,
  forceFlushTimeoutMs: 30000,
  shutdownTimeoutMs: 30000,
} as const;

const PREFIX = 'RingBufferSpanProcessor';

function integerAtLeastOne(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${PREFIX}: option ${name} must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}

function milliseconds(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new RangeError(`${PREFIX}: option ${name} must be a number of milliseconds in (0, ${MAX_TIMER_MS}], got ${String(value)}`);
  }
  return value;
}

/**
 * Applies the defaults and rejects impossible values with an error naming the option.
 * @throws RangeError on a value out of range or an impossible combination.
 */
export function resolveRingBufferOptions(options: RingBufferSpanProcessorOptions = {}): ResolvedRingBufferOptions {
  const d = RING_BUFFER_DEFAULTS;
  const bufferSize = integerAtLeastOne('bufferSize', options.bufferSize ?? d.bufferSize);
  const flushThreshold = options.flushThreshold ?? d.flushThreshold;
  if (typeof flushThreshold !== 'number' || !(flushThreshold > 0 && flushThreshold <= 1)) {
    throw new RangeError(`${PREFIX}: option flushThreshold must be a fill fraction in (0, 1], got ${String(flushThreshold)}`);
  }
  let maxExportBatchSize: number;
  if (options.maxExportBatchSize === undefined) {
    maxExportBatchSize = Math.min(d.maxExportBatchSize, bufferSize);
  } else {
    maxExportBatchSize = integerAtLeastOne('maxExportBatchSize', options.maxExportBatchSize);
    if (maxExportBatchSize > bufferSize) {
      throw new RangeError(
        `${PREFIX}: option maxExportBatchSize (${maxExportBatchSize}) cannot exceed bufferSize (${bufferSize}); a batch can never hold more spans than the buffer`,
      );
    }
  }
  return {
    bufferSize,
    flushIntervalMs: milliseconds('flushIntervalMs', options.flushIntervalMs ?? d.flushIntervalMs),
    flushThreshold,
    flushThresholdCount: Math.max(1, Math.ceil(flushThreshold * bufferSize)),
    maxExportBatchSize,
    maxConcurrentExports: integerAtLeastOne('maxConcurrentExports', options.maxConcurrentExports ?? d.maxConcurrentExports),
    exportTimeoutMs: milliseconds('exportTimeoutMs', options.exportTimeoutMs ?? d.exportTimeoutMs),
    forceFlushTimeoutMs: milliseconds('forceFlushTimeoutMs', options.forceFlushTimeoutMs ?? d.forceFlushTimeoutMs),
    shutdownTimeoutMs: milliseconds('shutdownTimeoutMs', options.shutdownTimeoutMs ?? d.shutdownTimeoutMs),
    pendingWork: pendingWorkOption(options.pendingWork),
  };
}

function pendingWorkOption(value: PendingSpanWork | undefined): PendingSpanWork | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || typeof value.completePending !== 'function') {
    throw new TypeError(`${PREFIX}: option pendingWork must be an object with a completePending() method`);
  }
  return value;
}
