/**
 * Reads and atomically replaces the `checkpoint` file (format in format.ts). Background writes run
 * on the libuv pool; the rename itself happens on the JS thread, guarded so that an older watermark
 * never replaces a newer one and nothing is renamed after close().
 *
 * On a full disk (ENOSPC, EDQUOT) the temp file cannot get a block, so the existing checkpoint is
 * overwritten in place instead (its 20 bytes need no new block) and fdatasync'd: acknowledging is
 * what frees the disk, so it must work when nothing else can be written. A crash in the middle of
 * that write can leave a torn checkpoint; its CRC then fails and every record on disk counts as not
 * acknowledged (re-sent, never lost).
 */
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, renameSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, WalCorruptionError } from './errors';
import { CHECKPOINT_FILE, decodeCheckpoint, encodeCheckpoint } from './format';
import { fdatasyncFileAsync, fsyncDirectoryAsync, tempName, unlinkQuietly, writeAllSync, writeFileAtomicSync } from './wal-directory';

/** Reads the checkpoint of `dir`: the watermark, undefined when there is none, or the corruption. */
export function readCheckpoint(dir: string): number | undefined | WalCorruptionError {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, CHECKPOINT_FILE));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const decoded = decodeCheckpoint(bytes);
  return typeof decoded === 'number' ? decoded : new WalCorruptionError(CHECKPOINT_FILE, 0, decoded);
}

/** Persists acknowledgement watermarks of one open WAL. */
export class CheckpointStore {
  /** Highest watermark whose checkpoint is durable (file and directory entry fsync'd). */
  durableThrough: number;
  private readonly dir: string;
  private renamedThrough: number;
  private closed = false;

  constructor(dir: string, persistedThrough: number) {
    this.dir = dir;
    this.durableThrough = persistedThrough;
    this.renamedThrough = persistedThrough;
  }

  /** Writes `watermark` durably before returning (used when space is needed at once, and on close). */
  persistSync(watermark: number): void {
    if (watermark <= this.durableThrough) return;
    try {
      writeFileAtomicSync(this.dir, CHECKPOINT_FILE, encodeCheckpoint(watermark));
    } catch (error) {
      if (!isNoSpace(error) || !this.overwriteInPlace(watermark)) throw error;
    }
    this.renamedThrough = Math.max(this.renamedThrough, watermark);
    this.durableThrough = Math.max(this.durableThrough, watermark);
  }

  /**
   * Writes `watermark` durably without blocking the event loop on fsync. When {@link writeVisibleSync}
   * has already put it (or a newer one) in place, only the file and the directory are synced.
   */
  async persist(watermark: number): Promise<void> {
    if (watermark <= this.durableThrough) return;
    let renamed = false;
    if (watermark > this.renamedThrough) {
      const temp = join(this.dir, tempName(CHECKPOINT_FILE));
      try {
        const file = await open(temp, 'wx', 0o600);
        try {
          await file.write(encodeCheckpoint(watermark));
          await file.datasync();
        } finally {
          await file.close();
        }
        if (this.closed) {
          unlinkQuietly(temp);
          return;
        }
        // A newer watermark may have been put in place meanwhile; then only syncing is left to do.
        if (watermark > this.renamedThrough) {
          renameSync(temp, join(this.dir, CHECKPOINT_FILE));
          this.renamedThrough = watermark;
          renamed = true;
        } else {
          unlinkQuietly(temp);
        }
      } catch (error) {
        unlinkQuietly(temp);
        if (isNoSpace(error) && !this.closed && watermark > this.renamedThrough && this.overwriteInPlace(watermark)) return;
        throw error;
      }
    }
    if (!renamed) await fdatasyncFileAsync(join(this.dir, CHECKPOINT_FILE));
    await fsyncDirectoryAsync(this.dir);
    this.durableThrough = Math.max(this.durableThrough, watermark);
  }

  /**
   * Puts `watermark` in place at once, synchronously, without fsync (tens of µs): it survives the
   * process being killed (the page cache keeps it), and the next {@link persist} makes it durable.
   * After a power loss before that, the previous checkpoint (or, where a rename can reach the disk
   * before the data, a torn one, whose CRC then fails) counts: records are sent again, never lost.
   */
  writeVisibleSync(watermark: number): void {
    if (watermark <= this.renamedThrough || this.closed) return;
    const temp = join(this.dir, tempName(CHECKPOINT_FILE));
    try {
      const fd = openSync(temp, 'wx', 0o600);
      try {
        writeAllSync(fd, encodeCheckpoint(watermark));
      } finally {
        closeSync(fd);
      }
      renameSync(temp, join(this.dir, CHECKPOINT_FILE));
    } catch (error) {
      unlinkQuietly(temp);
      if (isNoSpace(error) && this.overwriteInPlace(watermark)) return;
      throw error;
    }
    this.renamedThrough = watermark;
  }

  /** Whether a checkpoint file exists (one was ever written). */
  exists(): boolean {
    return existsSync(join(this.dir, CHECKPOINT_FILE));
  }

  /**
   * Writes `watermark` over the existing checkpoint file; false when there is none (a first
   * checkpoint needs a new file, which a full disk may still allow once segments are deleted).
   */
  private overwriteInPlace(watermark: number): boolean {
    let fd: number;
    try {
      fd = openSync(join(this.dir, CHECKPOINT_FILE), 'r+');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw error;
    }
    try {
      writeAllSync(fd, encodeCheckpoint(watermark), 0);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.renamedThrough = Math.max(this.renamedThrough, watermark);
    this.durableThrough = Math.max(this.durableThrough, watermark);
    return true;
  }

  /** Stops background writes from replacing the file; the caller persists synchronously first. */
  close(): void {
    this.closed = true;
  }
}

/** True for the errors of a full disk or an exhausted quota. */
export function isNoSpace(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOSPC' || code === 'EDQUOT';
}
