import { diag, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from './sdk-trace-types';
import { ATTR_CAPTURE_MODE } from './capture-mode';
import { addConfirmationSource, ConfirmationError, type ConfirmationSource, type ConfirmOptions } from './confirmation';
import { ConfirmationTracker } from './confirmation-tracker';
import { createProtobufSpanEncoder } from './otlp/protobuf-span-encoder';
import type { SpanEncoder } from './otlp/span-encoder';
import { WriteAheadLog } from './wal/write-ahead-log';
import { WalBacklog } from './wal-backlog';
import { WalCriticalLane } from './wal-critical-lane';
import { WalDelivery } from './wal-delivery';
import { WalExportScheduler } from './wal-export-scheduler';
import type { WalProcessorState } from './wal-processor-state';
import { createWalProcessorWarnings, endWalProcessorWarnings } from './wal-processor-warnings';
import { WalQuarantine } from './wal-quarantine';
import { resolveWalProcessorOptions, type WalSpanProcessorOptions } from './wal-span-processor-options';
import { zeroWalCounters, type WalSpanProcessorStats } from './wal-span-processor-stats';

export type { WalSpanProcessorStats } from './wal-span-processor-stats';

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
 *
 * The parts, one file each: the backlog (`wal-backlog.ts`, spill and reload), the critical lane
 * (`wal-critical-lane.ts`), one request and its answer (`wal-delivery.ts`), the isolation of a
 * rejected batch and the quarantine (`wal-isolation.ts`), and when to export (`wal-export-scheduler.ts`).
 */
export class WalSpanProcessor implements SpanProcessor, ConfirmationSource {
  private readonly state: WalProcessorState;
  private readonly encoder: SpanEncoder;
  private readonly fallback: SpanProcessor | undefined;
  private readonly drainTimeoutMs: number;
  private readonly quarantine: WalQuarantine;
  private readonly backlog: WalBacklog;
  private readonly delivery: WalDelivery;
  private readonly lane: WalCriticalLane;
  private readonly scheduler: WalExportScheduler;
  private readonly removeSource: () => void;
  /** The first shutdown() call's promise (shutdown is idempotent). */
  private shutdownPromise: Promise<void> | undefined;
  private isShutdown = false;

  /**
   * Opens (and recovers) the WAL synchronously. Throws the WAL's typed error (WalLockedError,
   * WalPermissionError, WalKeyError, ...) when it cannot be opened, and a TypeError for bad options.
   */
  constructor(options: WalSpanProcessorOptions) {
    const settings = resolveWalProcessorOptions(options, (message) => diag.warn(message));
    this.drainTimeoutMs = settings.drainTimeoutMs;
    this.encoder = options.encoder ?? createProtobufSpanEncoder();
    this.fallback = options.fallback;
    const walOptions = { onWarning: (message: string) => diag.warn(`agent-otel: ${message}`), ...options.wal };
    const warnings = createWalProcessorWarnings(walOptions.dir);
    this.quarantine = new WalQuarantine(walOptions);
    const wal = WriteAheadLog.open(walOptions);
    this.state = { wal, tracker: new ConfirmationTracker(settings.confirmTimeoutMs), counters: zeroWalCounters(), warnings, closed: false };
    for (const corruption of wal.recovery.corruptions) diag.warn(`agent-otel: ${corruption.message}`);
    // Every record left unacknowledged counts as recovered, also those that do not fit in memory yet.
    this.state.counters.recovered = wal.recovery.pending;
    this.backlog = new WalBacklog(wal, settings.maxQueuedBytes);
    try {
      this.backlog.reload();
    } catch (err) {
      wal.close(); // release the lock: a constructor that throws must not leave the directory locked
      throw err;
    }
    this.delivery = new WalDelivery(this.state, this.backlog, options.sender, this.quarantine, settings);
    this.lane = new WalCriticalLane(this.state, this.backlog, this.delivery, settings.maxExportBatchBytes);
    this.scheduler = new WalExportScheduler(this.state, this.backlog, this.lane, this.delivery, settings);
    this.removeSource = addConfirmationSource(this);
  }

  /** Counters; see {@link WalSpanProcessorStats}. */
  stats(): WalSpanProcessorStats {
    // The WAL knows exactly what is unacknowledged; counting the queues would miss records in flight
    // and count twice those both queued and spilled.
    return { ...this.state.counters, pending: this.state.wal.stats().pendingCount };
  }

  onStart(_span: Span): void {}

  onEnd(span: ReadableSpan): void {
    const { wal, tracker, counters } = this.state;
    if (this.isShutdown) {
      if (counters.droppedAfterShutdown++ === 0) diag.warn('agent-otel: WalSpanProcessor is shut down; spans ended after shutdown are ignored');
      return;
    }
    const isCritical = span.attributes[ATTR_CAPTURE_MODE] === 'critical';
    const confirmKey = isCritical ? tracker.track(span.spanContext()) : undefined;
    let seq: number;
    let bytes: Uint8Array;
    try {
      // A copy the queue can keep: encoders may reuse their output buffer (and Buffer#slice would not copy).
      bytes = Uint8Array.prototype.slice.call(this.encoder.encode([span]));
      seq = wal.append(bytes);
    } catch (err) {
      counters.degraded++;
      this.state.warnings.refusals.record(1, (err as Error).message);
      if (confirmKey)
        tracker.fail(confirmKey, new ConfirmationError(`agent-otel: critical span ${span.spanContext().spanId} was not written to the WAL: ${(err as Error).message}`));
      this.fallback?.onEnd(span);
      return;
    }
    counters.appended++;
    if (confirmKey) {
      counters.critical++;
      this.lane.add({ seq, bytes, confirmKey });
      return;
    }
    this.backlog.add({ seq, bytes });
    this.scheduler.appended();
  }

  /** The confirmation of a critical span this processor captured (see `confirmed()`). */
  confirmation(spanContext: SpanContext, options?: ConfirmOptions): Promise<void> | undefined {
    return this.state.tracker.wait(spanContext, options);
  }

  /**
   * Exports every pending record; resolves once the backend has acknowledged all of them, at the
   * first outage failure, or after `drainTimeoutMs`, whichever comes first. It never rejects:
   * what is not acknowledged stays in the WAL (`stats().pending`) and is sent again later. While
   * pending it keeps the process alive.
   */
  forceFlush(): Promise<void> {
    return this.scheduler.drain(this.drainTimeoutMs);
  }

  /**
   * Stops accepting spans, exports what is pending as `forceFlush()` does within `timeoutMs`
   * (default `drainTimeoutMs`), rejects waiting confirmations, and closes the WAL. Resolves; records
   * left unacknowledged stay in the WAL, are named in one diag warning, and are re-sent at the next
   * start (or by `agent-otel wal replay`). Idempotent.
   * @param timeoutMs a shorter budget, e.g. what is left of a shared shutdown timeout.
   */
  shutdown(timeoutMs?: number): Promise<void> {
    return (this.shutdownPromise ??= this.doShutdown(timeoutMs));
  }

  private async doShutdown(timeoutMs = this.drainTimeoutMs): Promise<void> {
    const { wal, tracker } = this.state;
    this.isShutdown = true;
    this.scheduler.stop();
    await this.scheduler.drain(timeoutMs);
    const kept = wal.stats().pendingCount;
    if (kept > 0) {
      const lastError = this.delivery.lastError;
      diag.warn(
        `agent-otel: WalSpanProcessor shut down with ${kept} record${kept === 1 ? '' : 's'} not acknowledged by the backend` +
          `${lastError ? ` (last export error: ${lastError})` : ''}; they stay in ${wal.stats().dir} and are re-sent at the next start`,
      );
    }
    this.removeSource();
    tracker.rejectAll('agent-otel: WalSpanProcessor shut down before the span was confirmed; it stays in the write-ahead log');
    endWalProcessorWarnings(this.state.warnings);
    this.state.closed = true;
    wal.close();
    this.quarantine.close();
  }
}
