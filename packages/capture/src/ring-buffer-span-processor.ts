import { diag, TraceFlags, type Context } from '@opentelemetry/api';
import { ExportResultCode, globalErrorHandler, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from './sdk-trace-types';
import type { BudgetedShutdown } from './budgeted-shutdown';
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
  private readonly options: ResolvedRingBufferOptions;
  /** Copies of two options read on every `onEnd`. */
  private readonly thresholdCount: number;
  private readonly maxConcurrent: number;
  private readonly ring: RingBuffer<ReadableSpan>;
  /** The first shutdown() call's promise (shutdown is idempotent). */
  private shutdownPromise: Promise<void> | undefined;
  private readonly interval: ReturnType<typeof setInterval>;
  private earlyTimer: ReturnType<typeof setTimeout> | undefined;
  private earlyArmed = false;
  private shuttingDown = false;
  private stopped = false;
  private pumping = false;

  /** Sequence numbers: spans accepted, and spans that left the ring (taken for export or overwritten). */
  private accepted = 0;
  private removed = 0;
  private exported = 0;
  private failedExport = 0;
  private droppedAfterShutdown = 0;
  private spansInFlight = 0;
  private lastError: string | undefined;
  private readonly inFlight: InFlightExport[] = [];

  /**
   * Every span numbered below this is due for export now: raised to the spans accepted so far by
   * each interval tick and each forceFlush/shutdown. Spans ending later wait for the next tick or
   * the threshold, so a steady stream still goes out in full batches.
   */
  private flushTarget = 0;
  private readonly waiters: DrainWaiter[] = [];

  private readonly overflow: DiagBurst;
  private readonly failures: DiagBurst;

  /**
   * @param exporter receives the batches; shut down by this processor's `shutdown()`.
   * @param options see `RingBufferSpanProcessorOptions` for every default.
   * @throws RangeError naming the option when an option is out of range or contradicts another.
   */
  constructor(
    private readonly exporter: SpanExporter,
    options: RingBufferSpanProcessorOptions = {},
  ) {
    if (exporter === null || typeof exporter !== 'object' || typeof exporter.export !== 'function') {
      throw new TypeError(`${NAME}: exporter must be a SpanExporter (an object with an export() method)`);
    }
    this.options = resolveRingBufferOptions(options);
    const o = this.options;
    this.thresholdCount = o.flushThresholdCount;
    this.maxConcurrent = o.maxConcurrentExports;
    this.ring = new RingBuffer<ReadableSpan>(o.bufferSize);
    this.overflow = new DiagBurst(
      () =>
        `${NAME}: buffer full (bufferSize ${o.bufferSize}), overwriting the oldest spans; raise bufferSize or lower flushIntervalMs/flushThreshold. A count follows when the drops stop.`,
      (inBurst, total) => `${NAME}: ${inBurst} spans dropped because the buffer was full (${total} since start)`,
    );
    this.failures = new DiagBurst(
      (count, detail) => `${NAME}: export of ${count} spans failed: ${detail ?? 'unknown error'}. A count follows when the failures stop.`,
      (inBurst, total) => `${NAME}: ${inBurst} spans failed to export in the last burst of failures (${total} since start)`,
    );
    this.interval = setInterval(() => this.onTick(), o.flushIntervalMs);
    this.interval.unref();
  }

  /** Does nothing: the ring only needs finished spans. */
  onStart(_span: Span, _parentContext: Context): void {}

  /** Stores a sampled span in the ring; O(1), never throws, never exports on the caller's stack. */
  onEnd(span: ReadableSpan): void {
    try {
      if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
      if (this.shuttingDown) {
        if (this.droppedAfterShutdown++ === 0) {
          diag.warn(`${NAME}: span ended after shutdown() was called; ignoring it and any later ones (counted in droppedAfterShutdown)`);
        }
        return;
      }
      this.accepted++;
      if (this.ring.push(span)) {
        this.removed++;
        this.overflow.record(1);
      }
      if (!this.earlyArmed && this.ring.size >= this.thresholdCount && this.inFlight.length < this.maxConcurrent) {
        this.armEarlyFlush();
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
    if (this.shutdownPromise) return this.shutdownPromise;
    return this.flush(this.options.forceFlushTimeoutMs, 'forceFlush');
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
    return (this.shutdownPromise ??= this.doShutdown(timeoutMs));
  }

  /** The work this processor completes before it takes spans for export (option `pendingWork`). */
  get pendingWork(): PendingSpanWork | undefined {
    return this.options.pendingWork;
  }

  /** A snapshot of the counters. */
  stats(): RingBufferSpanProcessorStats {
    return {
      buffered: this.ring.size,
      ended: this.accepted,
      exported: this.exported,
      droppedOverflow: this.overflow.total,
      droppedAfterShutdown: this.droppedAfterShutdown,
      failedExport: this.failedExport,
      exportsInFlight: this.inFlight.length,
      spansInFlight: this.spansInFlight,
    };
  }

  private armEarlyFlush(): void {
    this.earlyArmed = true;
    // One timer, re-armed with refresh(): the trigger allocates nothing per flush and runs
    // after the caller's synchronous work, never inside end().
    if (this.earlyTimer === undefined) {
      this.earlyTimer = setTimeout(() => this.onEarlyFlush(), 0);
      this.earlyTimer.unref();
    } else {
      this.earlyTimer.refresh();
    }
  }

  private onEarlyFlush(): void {
    this.earlyArmed = false;
    this.pumpSafely();
  }

  private onTick(): void {
    if (this.accepted > this.flushTarget) this.flushTarget = this.accepted;
    this.pumpSafely();
    this.overflow.tick();
    this.failures.tick();
  }

  private pumpSafely(): void {
    try {
      this.pump();
    } catch (err) {
      globalErrorHandler(errorOf(err, `${NAME}: flush failed`));
    }
  }

  /** Starts exports while a slot is free and something asks for one; then wakes satisfied drains. */
  private pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const ring = this.ring;
      const batchSize = this.options.maxExportBatchSize;
      while (this.inFlight.length < this.maxConcurrent && ring.size > 0) {
        if (ring.size < this.thresholdCount && this.removed >= this.flushTarget) break;
        // Spans whose enrichment was deferred are enriched before any of them is read for export.
        this.options.pendingWork?.completePending();
        const start = this.removed;
        const batch = ring.take(batchSize);
        this.removed += batch.length;
        this.startExport(batch, start);
      }
    } finally {
      this.pumping = false;
    }
    this.wakeWaiters();
  }

  private startExport(batch: ReadableSpan[], start: number): void {
    const record: InFlightExport = { start, count: batch.length };
    this.inFlight.push(record);
    this.spansInFlight += batch.length;
    exportBatch(this.exporter, batch, this.options.exportTimeoutMs, (result) => this.settle(record, result));
  }

  /** Records the outcome of an export (`exportBatch` reports each exactly once). */
  private settle(record: InFlightExport, result: ExportResult): void {
    this.inFlight.splice(this.inFlight.indexOf(record), 1);
    this.spansInFlight -= record.count;
    if (result.code === ExportResultCode.SUCCESS) {
      this.exported += record.count;
    } else {
      this.failedExport += record.count;
      const error = result.error ?? new Error(`${NAME}: export of ${record.count} spans failed`);
      this.lastError = error.message;
      this.failures.record(record.count, error.message);
      globalErrorHandler(error);
    }
    if (this.stopped) this.wakeWaiters();
    else this.pumpSafely();
  }

  /** Every span numbered below this has been exported, failed or dropped. */
  private settledBelow(): number {
    return this.inFlight[0]?.start ?? this.removed;
  }

  private wakeWaiters(): void {
    const settledBelow = this.settledBelow();
    for (let i = 0; i < this.waiters.length;) {
      const waiter = this.waiters[i]!; // i < length
      if (waiter.target <= settledBelow) {
        this.waiters.splice(i, 1);
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
  private async flush(timeoutMs: number, operation: FlushOperation): Promise<void> {
    const failedBefore = this.failedExport;
    const target = this.accepted;
    if (await this.drain(target, timeoutMs)) return;
    const failed = this.failedExport - failedBefore;
    const left = target - this.settledBelow();
    // At shutdown nothing left behind will ever be sent: it is dropped; a flush may still send it.
    const stopping = operation === 'shutdown';
    throw new ExportIncompleteError(NAME, operation, {
      dropped: failed + (stopping ? left : 0),
      pending: stopping ? 0 : left,
      kept: 0,
      timedOut: true,
      timeoutMs,
      lastError: failed > 0 ? this.lastError : undefined,
    });
  }

  /**
   * Resolves `true` once every span numbered below `target` has left the processor (exported,
   * failed or overwritten), `false` after `timeoutMs`. Its deadline timer keeps the process alive.
   */
  private drain(target: number, timeoutMs: number): Promise<boolean> {
    if (this.settledBelow() >= target) return Promise.resolve(true);
    let waiter: DrainWaiter | undefined;
    const drained = new Promise<boolean>((resolve) => {
      waiter = { target, resolve: () => resolve(true) };
      this.waiters.push(waiter);
      if (target > this.flushTarget) this.flushTarget = target;
      this.pumpSafely();
    });
    return settleWithin(drained, timeoutMs, () => new Error('drain timed out')).catch(() => {
      const index = this.waiters.indexOf(waiter!);
      if (index >= 0) this.waiters.splice(index, 1);
      return false;
    });
  }

  private async doShutdown(timeoutMs = this.options.shutdownTimeoutMs): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.interval);
    if (this.earlyTimer !== undefined) clearTimeout(this.earlyTimer);
    const startedAt = Date.now();
    let failed: { error: unknown } | undefined;
    try {
      await this.flush(timeoutMs, 'shutdown');
    } catch (error) {
      failed = { error };
    }
    this.stopped = true;
    this.overflow.end();
    this.failures.end();
    if (this.ring.size > 0) {
      diag.warn(`${NAME}: shutdown left ${this.ring.size} spans unexported in the buffer`);
    }
    const remainingMs = Math.max(1, timeoutMs - (Date.now() - startedAt));
    // An exporter still closing at the deadline (a request of another pipeline in flight) costs no
    // span of this one: it is reported, not thrown.
    // This package's exporters take the budget and abort what is still in flight when it is spent.
    const exporter: BudgetedShutdown = this.exporter;
    const exporterShutdown = exporter.shutdown(remainingMs);
    await settleWithin(Promise.resolve(exporterShutdown), remainingMs, () => new Error('timeout')).catch((err: unknown) => {
      if ((err as Error).message === 'timeout') diag.warn(`${NAME}: the exporter had not finished shutting down when the shutdown timeout (${timeoutMs} ms) passed`);
      else failed ??= { error: err };
    });
    if (failed !== undefined) throw failed.error;
  }
}
