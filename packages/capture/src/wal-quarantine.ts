/**
 * The quarantine of a write-ahead log: records the backend refused on their own (after isolation,
 * while their neighbours were accepted) are moved here instead of being deleted.
 *
 * Format: the subdirectory `quarantine/` of the WAL directory is itself a write-ahead log in the
 * format of `wal/format.ts` (segments, CRC32C, checkpoint, lock, and the same encryption key), so
 * a quarantined record is the original OTLP/protobuf request bytes, unchanged, and the same tools
 * read and replay it. Beside its segments, `rejections.jsonl` holds one JSON line per quarantined
 * record: `{"seq": <sequence in the quarantine>, "walSeq": <sequence it had in the WAL>, "at":
 * "<ISO time>", "status": <HTTP status>, "error": "<the export error>"}` (`error` is left out when
 * the WAL is encrypted, since a backend may echo content in its answer). A record acknowledged in
 * the quarantine (by `agent-otel wal quarantine replay`) is no longer pending; its line stays.
 *
 * Durability: a record is appended and fdatasync'd here before it is acknowledged in the WAL, so
 * a crash in between leaves it in both places (the WAL re-sends it), never in neither.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { WriteAheadLog, type WalOptions } from './wal/write-ahead-log';

/** Name of the quarantine subdirectory inside a WAL directory. */
export const QUARANTINE_DIR = 'quarantine';
/** Name of the file of rejection reasons inside the quarantine directory. */
export const REJECTIONS_FILE = 'rejections.jsonl';

/** Why a record was quarantined: one line of `rejections.jsonl`. */
export interface QuarantineEntry {
  /** Sequence number of the record in the quarantine log. */
  seq: number;
  /** Sequence number the record had in the WAL. */
  walSeq: number;
  /** When it was quarantined (ISO 8601). */
  at: string;
  /** HTTP status of the rejection, when there was one. */
  status?: number;
  /** The export error (absent for an encrypted WAL). */
  error?: string;
}

/** The quarantine directory of the WAL in `walDir`. */
export function quarantineDir(walDir: string): string {
  return join(walDir, QUARANTINE_DIR);
}

/**
 * Moves refused records out of the WAL into `quarantine/`. The quarantine log is opened on first
 * use with the WAL's options (key, disk bound), so a WAL that never quarantines creates nothing.
 */
export class WalQuarantine {
  private log: WriteAheadLog | undefined;

  /** @param walOptions the options of the WAL this quarantine belongs to. */
  constructor(private readonly walOptions: WalOptions) {}

  /**
   * Appends `payload` and makes it durable; resolves with its sequence in the quarantine. Rejects
   * with the log's typed error (WalFullError, WalWriteError, WalLockedError, ...) when it cannot
   * be stored: the caller then keeps the record in the WAL.
   */
  async add(payload: Uint8Array, walSeq: number, status: number | undefined, error: string): Promise<number> {
    const log = this.open();
    const seq = log.append(payload);
    await log.sync();
    const entry: QuarantineEntry = { seq, walSeq, at: new Date().toISOString(), status };
    if (!this.walOptions.encryptionKey) entry.error = error;
    appendFileSync(join(quarantineDir(this.walOptions.dir), REJECTIONS_FILE), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    return seq;
  }

  /** Closes the quarantine log if it was opened. */
  close(): void {
    this.log?.close();
    this.log = undefined;
  }

  private open(): WriteAheadLog {
    this.log ??= WriteAheadLog.open({
      dir: quarantineDir(this.walOptions.dir),
      encryptionKey: this.walOptions.encryptionKey,
      maxBytes: this.walOptions.maxBytes,
      onWarning: this.walOptions.onWarning,
    });
    return this.log;
  }
}
