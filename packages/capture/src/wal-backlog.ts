import type { WriteAheadLog } from './wal/write-ahead-log';
import { WalExportQueue, type QueuedRecord } from './wal-export-queue';

/**
 * Spill and reload: the records waiting for the batch export, in memory up to `maxQueuedBytes` (a
 * {@link WalExportQueue}) and beyond it on disk only. Once the in-memory part runs dry, what was
 * spilled is read back from the WAL itself, skipping what memory already holds, so each pending
 * record is sent from one place. Nothing is lost either way: the WAL is the source of truth.
 */
export class WalBacklog {
  private readonly queue: WalExportQueue;
  /** Highest sequence number held in the in-memory queue path (records up to it need no reload). */
  private maxLoadedSeq = 0;
  /** Sequence numbers of critical records held in memory until acknowledged (skipped on reload). */
  private readonly criticalHeld = new Set<number>();

  /**
   * @param wal the log the records are read back from.
   * @param maxQueuedBytes the bound of the in-memory part.
   */
  constructor(
    private readonly wal: WriteAheadLog,
    maxQueuedBytes: number,
  ) {
    this.queue = new WalExportQueue(maxQueuedBytes);
  }

  /** Whether records wait: in memory, or on disk only. */
  get hasWork(): boolean {
    return this.queue.size > 0 || this.queue.spilled;
  }

  /** Whether records were left on disk because memory was full. */
  get spilled(): boolean {
    return this.queue.spilled;
  }

  /** Bytes of the records in memory. */
  get bytes(): number {
    return this.queue.bytes;
  }

  /** Queues a record just appended; once records have spilled, it stays on disk too, in order. */
  add(record: QueuedRecord): void {
    if (!this.queue.spilled && this.queue.push(record)) this.maxLoadedSeq = record.seq;
  }

  /**
   * Takes the next batch of at most `maxBytes` (at least one record), reading spilled records back
   * first when memory is empty. Empty when nothing waits.
   */
  take(maxBytes: number): QueuedRecord[] {
    if (this.queue.size === 0 && this.queue.spilled) this.reload();
    if (this.queue.size === 0) return [];
    return this.queue.take(maxBytes);
  }

  /** Puts records whose export failed back at the front, in their order. */
  putBack(records: QueuedRecord[]): void {
    this.queue.unshift(records);
  }

  /** Marks a critical record as held in memory (by the critical lane, or here after a failure) until it is acknowledged. */
  hold(seq: number): void {
    this.criticalHeld.add(seq);
  }

  /** The critical record `seq` left the log (acknowledged or quarantined). */
  release(seq: number): void {
    this.criticalHeld.delete(seq);
  }

  /** Loads records that are only on disk into memory, up to its bound (at start, and after a spill). */
  reload(): void {
    this.queue.spilled = false;
    for (const record of this.wal.pending()) {
      if (record.seq <= this.maxLoadedSeq || this.criticalHeld.has(record.seq)) continue;
      if (!this.queue.push({ seq: record.seq, bytes: record.payload })) break;
      this.maxLoadedSeq = record.seq;
    }
  }
}
