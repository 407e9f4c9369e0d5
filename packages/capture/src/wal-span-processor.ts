import { context, diag, type SpanContext } from '@opentelemetry/api';
import { BindOnceFuture, ExportResultCode, globalErrorHandler, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from './sdk-trace-types';
import { ATTR_CAPTURE_MODE } from './capture-mode';
import { addConfirmationSource, ConfirmationError, type ConfirmationSource, type ConfirmOptions } from './confirmation';
import { ConfirmationTracker } from './confirmation-tracker';
import { DiagBurst } from './diag-burst';
import { OtlpExportError } from './export/otlp-export-error';
import type { EncodedSpanSender } from './encoded-span-sender';
import { createProtobufSpanEncoder } from './otlp/protobuf-span-encoder';
import type { SpanEncoder } from './otlp/span-encoder';
import { WriteAheadLog } from './wal/write-ahead-log';
import { concatRecords, WalExportQueue, type QueuedRecord } from './wal-export-queue';
import { validateWalProcessorOptions, WAL_PROCESSOR_DEFAULTS, type WalSpanProcessorOptions } from './wal-span-processor-options';

/** Counters of a {@link WalSpanProcessor}. */
export interface WalSpanProcessorStats {
  /** Spans appended to the WAL. */
  appended: number;
  /** Of those, spans captured as critical. */
  critical: number;
  /** Records the backend acknowledged. */
  acknowledged: number;
  /** Records replayed from the WAL at start (written by an earlier process, not acknowledged). */
  recovered: number;
  /** Spans the WAL refused (disk bound, write error) and that went to the fallback pipeline. */
  degraded: number;
  /** Export attempts that failed (the records stay in the WAL and are sent again). */
  failedExports: number;
  /** Records the backend has not acknowledged yet: queued in memory, in flight, or on disk only. */
  pending: number;
  /** Records the backend rejected for good (a 4xx other than 408/429), dropped after isolating them. */
  rejected: number;
  /** Spans ended after shutdown, ignored. */
  droppedAfterShutdown: number;
}

/**
 * Capture modes `complete` and `critical` (DESIGN §4): each span is encoded as OTLP/protobuf and
 * appended to a write-ahead log with one synchronous write before `end()` returns, so it survives
 * a process crash. A background loop exports the records in batches and acknowledges them in the
 * WAL; unacknowledged records are exported again after a restart (at-least-once).
 *
 * Spans whose `agent_otel.capture.mode` is `critical` are also made durable (group-commit
 * fdatasync) and exported at once; `confirmed(span.spanContext())` resolves when both are done.
 * When the WAL refuses a span (disk bound hit, write error) it goes to `fallback` (the ring
 * buffer), with a diag error and a counter, never an exception from `end()`.
 */
export class WalSpanProcessor implements SpanProcessor, ConfirmationSource {
  private readonly wal: WriteAheadLog;
  private readonly sender: EncodedSpanSender;
  private readonly encoder: SpanEncoder;
  private readonly fallback: SpanProcessor | undefined;
  private readonly options: Required<Omit<WalSpanProcessorOptions, 'wal' | 'sender' | 'encoder' | 'fallback'>>;
  private readonly queue: WalExportQueue;
  private readonly critical: QueuedRecord[] = [];
  private readonly tracker: ConfirmationTracker;
  private readonly refusals: DiagBurst;
  private readonly exportFailures: DiagBurst;
  private readonly rejections: DiagBurst;
  private readonly timer: NodeJS.Timeout;
  private readonly removeSource: () => void;
  private readonly shutdownOnce: BindOnceFuture<void, []>;
  private readonly inFlight = new Set<Promise<void>>();
  /** Highest sequence number held in the in-memory queue path (records up to it need no reload). */
  private maxLoadedSeq = 0;
  /** Sequence numbers of critical records held in memory until acknowledged (skipped on reload). */
  private readonly criticalHeld = new Set<number>();
  private batchInFlight = false;
  private batchScheduled = false;
  private criticalScheduled = false;
  private consecutiveFailures = 0;
  private nextAttemptAt = 0;
  private isShutdown = false;
  /** Set once the WAL is closed: nothing is read from it or sent any more. */
  private isClosed = false;
  private readonly counters = { appended: 0, critical: 0, acknowledged: 0, recovered: 0, degraded: 0, failedExports: 0, rejected: 0, droppedAfterShutdown: 0 };

  /**
   * Opens (and recovers) the WAL synchronously. Throws the WAL's typed error (WalLockedError,
   * WalPermissionError, WalKeyError, ...) when it cannot be opened, and a TypeError for bad options.
   */
  constructor(options: WalSpanProcessorOptions) {
    validateWalProcessorOptions(options);
    this.options = { ...WAL_PROCESSOR_DEFAULTS, ...definedOnly(options) } as WalSpanProcessor['options'];
    this.sender = options.sender;
    this.encoder = options.encoder ?? createProtobufSpanEncoder();
    this.fallback = options.fallback;
    this.queue = new WalExportQueue(this.options.maxQueuedBytes);
    this.tracker = new ConfirmationTracker(this.options.confirmTimeoutMs);
    this.refusals = new DiagBurst(
      (_n, detail) => `agent-otel: the write-ahead log refused a span (${detail}); it goes to the sampled pipeline instead`,
      (n, total) => `agent-otel: ${n} spans went to the sampled pipeline because the write-ahead log refused them (${total} in total)`,
      'error',
    );
    this.exportFailures = new DiagBurst(
      (_n, detail) => `agent-otel: exporting write-ahead-log records failed (${detail}); they stay in the log and are retried`,
      (n, total) => `agent-otel: ${n} WAL export attempts failed in this burst (${total} in total); records are kept and retried`,
    );
    this.rejections = new DiagBurst(
      (_n, detail) => `agent-otel: the backend rejected a write-ahead-log record for good (${detail}); it is dropped, as OTLP requires for non-retryable errors`,
      (n, total) => `agent-otel: ${n} write-ahead-log records were rejected by the backend and dropped (${total} in total)`,
      'error',
    );
    this.wal = WriteAheadLog.open({ onWarning: (message) => diag.warn(`agent-otel: ${message}`), ...options.wal });
    for (const corruption of this.wal.recovery.corruptions) diag.warn(`agent-otel: ${corruption.message}`);
    // Every record left unacknowledged counts as recovered, also those that do not fit in memory yet.
    this.counters.recovered = this.wal.recovery.pending;
    try {
      this.loadFromDisk();
    } catch (err) {
      this.wal.close(); // release the lock: a constructor that throws must not leave the directory locked
      throw err;
    }
    this.timer = setInterval(() => this.tick(), this.options.exportIntervalMs);
    this.timer.unref();
    this.removeSource = addConfirmationSource(this);
    this.shutdownOnce = new BindOnceFuture(this.doShutdown, this);
  }

  /** Counters; see {@link WalSpanProcessorStats}. */
  stats(): WalSpanProcessorStats {
    // The WAL knows exactly what is unacknowledged; counting the queues would miss records in flight
    // and count twice those both queued and spilled.
    return { ...this.counters, pending: this.wal.stats().pendingCount };
  }

  onStart(_span: Span): void {}

  onEnd(span: ReadableSpan): void {
    if (this.isShutdown) {
      if (this.counters.droppedAfterShutdown++ === 0) diag.warn('agent-otel: WalSpanProcessor is shut down; spans ended after shutdown are ignored');
      return;
    }
    const isCritical = span.attributes[ATTR_CAPTURE_MODE] === 'critical';
    const confirmKey = isCritical ? this.tracker.track(span.spanContext()) : undefined;
    let seq: number;
    let bytes: Uint8Array;
    try {
      // A copy the queue can keep: encoders may reuse their output buffer (and Buffer#slice would not copy).
      bytes = Uint8Array.prototype.slice.call(this.encoder.encode([span]));
      seq = this.wal.append(bytes);
    } catch (err) {
      this.counters.degraded++;
      this.refusals.record(1, (err as Error).message);
      if (confirmKey) this.tracker.fail(confirmKey, new ConfirmationError(`agent-otel: critical span ${span.spanContext().spanId} was not written to the WAL: ${(err as Error).message}`));
      this.fallback?.onEnd(span);
      return;
    }
    this.counters.appended++;
    const record: QueuedRecord = { seq, bytes, confirmKey };
    if (confirmKey) {
      this.counters.critical++;
      this.critical.push(record);
      this.criticalHeld.add(seq);
      this.wal.sync().then(
        () => this.tracker.markDurable(confirmKey),
        (err: Error) => this.tracker.fail(confirmKey, new ConfirmationError(`agent-otel: critical span could not be made durable: ${err.message}`)),
      );
      if (!this.criticalScheduled) {
        this.criticalScheduled = true;
        setImmediate(() => this.sendCritical());
      }
      return;
    }
    if (!this.queue.spilled && this.queue.push(record)) this.maxLoadedSeq = seq;
    if (this.queue.spilled || this.queue.bytes >= this.options.maxExportBatchBytes) this.scheduleBatch();
  }

  /** The confirmation of a critical span this processor captured (see `confirmed()`). */
  confirmation(spanContext: SpanContext, options?: ConfirmOptions): Promise<void> | undefined {
    return this.tracker.wait(spanContext, options);
  }

  /** Exports every pending record; resolves when done or when an export fails (records are kept). */
  async forceFlush(): Promise<void> {
    await this.drain(Date.now() + this.options.exportTimeoutMs);
  }

  shutdown(): Promise<void> {
    return this.shutdownOnce.call();
  }

  private async doShutdown(): Promise<void> {
    this.isShutdown = true;
    clearInterval(this.timer);
    await this.drain(Date.now() + this.options.exportTimeoutMs);
    this.removeSource();
    this.tracker.rejectAll('agent-otel: WalSpanProcessor shut down before the span was confirmed; it stays in the write-ahead log');
    this.refusals.end();
    this.exportFailures.end();
    this.rejections.end();
    this.isClosed = true;
    this.wal.close();
  }

  private tick(): void {
    this.refusals.tick();
    this.exportFailures.tick();
    this.rejections.tick();
    if (Date.now() >= this.nextAttemptAt) this.exportBatch();
  }

  /** Exports until nothing is pending, an export fails, or the deadline passes. */
  private async drain(deadline: number): Promise<void> {
    for (;;) {
      await Promise.all([...this.inFlight]);
      if (this.critical.length > 0) this.sendCritical();
      else if (this.queue.size > 0 || this.queue.spilled) this.exportBatch();
      if (this.inFlight.size === 0) return;
      const failuresBefore = this.counters.failedExports;
      await Promise.race([Promise.all([...this.inFlight]), sleep(Math.max(0, deadline - Date.now()))]);
      if (this.counters.failedExports > failuresBefore || Date.now() >= deadline) return;
    }
  }

  private sendCritical(): void {
    this.criticalScheduled = false;
    if (this.critical.length === 0 || this.isClosed) return;
    // At most maxExportBatchBytes per request (at least one record); the rest goes right after.
    let count = 0;
    for (let bytes = 0; count < this.critical.length; count++) {
      bytes += this.critical[count].bytes.byteLength;
      if (count > 0 && bytes > this.options.maxExportBatchBytes) break;
    }
    const records = this.critical.splice(0, count);
    if (this.critical.length > 0) {
      this.criticalScheduled = true;
      setImmediate(() => this.sendCritical());
    }
    this.send(records, (failed, err) => {
      for (const r of failed) this.tracker.noteExportError(r.confirmKey!, err);
      this.queue.unshift(failed);
    });
  }

  /**
   * Exports the next batch soon (not inside end()), unless one is under way or scheduled, or exports
   * are failing: then the interval retries them with backoff.
   */
  private scheduleBatch(): void {
    if (this.batchScheduled || this.batchInFlight || this.consecutiveFailures > 0) return;
    this.batchScheduled = true;
    setImmediate(() => {
      this.batchScheduled = false;
      this.exportBatch();
    });
  }

  private exportBatch(): void {
    if (this.batchInFlight || this.isClosed) return;
    if (this.queue.size === 0 && this.queue.spilled) this.loadFromDisk();
    if (this.queue.size === 0) return;
    const records = this.queue.take(this.options.maxExportBatchBytes);
    this.batchInFlight = true;
    this.send(records, (failed) => this.queue.unshift(failed), () => {
      this.batchInFlight = false;
      if (this.queue.size > 0 || this.queue.spilled) this.scheduleBatch();
    });
  }

  /**
   * Sends `records` as one request and acknowledges them on success. A failure the backend may get
   * over (network, 5xx, 429, timeouts) hands them to `onFailure`, to be sent again after a backoff.
   * A permanent rejection (another 4xx) is narrowed down: a batch is re-sent one record at a time,
   * and a single rejected record is dropped, counted and reported (OTLP: "MUST NOT retry"), so one
   * record the backend will never accept cannot hold back the rest of the log.
   */
  private send(records: QueuedRecord[], onFailure: (failed: QueuedRecord[], message: string) => void, onDone?: () => void): void {
    const bytes = concatRecords(records);
    const attempt = context
      .with(suppressTracing(context.active()), () => this.sender.sendEncoded(bytes))
      .then((result) => {
        if (result.code === ExportResultCode.SUCCESS) {
          this.consecutiveFailures = 0;
          for (const r of records) {
            this.wal.acknowledge(r.seq);
            if (r.confirmKey) {
              this.criticalHeld.delete(r.seq);
              this.tracker.markAcknowledged(r.confirmKey);
            }
          }
          this.counters.acknowledged += records.length;
          return;
        }
        throw result.error ?? new Error('export failed');
      })
      .catch((err: Error) => {
        this.counters.failedExports++;
        if (isPermanentRejection(err)) {
          if (records.length === 1) this.drop(records[0], err);
          else for (const record of records) this.send([record], onFailure);
          return;
        }
        this.consecutiveFailures++;
        this.nextAttemptAt = Date.now() + Math.min(this.options.maxRetryDelayMs, this.options.exportIntervalMs * 2 ** this.consecutiveFailures);
        this.exportFailures.record(1, err.message);
        globalErrorHandler(err);
        onFailure(records, err.message);
      })
      .finally(() => {
        this.inFlight.delete(attempt);
        onDone?.();
      });
    this.inFlight.add(attempt);
  }

  /** Acknowledges a record the backend rejected for good, so the log moves past it; counted and reported. */
  private drop(record: QueuedRecord, err: Error): void {
    this.wal.acknowledge(record.seq);
    this.counters.rejected++;
    this.rejections.record(1, `record ${record.seq}: ${err.message}`);
    globalErrorHandler(err);
    if (record.confirmKey) {
      this.criticalHeld.delete(record.seq);
      this.tracker.fail(record.confirmKey, new ConfirmationError(`agent-otel: the backend rejected the critical span for good: ${err.message}`));
    }
  }

  /** Loads records that are only on disk into the in-memory queue (at start, and after a spill). */
  private loadFromDisk(): void {
    this.queue.spilled = false;
    for (const record of this.wal.pending()) {
      if (record.seq <= this.maxLoadedSeq || this.criticalHeld.has(record.seq)) continue;
      if (!this.queue.push({ seq: record.seq, bytes: record.payload })) break;
      this.maxLoadedSeq = record.seq;
    }
  }
}

/** A 4xx answer other than 408 and 429: the backend will never accept these bytes. */
function isPermanentRejection(err: Error): boolean {
  const status = (err as OtlpExportError).status;
  return err instanceof OtlpExportError && status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
