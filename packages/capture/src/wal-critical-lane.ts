import { ConfirmationError } from './confirmation';
import type { WalBacklog } from './wal-backlog';
import type { WalDelivery } from './wal-delivery';
import type { QueuedRecord } from './wal-export-queue';
import type { WalProcessorState } from './wal-processor-state';

/** A record of a critical span: it carries the key of its confirmation. */
export type CriticalRecord = QueuedRecord & { confirmKey: string };

/**
 * The critical lane: each record of a critical span is made durable (group-commit fdatasync) and
 * exported at once, ahead of the batches, in requests of at most `maxExportBatchBytes` (at least
 * one record each); its confirmation follows both. A record whose export fails joins the backlog,
 * still held in memory, and goes with the batches from then on.
 */
export class WalCriticalLane {
  private readonly records: QueuedRecord[] = [];
  private scheduled = false;

  /** @param maxExportBatchBytes the bound of one request. */
  constructor(
    private readonly state: WalProcessorState,
    private readonly backlog: WalBacklog,
    private readonly delivery: WalDelivery,
    private readonly maxExportBatchBytes: number,
  ) {}

  /** Whether records wait in the lane. */
  get hasWork(): boolean {
    return this.records.length > 0;
  }

  /** Takes a critical record just appended: syncs the WAL for it and schedules its export (not inside end()). */
  add(record: CriticalRecord): void {
    const { wal, tracker } = this.state;
    this.records.push(record);
    this.backlog.hold(record.seq);
    wal.sync().then(
      () => tracker.markDurable(record.confirmKey),
      (err: Error) => tracker.fail(record.confirmKey, new ConfirmationError(`agent-otel: critical span could not be made durable: ${err.message}`)),
    );
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.send());
    }
  }

  /** Sends the next request of the lane now; the rest follows right after. */
  send(): void {
    this.scheduled = false;
    if (this.records.length === 0 || this.state.closed) return;
    let count = 0;
    for (let bytes = 0; count < this.records.length; count++) {
      bytes += this.records[count]!.bytes.byteLength; // count < length
      if (count > 0 && bytes > this.maxExportBatchBytes) break;
    }
    const records = this.records.splice(0, count);
    if (this.records.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.send());
    }
    void this.delivery.send(records, (failed, err) => {
      for (const r of failed) this.state.tracker.noteExportError(r.confirmKey!, err);
      this.backlog.putBack(failed);
    });
  }
}
