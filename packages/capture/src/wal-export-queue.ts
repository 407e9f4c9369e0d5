/** One WAL record waiting to be exported. */
export interface QueuedRecord {
  seq: number;
  bytes: Uint8Array;
  /** Confirmation key when the record belongs to a critical span. */
  confirmKey?: string;
}

/**
 * The in-memory copy of WAL records not yet acknowledged, bounded in bytes. When the bound is hit,
 * new records stay on disk only and the queue is marked `spilled`; once it drains, the processor
 * refills it from the WAL itself. Nothing is lost either way: the WAL is the source of truth.
 */
export class WalExportQueue {
  private items: QueuedRecord[] = [];
  private head = 0;
  private queuedBytes = 0;
  /** True when records were left on disk because the queue was full. */
  spilled = false;

  constructor(private readonly maxBytes: number) {}

  /** Adds a record; returns false (and marks the queue spilled) when it is over its bound. */
  push(record: QueuedRecord): boolean {
    if (this.queuedBytes + record.bytes.byteLength > this.maxBytes && this.size > 0) {
      this.spilled = true;
      return false;
    }
    this.items.push(record);
    this.queuedBytes += record.bytes.byteLength;
    return true;
  }

  /** Puts records that failed to export back at the front, in their order. */
  unshift(records: QueuedRecord[]): void {
    this.compact();
    this.items.unshift(...records);
    for (const r of records) this.queuedBytes += r.bytes.byteLength;
  }

  /** Takes records from the front up to `maxBytes` (at least one). */
  take(maxBytes: number): QueuedRecord[] {
    const out: QueuedRecord[] = [];
    let bytes = 0;
    let next: QueuedRecord | undefined;
    while ((next = this.items[this.head]) !== undefined) {
      if (out.length > 0 && bytes + next.bytes.byteLength > maxBytes) break;
      out.push(next);
      bytes += next.bytes.byteLength;
      this.head++;
    }
    this.queuedBytes -= bytes;
    if (this.head > 1024 && this.head * 2 > this.items.length) this.compact();
    return out;
  }

  /** Number of queued records. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Bytes of queued records. */
  get bytes(): number {
    return this.queuedBytes;
  }

  private compact(): void {
    if (this.head === 0) return;
    this.items = this.items.slice(this.head);
    this.head = 0;
  }
}

/** Concatenates encoded requests: protobuf concatenation of requests is one valid request. */
export function concatRecords(records: readonly QueuedRecord[]): Uint8Array {
  if (records.length === 1) return records[0]!.bytes;
  let total = 0;
  for (const r of records) total += r.bytes.byteLength;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const r of records) {
    out.set(r.bytes, offset);
    offset += r.bytes.byteLength;
  }
  return out;
}
