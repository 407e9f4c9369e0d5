import { settleWithin } from './settle-within';
import type { WalBacklog } from './wal-backlog';
import type { WalCriticalLane } from './wal-critical-lane';
import type { WalDelivery } from './wal-delivery';
import type { WalProcessorState } from './wal-processor-state';
import { tickWalProcessorWarnings } from './wal-processor-warnings';

/** When a WalExportScheduler sends batches. */
export interface WalScheduleOptions {
  /** The interval of the background export (and of the backoff retries), in ms. */
  exportIntervalMs: number;
  /** The bound of one request, in bytes; a backlog this large is sent at once. */
  maxExportBatchBytes: number;
}

/**
 * Export scheduling and drain: a batch goes out soon after the backlog reaches one request's worth
 * or spills, and otherwise every `exportIntervalMs` (the same interval retries with backoff while
 * exports fail). One batch is in flight at a time. A drain (forceFlush, shutdown) sends until
 * nothing is left, the first outage, or its budget, whichever comes first.
 */
export class WalExportScheduler {
  private readonly timer: NodeJS.Timeout;
  private batchInFlight = false;
  private batchScheduled = false;

  /** Starts the interval (unref'd: it never keeps the process alive). */
  constructor(
    private readonly state: WalProcessorState,
    private readonly backlog: WalBacklog,
    private readonly lane: WalCriticalLane,
    private readonly delivery: WalDelivery,
    private readonly options: WalScheduleOptions,
  ) {
    this.timer = setInterval(() => this.tick(), options.exportIntervalMs);
    this.timer.unref();
  }

  /** A record joined the backlog: sends a batch soon when a request's worth (or a spill) waits. */
  appended(): void {
    if (this.backlog.spilled || this.backlog.bytes >= this.options.maxExportBatchBytes) this.scheduleBatch();
  }

  /** Drains until done, the first outage failure, or `timeoutMs`; never rejects, records not sent stay in the WAL. */
  async drain(timeoutMs: number): Promise<void> {
    await settleWithin(this.drainAll(this.delivery.outages), timeoutMs, () => new Error('timeout')).catch(() => undefined);
  }

  /** Stops the interval. */
  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    tickWalProcessorWarnings(this.state.warnings);
    if (this.delivery.due) this.exportBatch();
  }

  /** Exports until nothing is left to send or an outage failure happens after `outagesBefore`. */
  private async drainAll(outagesBefore: number): Promise<void> {
    for (;;) {
      if (this.state.closed) return;
      if (this.lane.hasWork) this.lane.send();
      else if (this.backlog.hasWork) this.exportBatch();
      if (!this.delivery.busy) return;
      await this.delivery.settled();
      if (this.delivery.outages > outagesBefore) return;
    }
  }

  /**
   * Exports the next batch soon (not inside end()), unless one is under way or scheduled, or exports
   * are failing: then the interval retries them with backoff.
   */
  private scheduleBatch(): void {
    if (this.batchScheduled || this.batchInFlight || this.delivery.failing) return;
    this.batchScheduled = true;
    setImmediate(() => {
      this.batchScheduled = false;
      this.exportBatch();
    });
  }

  private exportBatch(): void {
    if (this.batchInFlight || this.state.closed) return;
    const records = this.backlog.take(this.options.maxExportBatchBytes);
    if (records.length === 0) return;
    this.batchInFlight = true;
    void this.delivery.send(
      records,
      (failed) => this.backlog.putBack(failed),
      () => {
        this.batchInFlight = false;
        if (this.backlog.hasWork) this.scheduleBatch();
      },
    );
  }
}
