import { diag, TraceFlags, type Context } from '@opentelemetry/api';
import { ExportResultCode, globalErrorHandler, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from './sdk-trace-types';
import { DiagBurst } from './diag-burst';
import { ExportIncompleteError, type FlushOperation } from './export-incomplete-error';
import { errorOf, exportBatch } from './ring-buffer-batch-export';
import { RingBuffer } from './ring-buffer';
import type { RingBufferSpanProcessorStats } from './ring-buffer-stats';
import { resolveRingBufferOptions, type PendingSpanWork, type ResolvedRingBufferOptions, type RingBufferSpanProcessorOptions } from './ring-buffer-options';
import { settleWithin } from './settle-within';

const NAME = 'RingBufferSpanProcessor';

/** One `export()` call in flight; `start` is the sequence number of its first span. */
interface InFlightExport {
  readonly start: number;
  readonly count: number;
}

/** A `forceFlush()`/`shutdown()` waiting until every span numbered below `target` has left the processor. */
interface DrainWaiter {
  readonly target: number;
  readonly resolve: () => void;
}

/**
 * A `SpanProcessor` for the sampled capture mode: `onEnd` stores the span in a preallocated ring
 * (O(1), no serialization, no I/O, no allocation), and the spans are exported in batches later,
 * off the caller's stack — every `flushIntervalMs`, or shortly after the buffer fills past
 * `flushThreshold`. At most `maxConcurrentExports` exports run at once, each bounded by
 * `exportTimeoutMs`, inside `suppressTracing` so the exporter's own I/O is not traced.
 *
 * When the buffer is full the oldest span is overwritten. Every loss is counted (`stats()`),
 * reported through `diag` once per burst, and export errors also go to the global error handler.
 *
 * Works on its own in any OTel JS 2.x setup:
 * `new BasicTracerProvider({ spanProcessors: [new RingBufferSpanProcessor(exporter)] })`.
 */
export class RingBufferSpanProcessor implements SpanProcessor {
  private readonly _options: ResolvedRingBufferOptions;
  /** Copies of two options read on every `onEnd`. */
  private readonly _thresholdCount: number;
  private readonly _maxConcurrent: number;
  private readonly _ring: RingBuffer<ReadableSpan>;
  /** The first shutdown() call's promise (shutdown is idempotent). */
  private _shutdownPromise: Promise<void> | undefined;
  private readonly _interval: ReturnType<typeof setInterval>;
  private _earlyTimer: ReturnType<typeof setTimeout> | undefined;
  private _earlyArmed = false;
  private _shuttingDown = false;
  private _stopped = false;
  private _pumping = false;

  /** Sequence numbers: spans accepted, and spans that left the ring (taken for export or overwritten). */
  private _accepted = 0;
  private _removed = 0;
  private _exported = 0;
  private _failedExport = 0;
  private _droppedAfterShutdown = 0;
  private _spansInFlight = 0;
  private _lastError: string | undefined;
  private readonly _inFlight: InFlightExport[] = [];

  /**
   * Every span numbered below this is due for export now: raised to the spans accepted so far by
   * each interval tick and each forceFlush/shutdown. Spans ending later wait for the next tick or
   * the threshold, so a steady stream still goes out in full batches.
   */
  private _flushTarget = 0;
  private readonly _waiters: DrainWaiter[] = [];

  private readonly _overflow: DiagBurst;
  private readonly _failures: DiagBurst;

  /**
   * @param exporter receives the batches; shut down by this processor's `shutdown()`.
   * @param options see `RingBufferSpanProcessorOptions` for every default.
   * @throws RangeError naming the option when an option is out of range or contradicts another.
   */
  constructor(
    private readonly _exporter: SpanExporter,
    options: RingBufferSpanProcessorOptions = {},
  ) {
    if (_exporter === null || typeof _exporter !== 'object' || typeof _exporter.export !== 'function') {
      throw new TypeError(`${NAME}: exporter must be a SpanExporter (an object with an export() method)`);
    }
    this._options = resolveRingBufferOptions(options);
    const o = this._options;
    this._thresholdCount = o.flushThresholdCount;
    this._maxConcurrent = o.maxConcurrentExports;
    this._ring = new RingBuffer<ReadableSpan>(o.bufferSize);
    this._overflow = new DiagBurst(
      () => `${NAME}: buffer full (bufferSize ${o.bufferSize}), overwriting the oldest spans; raise bufferSize or lower flushIntervalMs/flushThreshold. A count follows when the drops stop.`,
      (inBurst, total) => `${NAME}: ${inBurst} spans dropped because the buffer was full (${total} since start)`,
    );
    this._failures = new DiagBurst(
      (count, detail) => `${NAME}: export of ${count} spans failed: ${detail ?? 'unknown error'}. A count follows when the failures stop.`,
      (inBurst, total) => `${NAME}: ${inBurst} spans failed to export in the last burst of failures (${total} since start)`,
    );
    this._interval = setInterval(() => this._onTick(), o.flushIntervalMs);
    this._interval.unref();
  }

  /** Does nothing: the ring only needs finished spans. */
  onStart(_span: Span, _parentContext: Context): void {}

  /** Stores a sampled span in the ring; O(1), never throws, never exports on the caller's stack. */
  onEnd(span: ReadableSpan): void {
    try {
      if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
      if (this._shuttingDown) {
        if (this._droppedAfterShutdown++ === 0) {
          diag.warn(`${NAME}: span ended after shutdown() was called; ignoring it and any later ones (counted in droppedAfterShutdown)`);
        }
        return;
      }
      this._accepted++;
      if (this._ring.push(span)) {
        this._removed++;
        this._overflow.record(1);
      }
      if (!this._earlyArmed && this._ring.size >= this._thresholdCount && this._inFlight.length < this._maxConcurrent) {
        this._armEarlyFlush();
      }
    } catch (err) {
      // Only a foreign span object or a throwing diag logger gets here; end() must not throw.
      globalErrorHandler(errorOf(err, `${NAME}: onEnd failed`));
    }
  }

  /**
   * Exports every span buffered now, in batches, at most `maxConcurrentExports` at a time, and
   * resolves when those exports have finished (failed ones are counted in `failedExport` and
   * reported, not thrown). Rejects with an `ExportIncompleteError` after `forceFlushTimeoutMs`
   * with spans still buffered or in flight. While pending it keeps the process alive. Concurrent
   * calls share the work.
   */
  forceFlush(): Promise<void> {
    if (this._shutdownPromise) return this._shutdownPromise;
    return this._flush(this._options.forceFlushTimeoutMs, 'forceFlush');
  }

  /**
   * Stops accepting spans, drains the buffer, then shuts the exporter down; all within `timeoutMs`
   * (default `shutdownTimeoutMs`). Rejects with an `ExportIncompleteError` naming the spans
   * dropped when the time ran out with spans still buffered or in flight; failed exports are
   * counted (`failedExport`), as in `forceFlush()`. While pending it keeps the process alive.
   * Idempotent: later calls return the first call's promise.
   * @param timeoutMs a shorter budget, e.g. what is left of a shared shutdown timeout.
   */
  shutdown(timeoutMs?: number): Promise<void> {
    return (this._shutdownPromise ??= this._shutdown(timeoutMs));
  }

  /** The work this processor completes before it takes spans for export (option `pendingWork`). */
  get pendingWork(): PendingSpanWork | undefined {
    return this._options.pendingWork;
  }

  /** A snapshot of the counters. */
  stats(): RingBufferSpanProcessorStats {
    return {
      buffered: this._ring.size,
      ended: this._accepted,
      exported: this._exported,
      droppedOverflow: this._overflow.total,
      droppedAfterShutdown: this._droppedAfterShutdown,
      failedExport: this._failedExport,
      exportsInFlight: this._inFlight.length,
      spansInFlight: this._spansInFlight,
    };
  }

  private _armEarlyFlush(): void {
    this._earlyArmed = true;
    // One timer, re-armed with refresh(): the trigger allocates nothing per flush and runs
    // after the caller's synchronous work, never inside end().
    if (this._earlyTimer === undefined) {
      this._earlyTimer = setTimeout(() => this._onEarlyFlush(), 0);
      this._earlyTimer.unref();
    } else {
      this._earlyTimer.refresh();
    }
  }

  private _onEarlyFlush(): void {
    this._earlyArmed = false;
    this._pumpSafely();
  }

  private _onTick(): void {
    if (this._accepted > this._flushTarget) this._flushTarget = this._accepted;
    this._pumpSafely();
    this._overflow.tick();
    this._failures.tick();
  }

  private _pumpSafely(): void {
    try {
      this._pump();
    } catch (err) {
      globalErrorHandler(errorOf(err, `${NAME}: flush failed`));
    }
  }

  /** Starts exports while a slot is free and something asks for one; then wakes satisfied drains. */
  private _pump(): void {
    if (this._pumping || this._stopped) return;
    this._pumping = true;
    try {
      const ring = this._ring;
      const batchSize = this._options.maxExportBatchSize;
      while (this._inFlight.length < this._maxConcurrent && ring.size > 0) {
        if (ring.size < this._thresholdCount && this._removed >= this._flushTarget) break;
        // Spans whose enrichment was deferred are enriched before any of them is read for export.
        this._options.pendingWork?.completePending();
        const start = this._removed;
        const batch = ring.take(batchSize);
        this._removed += batch.length;
        this._startExport(batch, start);
      }
    } finally {
      this._pumping = false;
    }
    this._wakeWaiters();
  }

  private _startExport(batch: ReadableSpan[], start: number): void {
    const record: InFlightExport = { start, count: batch.length };
    this._inFlight.push(record);
    this._spansInFlight += batch.length;
    exportBatch(this._exporter, batch, this._options.exportTimeoutMs, result => this._settle(record, result));
  }

  /** Records the outcome of an export (`exportBatch` reports each exactly once). */
  private _settle(record: InFlightExport, result: ExportResult): void {
    this._inFlight.splice(this._inFlight.indexOf(record), 1);
    this._spansInFlight -= record.count;
    if (result.code === ExportResultCode.SUCCESS) {
      this._exported += record.count;
    } else {
      this._failedExport += record.count;
      const error = result.error ?? new Error(`${NAME}: export of ${record.count} spans failed`);
      this._lastError = error.message;
      this._failures.record(record.count, error.message);
      globalErrorHandler(error);
    }
    if (this._stopped) this._wakeWaiters();
    else this._pumpSafely();
  }

  /** Every span numbered below this has been exported, failed or dropped. */
  private _settledBelow(): number {
    return this._inFlight.length > 0 ? this._inFlight[0].start : this._removed;
  }

  private _wakeWaiters(): void {
    const settledBelow = this._settledBelow();
    for (let i = 0; i < this._waiters.length; ) {
      const waiter = this._waiters[i];
      if (waiter.target <= settledBelow) {
        this._waiters.splice(i, 1);
        waiter.resolve();
      } else {
        i++;
      }
    }
  }

  /**
   * Drains every span accepted so far within `timeoutMs`; rejects with an `ExportIncompleteError`
   * when some were still buffered or in flight at the deadline (counting the failed exports too).
   */
  private async _flush(timeoutMs: number, operation: FlushOperation): Promise<void> {
    const failedBefore = this._failedExport;
    const target = this._accepted;
    if (await this._drain(target, timeoutMs)) return;
    const failed = this._failedExport - failedBefore;
    const left = target - this._settledBelow();
    // At shutdown nothing left behind will ever be sent: it is dropped; a flush may still send it.
    const stopping = operation === 'shutdown';
    throw new ExportIncompleteError(NAME, operation, {
      dropped: failed + (stopping ? left : 0),
      pending: stopping ? 0 : left,
      kept: 0,
      timedOut: true,
      timeoutMs,
      lastError: failed > 0 ? this._lastError : undefined,
    });
  }

  /**
   * Resolves `true` once every span numbered below `target` has left the processor (exported,
   * failed or overwritten), `false` after `timeoutMs`. Its deadline timer keeps the process alive.
   */
  private _drain(target: number, timeoutMs: number): Promise<boolean> {
    if (this._settledBelow() >= target) return Promise.resolve(true);
    let waiter: DrainWaiter | undefined;
    const drained = new Promise<boolean>((resolve) => {
      waiter = { target, resolve: () => resolve(true) };
      this._waiters.push(waiter);
      if (target > this._flushTarget) this._flushTarget = target;
      this._pumpSafely();
    });
    return settleWithin(drained, timeoutMs, () => new Error('drain timed out')).catch(() => {
      const index = this._waiters.indexOf(waiter!);
      if (index >= 0) this._waiters.splice(index, 1);
      return false;
    });
  }

  private async _shutdown(timeoutMs = this._options.shutdownTimeoutMs): Promise<void> {
    this._shuttingDown = true;
    clearInterval(this._interval);
    if (this._earlyTimer !== undefined) clearTimeout(this._earlyTimer);
    const startedAt = Date.now();
    let drainError: unknown;
    try {
      await this._flush(timeoutMs, 'shutdown');
    } catch (err) {
      drainError = err;
    }
    this._stopped = true;
    this._overflow.end();
    this._failures.end();
    if (this._ring.size > 0) {
      diag.warn(`${NAME}: shutdown left ${this._ring.size} spans unexported in the buffer`);
    }
    const remainingMs = Math.max(1, timeoutMs - (Date.now() - startedAt));
    // An exporter still closing at the deadline (a request of another pipeline in flight) costs no
    // span of this one: it is reported, not thrown.
    // This package's exporters take the budget and abort what is still in flight when it is spent.
    const exporterShutdown = (this._exporter.shutdown as (timeoutMs?: number) => Promise<void>).call(this._exporter, remainingMs);
    await settleWithin(Promise.resolve(exporterShutdown), remainingMs, () => new Error('timeout')).catch((err: unknown) => {
      if ((err as Error).message === 'timeout') diag.warn(`${NAME}: the exporter had not finished shutting down when the shutdown timeout (${timeoutMs} ms) passed`);
      else drainError ??= err;
    });
    if (drainError !== undefined) throw drainError;
  }
}
