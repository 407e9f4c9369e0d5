/**
 * The write-ahead log: a directory of segment files holding framed, checksummed records (format in
 * format.ts). Appends are synchronous writes into the page cache (kill -9 safe); `sync()` makes them
 * durable with group-committed fdatasync; acknowledged records are checkpointed and their segments
 * deleted. It knows nothing about what the payloads are.
 */
import { errnoCode, WalClosedError, WalCorruptionError, WalError, WalFullError, WalPermissionError, WalWriteError } from './errors';
import { AckTracker } from './ack-tracker';
import { CheckpointStore, isNoSpace, readCheckpoint } from './checkpoint-store';
import { CHECKPOINT_FILE, ENCRYPTION_OVERHEAD_BYTES, FLAG_ENCRYPTED, MAX_BODY_BYTES, RECORD_HEADER_BYTES, recordAad, sealRecordCrc, writeRecordHeader } from './format';
import { join } from 'node:path';
import { GroupCommit } from './group-commit';
import { acquireLock } from './lock-file';
import { loadMeta, type WalEncryption } from './meta-file';
import { checkKeyLength } from './record-cipher';
import { recoverSegments, type RecoveredState } from './recovery';
import { SegmentReader } from './segment-reader';
import { SegmentWriter } from './segment-writer';
import { ensureWalDirectory, listSegments, removeTempFiles, unlinkQuietly } from './wal-directory';
import { resolveWalOptions, type ResolvedWalOptions, type WalOptions } from './wal-options';
import type { WalRecoveryReport, WalStats } from './wal-stats';
import { WarningLog } from './warning-log';

export type { WalOptions } from './wal-options';
export type { WalRecoveryReport, WalStats } from './wal-stats';

// Frames up to this size are built in one reused scratch buffer; larger ones get a buffer of their own
// so one huge record does not pin its size in memory for the life of the log.
const SCRATCH_LIMIT_BYTES = 1 << 20;

/** A write-ahead log over one directory. Create it with {@link WriteAheadLog.open}. */
export class WriteAheadLog {
  /** What recovery found when the log was opened. */
  readonly recovery: WalRecoveryReport;
  private readonly options: ResolvedWalOptions;
  private readonly warnings: WarningLog;
  private readonly encryption: WalEncryption;
  private readonly releaseLock: () => void;
  private readonly writer: SegmentWriter;
  private readonly acks: AckTracker;
  private readonly checkpoints: CheckpointStore;
  private readonly commits: GroupCommit;
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private checkpointTimer: NodeJS.Timeout | undefined;
  private checkpointFailing = false;
  private checkpointChain: Promise<void> = Promise.resolve();
  private appended = 0;
  private closed = false;

  /**
   * Opens (or creates) the log in `options.dir`: takes the directory lock, checks the key, verifies
   * every record after the checkpoint and cuts a torn or corrupt tail (reported in `recovery`, never
   * thrown). Throws {@link WalLockedError}, {@link WalKeyError}, {@link WalPermissionError}, or a
   * RangeError for invalid options.
   */
  static open(options: WalOptions): WriteAheadLog {
    const resolved = resolveWalOptions(options);
    const { dir } = resolved;
    checkKeyLength(dir, resolved.encryptionKey);
    const warnings = new WarningLog(resolved.onWarning);
    ensureWalDirectory(dir, warnings.warn);
    const releaseLock = acquireLock(dir, warnings.warn);
    try {
      removeTempFiles(dir);
      const corruptions: WalCorruptionError[] = [];
      const encryption = loadMeta(dir, resolved.encryptionKey, corruptions, warnings.warn);
      let watermark = readCheckpoint(dir);
      if (watermark instanceof WalCorruptionError) {
        corruptions.push(watermark);
        warnings.warn(`${watermark.message}; every record on disk is treated as not acknowledged`);
        watermark = undefined;
        // Removed (needs no free space) so the next open does not report it again; the next
        // acknowledgement writes a new one.
        unlinkQuietly(join(dir, CHECKPOINT_FILE));
      }
      if (watermark === undefined) watermark = Math.max(0, (listSegments(dir)[0]?.firstSeq ?? 1) - 1);
      const recovered = recoverSegments(dir, watermark, encryption, warnings.warn);
      recovered.corruptions.unshift(...corruptions);
      return new WriteAheadLog(resolved, warnings, encryption, releaseLock, watermark, recovered);
    } catch (error) {
      releaseLock();
      if (error instanceof WalError) throw error;
      const code = errnoCode(error);
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new WalPermissionError(dir, error);
      throw new WalWriteError(`cannot open WAL ${dir}`, error);
    }
  }

  private constructor(options: ResolvedWalOptions, warnings: WarningLog, encryption: WalEncryption, releaseLock: () => void, watermark: number, recovered: RecoveredState) {
    this.options = options;
    this.warnings = warnings;
    this.encryption = encryption;
    this.releaseLock = releaseLock;
    this.writer = new SegmentWriter(options.dir, options.segmentBytes, recovered.segments);
    this.acks = new AckTracker(watermark, recovered.lastSeq);
    for (const [from, to] of recovered.lost) this.acks.markLost(from, to);
    this.checkpoints = new CheckpointStore(options.dir, watermark);
    this.commits = new GroupCommit(
      watermark,
      () => this.acks.lastSeq,
      () => this.writer.flush(),
    );
    this.recovery = {
      segments: recovered.segments.length,
      records: recovered.records,
      pending: this.acks.pendingCount(),
      acknowledgedThrough: watermark,
      corruptions: recovered.corruptions,
    };
  }

  /**
   * Appends one record and returns its sequence number once the framed record has been written to
   * the segment file (one synchronous write; in the page cache, so it survives the process being
   * killed, not a power loss before `sync()`). Throws {@link WalFullError} when `maxBytes` would be
   * exceeded even after deleting acknowledged segments, {@link WalWriteError} when the write fails
   * (nothing of the record stays on disk), {@link WalClosedError} after `close()`, and a RangeError
   * for a payload of 2 GiB or more.
   */
  append(payload: Uint8Array): number {
    if (this.closed) throw new WalClosedError(this.options.dir);
    const cipher = this.encryption.cipher;
    const bodyBytes = cipher ? payload.length + ENCRYPTION_OVERHEAD_BYTES : payload.length;
    if (bodyBytes > MAX_BODY_BYTES) {
      throw new RangeError(`a WAL record holds at most ${MAX_BODY_BYTES} bytes, got a ${payload.length}-byte payload`);
    }
    const frameBytes = RECORD_HEADER_BYTES + bodyBytes;
    if (this.writer.totalBytes + frameBytes > this.options.maxBytes) this.makeRoom(frameBytes);
    const frame = this.frameBuffer(frameBytes);
    const seq = this.acks.lastSeq + 1;
    writeRecordHeader(frame, bodyBytes, seq, cipher ? FLAG_ENCRYPTED : 0);
    if (cipher) cipher.sealInto(payload, recordAad(frame, 0), frame, RECORD_HEADER_BYTES);
    else frame.set(payload, RECORD_HEADER_BYTES);
    sealRecordCrc(frame, frameBytes);
    try {
      this.writer.write(frame, frameBytes, seq);
    } catch (error) {
      // A full disk: acknowledged segments may be all that fills it. Free them and try once more.
      if (!(error instanceof WalWriteError) || !isNoSpace(error.cause) || this.deleteAcknowledged(true) === 0) throw error;
      this.writer.write(frame, frameBytes, seq);
    }
    this.acks.appended(seq);
    this.appended++;
    return seq;
  }

  /**
   * Resolves when every record appended before the call is durable (fdatasync'd, and new segment
   * files' directory entries fsync'd). Concurrent calls share flushes: at most one runs at a time and
   * the next covers everything appended meanwhile. Rejects with {@link WalWriteError} when fdatasync
   * fails.
   */
  sync(): Promise<void> {
    return this.commits.wait();
  }

  /**
   * Marks record `seq` as accepted by the backend (any order). The watermark below which everything
   * is acknowledged is written to the checkpoint at most every `checkpointIntervalMs`, and segments
   * wholly below it are then deleted. Unknown sequence numbers are ignored with a warning.
   */
  acknowledge(seq: number): void {
    if (this.closed) return;
    const result = this.acks.acknowledge(seq);
    if (result === 'unknown') {
      this.warnings.warn(`WAL ${this.options.dir}: acknowledge(${seq}) names no record in the log; ignored`);
    } else if (result === 'advanced') {
      this.scheduleCheckpoint();
    }
  }

  // One timer at a time; a failed background checkpoint warns once per run of failures and retries
  // after another interval.
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer !== undefined || this.closed) return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = undefined;
      this.checkpoint().then(
        () => (this.checkpointFailing = false),
        (error: unknown) => {
          if (!this.checkpointFailing) {
            this.warnings.warn(`WAL ${this.options.dir}: checkpoint failed, retrying every interval: ${String(error)}`);
          }
          this.checkpointFailing = true;
          this.scheduleCheckpoint();
        },
      );
    }, this.options.checkpointIntervalMs);
    this.checkpointTimer.unref();
  }

  /**
   * Writes the current watermark to the checkpoint file at once, synchronously and without fsync
   * (tens of µs; the background checkpoint makes it durable and deletes segments later). A process
   * killed right after still finds it, so what was acknowledged before the call is not re-sent.
   * Throws {@link WalWriteError} when the file cannot be written.
   */
  checkpointNow(): void {
    if (this.closed) return;
    try {
      this.checkpoints.writeVisibleSync(this.acks.watermark);
    } catch (error) {
      throw new WalWriteError(`cannot write the checkpoint of WAL ${this.options.dir}`, error);
    }
  }

  /**
   * Persists the current watermark now (atomically, in the background) and deletes the segments it
   * covers. Calls are serialized.
   */
  checkpoint(): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.closed) return;
      const watermark = this.acks.watermark;
      try {
        await this.checkpoints.persist(watermark);
      } catch (error) {
        if (!isNoSpace(error) || this.closed || !this.freeForFirstCheckpoint(watermark)) throw error;
        await this.checkpoints.persist(watermark);
      }
      if (!this.closed) this.writer.deleteThrough(this.checkpoints.durableThrough, false);
    };
    const next = this.checkpointChain.then(run, run);
    this.checkpointChain = next.catch(() => undefined);
    return next;
  }

  /**
   * Records not acknowledged yet (above the watermark), read from disk in sequence order and
   * decrypted, e.g. to re-export them after a restart. Segments are read lazily; records appended
   * while iterating may or may not be included.
   */
  *pending(): Iterable<{ seq: number; payload: Uint8Array }> {
    const snapshot = this.writer.segments.map((segment) => ({ ...segment }));
    const { encrypted, cipher } = this.encryption;
    for (const segment of snapshot) {
      if (segment.lastSeq <= this.acks.watermark) continue;
      let reader: SegmentReader;
      try {
        reader = new SegmentReader(this.options.dir, segment.name, { encrypted, cipher, end: segment.bytes });
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') continue; // acknowledged and deleted since the snapshot
        throw error;
      }
      try {
        for (let record = reader.next(); record; record = reader.next()) {
          if (this.acks.isAcknowledged(record.seq)) continue;
          yield { seq: record.seq, payload: cipher ? record.payload : Buffer.from(record.payload) };
        }
        if (reader.corruption) this.warnings.warn(`${reader.corruption.message}; changed on disk after open`);
      } finally {
        reader.close();
      }
    }
  }

  /** Counters and state of the log. */
  stats(): WalStats {
    return {
      dir: this.options.dir,
      segments: this.writer.segments.length,
      bytes: this.writer.totalBytes,
      maxBytes: this.options.maxBytes,
      appended: this.appended,
      lastSeq: this.acks.lastSeq,
      durableThrough: this.commits.durableThrough,
      acknowledgedThrough: this.acks.watermark,
      checkpointedThrough: this.checkpoints.durableThrough,
      pendingCount: this.acks.pendingCount(),
      syncs: this.commits.flushes,
      encrypted: this.encryption.encrypted,
      warnings: this.warnings.count,
      lastWarning: this.warnings.last,
      recentWarnings: [...this.warnings.recent],
      closed: this.closed,
    };
  }

  /**
   * Makes every appended record durable, writes the checkpoint, closes the files and releases the
   * lock. Idempotent; errors on the way are reported as warnings, and pending `sync()` calls are
   * settled.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.checkpointTimer);
    try {
      this.writer.flushSync();
      this.commits.markDurable(this.acks.lastSeq);
    } catch (error) {
      this.warnings.warn(String(error));
      this.commits.rejectAll(error);
    }
    try {
      this.checkpoints.persistSync(this.acks.watermark);
      this.writer.deleteThrough(this.checkpoints.durableThrough, false);
    } catch (error) {
      this.warnings.warn(`WAL ${this.options.dir}: final checkpoint failed: ${String(error)}`);
    }
    this.checkpoints.close();
    this.writer.close();
    this.releaseLock();
  }

  /** Deletes acknowledged segments (checkpointing first) or throws {@link WalFullError}. */
  private makeRoom(frameBytes: number): void {
    this.deleteAcknowledged(true);
    const used = this.writer.totalBytes;
    if (used + frameBytes > this.options.maxBytes) throw new WalFullError(this.options.maxBytes, frameBytes, used);
  }

  /**
   * Checkpoints the watermark and deletes the segments it covers (the active one too when
   * `includeActive`); returns the bytes freed. Failures are warnings: the caller decides what a
   * lack of space means.
   */
  private deleteAcknowledged(includeActive: boolean): number {
    const watermark = this.acks.watermark;
    try {
      try {
        this.checkpoints.persistSync(watermark);
      } catch (error) {
        if (!isNoSpace(error) || !this.freeForFirstCheckpoint(watermark)) throw error;
        this.checkpoints.persistSync(watermark);
      }
      return this.writer.deleteThrough(this.checkpoints.durableThrough, includeActive);
    } catch (error) {
      this.warnings.warn(`WAL ${this.options.dir}: could not free acknowledged segments: ${String(error)}`);
      return 0;
    }
  }

  /**
   * A full disk and no checkpoint file yet (an existing one is overwritten in place): deletes the
   * closed segments wholly ≤ `watermark` before the checkpoint records it, so the checkpoint gets a
   * block. Safe without the checkpoint: with none, recovery starts after the oldest remaining
   * segment's predecessor, which is at or below the watermark. The active segment stays, so
   * sequence numbers still continue after a restart. Returns whether anything was freed.
   */
  private freeForFirstCheckpoint(watermark: number): boolean {
    if (this.checkpoints.exists()) return false;
    return this.writer.deleteThrough(watermark, false) > 0;
  }

  private frameBuffer(frameBytes: number): Buffer {
    if (frameBytes <= this.scratch.length) return this.scratch;
    if (frameBytes > SCRATCH_LIMIT_BYTES) return Buffer.allocUnsafe(frameBytes);
    let size = this.scratch.length;
    while (size < frameBytes) size *= 2;
    this.scratch = Buffer.allocUnsafe(size);
    return this.scratch;
  }
}
