/** Shapes reported by an open write-ahead log. */
import type { WalCorruptionError } from './errors';

/** What {@link WriteAheadLog.open} found on disk. */
export interface WalRecoveryReport {
  /** Segments kept after recovery. */
  segments: number;
  /** Valid records in them (acknowledged ones included). */
  records: number;
  /** Records not acknowledged yet: what `pending()` yields right after open. */
  pending: number;
  /** Watermark read from the checkpoint (0 for a new log). */
  acknowledgedThrough: number;
  /** Every damaged record, checkpoint or meta file found; each was repaired (cut) or ignored. */
  corruptions: WalCorruptionError[];
}

/** Counters and state of an open write-ahead log, from `stats()`. */
export interface WalStats {
  dir: string;
  /** Segment files. */
  segments: number;
  /** Bytes of all segment files. */
  bytes: number;
  /** The configured disk bound. */
  maxBytes: number;
  /** Records appended since open. */
  appended: number;
  /** Newest sequence number (0 when the log never held a record). */
  lastSeq: number;
  /** Every record ≤ this is known durable (fdatasync'd). */
  durableThrough: number;
  /** In-memory watermark: every record ≤ this is acknowledged (or lost to corruption). */
  acknowledgedThrough: number;
  /** Watermark of the durable checkpoint file. */
  checkpointedThrough: number;
  /** Records not acknowledged yet. */
  pendingCount: number;
  /** Group-commit flushes completed by `sync()`. */
  syncs: number;
  /** Whether record bodies are encrypted. */
  encrypted: boolean;
  /** Warnings raised since open. */
  warnings: number;
  /** The latest warning. */
  lastWarning: string | undefined;
  /** The latest warnings (at most 10), oldest first. */
  recentWarnings: string[];
  /** Whether `close()` was called. */
  closed: boolean;
}
