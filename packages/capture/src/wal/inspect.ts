/**
 * Read-only inspection of a WAL directory, e.g. for a CLI. Takes no lock and changes nothing, so it
 * may run while another process has the log open (it then sees a moment's state).
 */
import { existsSync } from 'node:fs';
import { WalCorruptionError, WalError } from './errors';
import { readCheckpoint } from './checkpoint-store';
import { readLockHolder, type LockHolder } from './lock-file';
import { readMeta } from './meta-file';
import { checkKeyLength, cipherFor, type RecordCipher } from './record-cipher';
import { SegmentReader } from './segment-reader';
import { listSegments } from './wal-directory';
import { FORMAT_VERSION, META_FILE } from './format';

/** One segment as found on disk. */
export interface WalSegmentInfo {
  /** File name, e.g. `00000000000000000001.wal`. */
  name: string;
  /** File size. */
  bytes: number;
  /** Bytes up to the end of the last valid record (less than `bytes` when damaged). */
  validBytes: number;
  /** Valid records. */
  records: number;
  /** Sequence of the first and last valid record; undefined when there is none. */
  firstSeq: number | undefined;
  lastSeq: number | undefined;
}

/** Result of {@link inspectWal}. */
export interface WalInspection {
  dir: string;
  formatVersion: number;
  /** Whether record bodies are encrypted. */
  encrypted: boolean;
  /** True when records were authenticated with the key (encrypted WAL and key given). */
  authenticated: boolean;
  segments: WalSegmentInfo[];
  /** Bytes of all segments. */
  totalBytes: number;
  /** Watermark of the checkpoint (0 when there is none). */
  acknowledgedThrough: number;
  /** Valid records above the watermark: what a restart would re-export. */
  pending: number;
  /** Damage found (segment, offset, reason); open() would cut segments there. */
  corruptions: WalCorruptionError[];
  /** The process named in the lock file, and whether it runs; undefined when unlocked. */
  lock: LockHolder | undefined;
}

/**
 * Reads the WAL in `dir` and verifies every record (CRC, sequence order; with `encryptionKey` also
 * the authentication tag of encrypted records). Throws {@link WalError} when `dir` holds no WAL and
 * {@link WalKeyError} for a malformed, wrong or unexpected key.
 */
export function inspectWal(dir: string, options: { encryptionKey?: Uint8Array } = {}): WalInspection {
  checkKeyLength(dir, options.encryptionKey);
  if (!existsSync(dir)) throw new WalError(`no WAL at ${dir}: the directory does not exist`);
  const corruptions: WalCorruptionError[] = [];
  const found = listSegments(dir);
  const meta = readMeta(dir);
  let encrypted: boolean | undefined;
  let cipher: RecordCipher | undefined;
  if (typeof meta === 'object') {
    encrypted = meta.encryption !== 'none';
    if (options.encryptionKey || !encrypted) cipher = cipherFor(dir, meta, options.encryptionKey);
  } else if (found.length === 0) {
    throw new WalError(`no WAL at ${dir}: ${meta ?? 'meta.json is missing'} and there are no segments`);
  } else {
    corruptions.push(new WalCorruptionError(META_FILE, 0, meta ?? 'meta.json is missing'));
  }
  const checkpoint = readCheckpoint(dir);
  if (checkpoint instanceof WalCorruptionError) corruptions.push(checkpoint);
  const acknowledgedThrough = typeof checkpoint === 'number' ? checkpoint : 0;
  const segments: WalSegmentInfo[] = [];
  let pending = 0;
  for (let i = 0; i < found.length; i++) {
    const beforeSeq = found[i + 1]?.firstSeq;
    const reader = new SegmentReader(dir, found[i]!.name, { encrypted, cipher, beforeSeq });
    for (let record = reader.next(); record; record = reader.next()) {
      if (record.seq > acknowledgedThrough) pending++;
    }
    reader.close();
    encrypted ??= reader.encryptedRecords;
    if (reader.corruption) corruptions.push(reader.corruption);
    segments.push({
      name: reader.name,
      bytes: reader.fileBytes,
      validBytes: reader.validBytes,
      records: reader.records,
      firstSeq: reader.firstSeq,
      lastSeq: reader.lastSeq,
    });
  }
  return {
    dir,
    formatVersion: FORMAT_VERSION,
    encrypted: encrypted ?? false,
    authenticated: encrypted === true && cipher !== undefined,
    segments,
    totalBytes: segments.reduce((sum, segment) => sum + segment.bytes, 0),
    acknowledgedThrough,
    pending,
    corruptions,
    lock: readLockHolder(dir),
  };
}
