/**
 * Reads and atomically replaces the `checkpoint` file (format in format.ts). Background writes run
 * on the libuv pool; the rename itself happens on the JS thread, guarded so that an older watermark
 * never replaces a newer one and nothing is renamed after close().
 */
import { readFileSync, renameSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, WalCorruptionError } from './errors';
import { CHECKPOINT_FILE, decodeCheckpoint, encodeCheckpoint } from './format';
import { tempName, unlinkQuietly, writeFileAtomicSync } from './wal-directory';

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
    writeFileAtomicSync(this.dir, CHECKPOINT_FILE, encodeCheckpoint(watermark));
    this.renamedThrough = Math.max(this.renamedThrough, watermark);
    this.durableThrough = Math.max(this.durableThrough, watermark);
  }

  /** Writes `watermark` durably without blocking the event loop on fsync. */
  async persist(watermark: number): Promise<void> {
    if (watermark <= this.renamedThrough) return;
    const temp = join(this.dir, tempName(CHECKPOINT_FILE));
    try {
      const file = await open(temp, 'wx', 0o600);
      try {
        await file.write(encodeCheckpoint(watermark));
        await file.datasync();
      } finally {
        await file.close();
      }
      if (this.closed || watermark <= this.renamedThrough) {
        unlinkQuietly(temp);
        return;
      }
      renameSync(temp, join(this.dir, CHECKPOINT_FILE));
      this.renamedThrough = watermark;
    } catch (error) {
      unlinkQuietly(temp);
      throw error;
    }
    const dirHandle = await open(this.dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
    this.durableThrough = Math.max(this.durableThrough, watermark);
  }

  /** Stops background writes from replacing the file; the caller persists synchronously first. */
  close(): void {
    this.closed = true;
  }
}
