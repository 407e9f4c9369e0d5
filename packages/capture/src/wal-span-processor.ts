import { context, diag, type SpanContext } from '@opentelemetry/api';
import { ExportResultCode, globalErrorHandler, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from './sdk-trace-types';
import { ATTR_CAPTURE_MODE } from './capture-mode';
import { addConfirmationSource, ConfirmationError, type ConfirmationSource, type ConfirmOptions } from './confirmation';
import { ConfirmationTracker } from './confirmation-tracker';
import { DiagBurst } from './diag-burst';
import { classifyExportError } from './export/export-outcome';
import { OtlpExportError } from './export/otlp-export-error';
import type { EncodedSpanSender } from './encoded-span-sender';
import { createProtobufSpanEncoder } from './otlp/protobuf-span-encoder';
import type { SpanEncoder } from './otlp/span-encoder';
import { WriteAheadLog } from './wal/write-ahead-log';
import { concatRecords, WalExportQueue, type QueuedRecord } from './wal-export-queue';
import { validateWalProcessorOptions, WAL_PROCESSOR_DEFAULTS, type WalSpanProcessorOptions } from './wal-span-processor-options';
import { quarantineDir, WalQuarantine } from './wal-quarantine';
import { settleWithin } from './settle-within';

/** The records of a batch the backend rejected, sent again in halves to find the ones it refuses. */
interface IsolationRound {
  accepted: number;
  rejected: { record: QueuedRecord; error: Error }[];
}

/** How one request of the WAL ended, for the isolation of a rejected batch. */
type SendOutcome = { kind: 'accepted' | 'outage' | 'closed' } | { kind: 'rejected'; error: Error };

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
  /**
   * Export attempts that failed. Outages (network, timeouts, 401/403/404, 5xx, ...) keep the
   * records in the WAL; they are sent again with capped backoff.
   */
  failedExports: number;
  /** Records the backend has not acknowledged yet: queued in memory, in flight, or on disk only. */
  pending: number;
  /**
   * Records the backend refused on their own (a 4xx such as 400 or 413 for that record alone while
   * its neighbours were accepted), moved from the WAL to its quarantine directory.
   */
  quarantined: number;
  /** Attempts to move a refused record to the quarantine that failed (the record stays in the WAL). */
  quarantineFailures: number;
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
  /** The first shutdown() call's promise (shutdown is idempotent). */
  private shutdownPromise: Promise<void> | undefined;
  private readonly quarantine: WalQuarantine;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Highest sequence number held in the in-memory queue path (records up to it need no reload). */
  private maxLoadedSeq = 0;
  /** Sequence numbers of critical records held in memory until acknowledged (skipped on reload). */
  private readonly criticalHeld = new Set<number>();
  private batchInFlight = false;
  private batchScheduled = false;
  private criticalScheduled = false;
  private consecutiveFailures = 0;
  /** Outage failures since start; a drain stops at the first one during it. */
  private outageFailures = 0;
  private lastExportError: string | undefined;
  private nextAttemptAt = 0;
  private isShutdown = false;
  /** Set once the WAL is closed: nothing is read from it or sent any more. */
  private isClosed = false;
  private readonly counters = { appended: 0, critical: 0, acknowledged: 0, recovered: 0, degraded: 0, failedExports: 0, quarantined: 0, quarantineFailures: 0, droppedAfterShutdown: 0 };

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
      (_n, detail) => `agent-otel: exporting write-ahead-log records failed (${detail}); they stay in the log and are retried with backoff`,
      (n, total) => `agent-otel: ${n} WAL export attempts failed in this burst (${total} in total); records are kept and retried`,
    );
    const walOptions = { onWarning: (message: string) => diag.warn(`agent-otel: ${message}`), ...options.wal };
    this.rejections = new DiagBurst(
      (_n, detail) => `agent-otel: the backend refused a write-ahead-log record on its own (${detail}); it was moved to the quarantine ${quarantineDir(walOptions.dir)} (list and replay it with \`agent-otel wal quarantine\`)`,
      (n, total) => `agent-otel: ${n} write-ahead-log records refused by the backend were moved to the quarantine (${total} in total)`,
      'error',
    );
    this.quarantine = new WalQuarantine(walOptions);
    this.wal = WriteAheadLog.open(walOptions);
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

  /**
   * Exports every pending record; resolves once the backend has acknowledged all of them, at the
   * first outage failure, or after `exportTimeoutMs`, whichever comes first. It never rejects:
   * what is not acknowledged stays in the WAL (`stats().pending`) and is sent again later. While
   * pending it keeps the process alive.
   */
  forceFlush(): Promise<void> {
    return this.flush(this.options.exportTimeoutMs);
  }

  /**
   * Stops accepting spans, exports what is pending as `forceFlush()` does within `timeoutMs`
   * (default `exportTimeoutMs`), rejects waiting confirmations, and closes the WAL. Resolves; records
   * left unacknowledged stay in the WAL, are named in one diag warning, and are re-sent at the next
   * start (or by `agent-otel wal replay`). Idempotent.
   * @param timeoutMs a shorter budget, e.g. what is left of a shared shutdown timeout.
   */
  shutdown(timeoutMs?: number): Promise<void> {
    return (this.shutdownPromise ??= this.doShutdown(timeoutMs));
  }

  private async doShutdown(timeoutMs = this.options.exportTimeoutMs): Promise<void> {
    this.isShutdown = true;
    clearInterval(this.timer);
    await this.flush(timeoutMs);
    const kept = this.wal.stats().pendingCount;
    if (kept > 0) {
      diag.warn(
        `agent-otel: WalSpanProcessor shut down with ${kept} record${kept === 1 ? '' : 's'} not acknowledged by the backend` +
          `${this.lastExportError ? ` (last export error: ${this.lastExportError})` : ''}; they stay in ${this.wal.stats().dir} and are re-sent at the next start`,
      );
    }
    this.removeSource();
    this.tracker.rejectAll('agent-otel: WalSpanProcessor shut down before the span was confirmed; it stays in the write-ahead log');
    this.refusals.end();
    this.exportFailures.end();
    this.rejections.end();
    this.isClosed = true;
    this.wal.close();
    this.quarantine.close();
  }

  /** Drains until done, the first outage failure, or `timeoutMs`; records not sent stay in the WAL. */
  private async flush(timeoutMs: number): Promise<void> {
    await settleWithin(this.drain(this.outageFailures), timeoutMs, () => new Error('timeout')).catch(() => undefined);
  }

  private tick(): void {
    this.refusals.tick();
    this.exportFailures.tick();
    this.rejections.tick();
    if (Date.now() >= this.nextAttemptAt) this.exportBatch();
  }

  /** Exports until nothing is left to send or an outage failure happens after `outagesBefore`. */
  private async drain(outagesBefore: number): Promise<void> {
    for (;;) {
      if (this.isClosed) return;
      if (this.critical.length > 0) this.sendCritical();
      else if (this.queue.size > 0 || this.queue.spilled) this.exportBatch();
      if (this.inFlight.size === 0) return;
      await Promise.all([...this.inFlight]);
      if (this.outageFailures > outagesBefore) return;
    }
  }

  private sendCritical(): void {
    this.criticalScheduled = false;
    if (this.critical.length === 0 || this.isClosed) return;
    // At most maxExportBatchBytes per request (at least one record); the rest goes right after.
    let count = 0;
    for (let bytes = 0; count < this.critical.length; count++) {
      bytes += this.critical[count]!.bytes.byteLength; // count < length
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
   * Sends `records` as one request and acknowledges them on success. Every failure the answer does
   * not pin on the records (see `ExportOutcome`: network, timeouts, 401/403/404, 5xx, ...) is an
   * outage: `onFailure` gets them back, to be sent again after a capped backoff. A `rejected`
   * answer to a batch is narrowed down by sending its records one by one (`isolate`).
   */
  private send(
    records: QueuedRecord[],
    onFailure: (failed: QueuedRecord[], message: string) => void,
    onDone?: () => void,
    round?: IsolationRound,
  ): Promise<SendOutcome> {
    const bytes = concatRecords(records);
    const attempt: Promise<SendOutcome> = new Promise<ExportResult>((resolve) =>
      resolve(context.with(suppressTracing(context.active()), () => this.sender.sendEncoded(bytes))),
    )
      .catch((err: unknown): ExportResult => ({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) }))
      .then((result) => this.settle(records, result, onFailure, round))
      .catch((err: unknown): SendOutcome => {
        globalErrorHandler(err as Error);
        return { kind: 'closed' };
      })
      .finally(() => {
        this.inFlight.delete(attempt);
        onDone?.();
      });
    this.inFlight.add(attempt);
    return attempt;
  }

  /**
   * Puts the checkpoint in place (synchronously, no fsync) as soon as a request is acknowledged, so
   * a crash re-sends at most the requests in flight, also during the recovery export at start. A
   * failure is left to the WAL's interval checkpoint, which retries and warns.
   */
  private checkpointAcknowledged(): void {
    try {
      this.wal.checkpointNow();
    } catch {
      // Reported by the interval checkpoint, which the acknowledgement has scheduled.
    }
  }

  private settle(records: QueuedRecord[], result: ExportResult, onFailure: (failed: QueuedRecord[], message: string) => void, round?: IsolationRound): SendOutcome {
    if (this.isClosed) return { kind: 'closed' }; // shut down meanwhile: the records stay in the WAL for the next start
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
      this.checkpointAcknowledged();
      if (round) round.accepted++;
      return { kind: 'accepted' };
    }
    const error = result.error ?? new Error('export failed');
    this.counters.failedExports++;
    this.lastExportError = error.message;
    if (classifyExportError(error) === 'rejected') {
      if (round) return { kind: 'rejected', error };
      if (records.length > 1) {
        this.isolate(records, onFailure);
        return { kind: 'rejected', error };
      }
    }
    this.outage(records, error, onFailure);
    return { kind: 'outage' };
  }

  /**
   * Narrows a rejected batch down by bisection: each half is sent again (one after the other, in
   * order), an accepted half is acknowledged, a rejected one is split again, down to single records
   * — so a batch of n records with k bad ones costs about 2k·log2(n) requests, not n. When the
   * backend accepted part of the batch, each single record it still refuses was refused on its own
   * and goes to the quarantine; when it accepted none, nothing pins the refusal on a record and all
   * of them are kept, as in an outage. A half that meets an outage is kept (`onFailure`).
   */
  private isolate(records: QueuedRecord[], onFailure: (failed: QueuedRecord[], message: string) => void): void {
    const round: IsolationRound = { accepted: 0, rejected: [] };
    const bisect = async (part: QueuedRecord[]): Promise<void> => {
      const middle = Math.ceil(part.length / 2);
      for (const half of [part.slice(0, middle), part.slice(middle)]) {
        if (this.isClosed) return;
        const outcome = await this.send(half, onFailure, undefined, round);
        if (outcome.kind !== 'rejected') continue;
        if (half.length === 1) round.rejected.push({ record: half[0]!, error: outcome.error });
        else await bisect(half);
      }
    };
    const done: Promise<void> = bisect(records)
      .then(() => this.endRound(round, onFailure))
      .catch((err: unknown) => globalErrorHandler(err as Error))
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  private async endRound(round: IsolationRound, onFailure: (failed: QueuedRecord[], message: string) => void): Promise<void> {
    const first = round.rejected[0];
    if (first === undefined || this.isClosed) return;
    if (round.accepted === 0) {
      this.outage(round.rejected.map((r) => r.record), first.error, onFailure);
      return;
    }
    for (const { record, error } of round.rejected) await this.moveToQuarantine(record, error, onFailure);
  }

  /** Moves a record the backend refused on its own to the quarantine, then acknowledges it in the WAL. */
  private async moveToQuarantine(record: QueuedRecord, error: Error, onFailure: (failed: QueuedRecord[], message: string) => void): Promise<void> {
    try {
      await this.quarantine.add(record.bytes, record.seq, (error as OtlpExportError).status, error.message);
    } catch (err) {
      this.counters.quarantineFailures++;
      this.refusals.record(1, `the quarantine could not take record ${record.seq} (${(err as Error).message}); it stays in the log`);
      if (!this.isClosed) onFailure([record], error.message);
      return;
    }
    if (this.isClosed) return; // it is in both places now; the next start re-sends it (at-least-once)
    this.wal.acknowledge(record.seq);
    this.checkpointAcknowledged();
    this.counters.quarantined++;
    this.rejections.record(1, `record ${record.seq}: ${error.message}`);
    globalErrorHandler(error);
    if (record.confirmKey) {
      this.criticalHeld.delete(record.seq);
      this.tracker.fail(
        record.confirmKey,
        new ConfirmationError(`agent-otel: the backend refused the critical span on its own; it was moved to the quarantine ${quarantineDir(this.wal.stats().dir)}: ${error.message}`),
      );
    }
  }

  /** An export failure that says nothing about the records: keep them, back off, report. */
  private outage(records: QueuedRecord[], error: Error, onFailure: (failed: QueuedRecord[], message: string) => void): void {
    this.consecutiveFailures++;
    this.outageFailures++;
    this.nextAttemptAt = Date.now() + Math.min(this.options.maxRetryDelayMs, this.options.exportIntervalMs * 2 ** this.consecutiveFailures);
    this.exportFailures.record(1, error.message);
    globalErrorHandler(error);
    onFailure(records, error.message);
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

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
