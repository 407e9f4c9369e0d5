/**
 * The segment files of an open WAL: writes framed records to the active segment, rolls to a new one
 * at `segmentBytes`, deletes acknowledged segments, and makes written data durable.
 */
import { closeSync, fdatasyncSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, WalWriteError } from './errors';
import { segmentName } from './format';
import type { SegmentState } from './recovery';
import { fdatasyncFileAsync, fsyncDirectory, fsyncDirectoryAsync } from './wal-directory';

/** Owns the segment files of one open WAL. */
export class SegmentWriter {
  /** Segments, oldest first; the last one is the active segment while it is open for appending. */
  readonly segments: SegmentState[];
  /** Bytes of all segments. */
  totalBytes = 0;
  private readonly dir: string;
  private readonly segmentBytes: number;
  private activeFd: number | undefined;
  // Segments written since their last fdatasync, and whether a segment was created since the last
  // directory fsync. A flush syncs through fresh descriptors opened by name, so closing or deleting a
  // segment never races with a flush running on the libuv pool.
  private readonly unsynced = new Set<string>();
  private directoryDirty = false;
  // Offset the active segment must be cut back to after a failed write whose truncate failed too.
  private repairAt: number | undefined;

  constructor(dir: string, segmentBytes: number, recovered: SegmentState[]) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.segments = recovered;
    // Recovered records may sit in the page cache only (the previous process was killed, not the
    // machine): the first flush makes them durable too.
    for (const segment of recovered) {
      this.totalBytes += segment.bytes;
      if (segment.bytes > 0) this.unsynced.add(segment.name);
    }
    const last = recovered[recovered.length - 1];
    if (last) this.activeFd = openSync(join(dir, last.name), 'r+');
  }

  /**
   * Writes `frame[0..frameBytes)` (record `seq`) at the end of the active segment, rolling first
   * when the record does not fit. On a failed or short write the segment is cut back so no torn
   * record stays, and a {@link WalWriteError} is thrown.
   */
  write(frame: Buffer, frameBytes: number, seq: number): void {
    if (this.repairAt !== undefined) {
      try {
        this.repair();
      } catch (error) {
        throw new WalWriteError(`cannot cut back a failed write in WAL ${this.dir}`, error);
      }
    }
    let active = this.segments[this.segments.length - 1];
    if (active === undefined || this.activeFd === undefined || (active.bytes > 0 && active.bytes + frameBytes > this.segmentBytes)) {
      active = this.startSegment(seq);
    }
    const fd = this.activeFd as number;
    const start = active.bytes;
    try {
      for (let done = 0; done < frameBytes;) {
        done += writeSync(fd, frame, done, frameBytes - done, start + done);
      }
    } catch (error) {
      this.repairAt = start;
      try {
        this.repair();
      } catch {
        // repairAt stays set: the next write retries the cut before writing anything.
      }
      throw new WalWriteError(`cannot append to WAL segment ${join(this.dir, active.name)}`, error);
    }
    active.bytes += frameBytes;
    active.lastSeq = seq;
    this.totalBytes += frameBytes;
    this.unsynced.add(active.name);
  }

  /**
   * Deletes segments whose records are all ≤ `through`, oldest first; the active segment only when
   * `includeActive` (appending then starts a new segment). Returns the bytes freed.
   */
  deleteThrough(through: number, includeActive: boolean): number {
    let freed = 0;
    let oldest: SegmentState | undefined;
    while ((oldest = this.segments[0]) !== undefined) {
      const isActive = this.segments.length === 1 && this.activeFd !== undefined;
      if (oldest.lastSeq > through || (isActive && !includeActive)) break;
      if (isActive) this.closeActive();
      try {
        unlinkSync(join(this.dir, oldest.name));
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw error; // already gone is what we wanted
      }
      this.segments.shift();
      this.unsynced.delete(oldest.name);
      this.totalBytes -= oldest.bytes;
      freed += oldest.bytes;
    }
    return freed;
  }

  /**
   * Starts making everything written so far durable: fdatasync of every segment written since its
   * last sync and fsync of the directory when segments were created. The set of files is taken when
   * called, so the promise covers exactly the records written before the call.
   */
  flush(): Promise<void> {
    const names = [...this.unsynced];
    const directory = this.directoryDirty;
    this.unsynced.clear();
    this.directoryDirty = false;
    const run = async (): Promise<void> => {
      for (const name of names) {
        try {
          await fdatasyncFileAsync(join(this.dir, name));
        } catch (error) {
          if (errnoCode(error) === 'ENOENT') continue; // acknowledged and deleted meanwhile
          throw error;
        }
      }
      if (directory) await fsyncDirectoryAsync(this.dir);
    };
    return run().catch((error: unknown) => {
      for (const name of names) this.unsynced.add(name);
      this.directoryDirty ||= directory;
      throw new WalWriteError(`cannot make WAL ${this.dir} durable (fdatasync failed)`, error);
    });
  }

  /** {@link flush}, synchronously (close() and tests of durability). */
  flushSync(): void {
    try {
      for (const name of this.unsynced) {
        const fd = openSync(join(this.dir, name), 'r');
        try {
          fdatasyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      if (this.directoryDirty) fsyncDirectory(this.dir);
    } catch (error) {
      throw new WalWriteError(`cannot make WAL ${this.dir} durable (fdatasync failed)`, error);
    }
    this.unsynced.clear();
    this.directoryDirty = false;
  }

  /** Closes the active segment; idempotent. */
  close(): void {
    this.closeActive();
  }

  private startSegment(seq: number): SegmentState {
    this.closeActive();
    const segment: SegmentState = { name: segmentName(seq), firstSeq: seq, lastSeq: seq - 1, bytes: 0 };
    try {
      this.activeFd = openSync(join(this.dir, segment.name), 'wx', 0o600);
    } catch (error) {
      throw new WalWriteError(`cannot create WAL segment ${join(this.dir, segment.name)}`, error);
    }
    this.segments.push(segment);
    this.directoryDirty = true;
    return segment;
  }

  private closeActive(): void {
    if (this.activeFd === undefined) return;
    const fd = this.activeFd;
    this.activeFd = undefined;
    this.repairAt = undefined;
    closeSync(fd);
  }

  private repair(): void {
    ftruncateSync(this.activeFd as number, this.repairAt);
    this.repairAt = undefined;
  }
}
