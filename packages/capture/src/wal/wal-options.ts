/** Options of the write-ahead log, their defaults and validation. */
import { MAX_TIMER_MS } from '../timer-limit';

/** Options of {@link WriteAheadLog.open}. */
export interface WalOptions {
  /**
   * Directory of the log. Created (recursively) with mode 0700 when missing; files inside are 0600.
   * An existing directory readable or writable by group or others gets a warning.
   */
  dir: string;
  /**
   * Size at which the active segment is closed and a new one started. Default 16 MiB, or
   * `maxBytes / 4` when that is smaller. A record is never split: one bigger than a segment gets a
   * segment of its own. Smaller segments free disk sooner after acknowledgements (space is freed one
   * whole segment at a time) at the cost of more files.
   */
  segmentBytes?: number;
  /**
   * Bound on the bytes of all segments together. Default 256 MiB. When an append would exceed it,
   * acknowledged segments are deleted first; if it still does not fit, `append()` throws
   * {@link WalFullError}.
   */
  maxBytes?: number;
  /**
   * 32-byte key: every record body is encrypted with AES-256-GCM (random 12-byte IV per record,
   * 28 bytes of overhead, a few µs per record). Default: none (plain records). Any other length is
   * rejected. A WAL keeps the mode it was created with: opening it with a wrong, missing or
   * unexpected key throws {@link WalKeyError}. Use a new key (and directory) well before 2^32 records.
   */
  encryptionKey?: Uint8Array;
  /**
   * Receives every warning (loose directory permissions, stale lock taken over, corruption repaired,
   * failed background checkpoint). Default: nothing is printed; the latest warnings are kept and
   * exposed by `stats().lastWarning` and `stats().warnings`, so embedding applications decide where
   * warnings go.
   */
  onWarning?: (message: string) => void;
  /**
   * How often a moved acknowledgement watermark is written to the checkpoint (in the background),
   * after which fully acknowledged segments are deleted. Default 100 ms. The checkpoint is also
   * written by `close()` and by `checkpoint()`. A longer interval means fewer fsyncs but more records
   * re-sent after a crash (delivery is at-least-once either way). At most `MAX_TIMER_MS`.
   */
  checkpointIntervalMs?: number;
}

/** {@link WalOptions} with every default applied. */
export interface ResolvedWalOptions {
  dir: string;
  segmentBytes: number;
  maxBytes: number;
  encryptionKey: Uint8Array | undefined;
  onWarning: ((message: string) => void) | undefined;
  checkpointIntervalMs: number;
}

/** Default segment size: 16 MiB. */
const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;
/** Default disk bound: 256 MiB. */
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** Default checkpoint interval: 100 ms. */
const DEFAULT_CHECKPOINT_INTERVAL_MS = 100;

/** Applies defaults and rejects impossible values with a RangeError naming the option. */
export function resolveWalOptions(options: WalOptions): ResolvedWalOptions {
  if (typeof options?.dir !== 'string' || options.dir === '') {
    throw new RangeError('WalOptions.dir must name a directory');
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  positiveInteger('maxBytes', maxBytes);
  const segmentBytes = options.segmentBytes ?? Math.max(1, Math.min(DEFAULT_SEGMENT_BYTES, Math.floor(maxBytes / 4)));
  positiveInteger('segmentBytes', segmentBytes);
  if (segmentBytes > maxBytes) {
    throw new RangeError(`WalOptions.segmentBytes (${segmentBytes}) must not exceed maxBytes (${maxBytes})`);
  }
  const checkpointIntervalMs = options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
  if (!(checkpointIntervalMs >= 0) || !Number.isFinite(checkpointIntervalMs)) {
    throw new RangeError(`WalOptions.checkpointIntervalMs must be a finite number ≥ 0, got ${checkpointIntervalMs}`);
  }
  if (checkpointIntervalMs > MAX_TIMER_MS) {
    throw new RangeError(`WalOptions.checkpointIntervalMs must be at most ${MAX_TIMER_MS} ms (the longest timer), got ${checkpointIntervalMs}`);
  }
  return {
    dir: options.dir,
    segmentBytes,
    maxBytes,
    encryptionKey: options.encryptionKey,
    onWarning: options.onWarning,
    checkpointIntervalMs,
  };
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`WalOptions.${name} must be a positive integer, got ${value}`);
  }
}
