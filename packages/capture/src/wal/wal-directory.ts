/**
 * Filesystem chores of a WAL directory: creating it with safe permissions, listing segments,
 * atomic small-file writes, file and directory syncs and temp-file cleanup.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errnoCode, WalPermissionError } from './errors';
import { isTempFile, parseSegmentName } from './format';
import { pidExists } from './process-identity';

/**
 * Creates `dir` (recursively, 0700) or checks the existing one. Warns when an existing directory
 * is readable or writable by group or others. Throws {@link WalPermissionError} when it cannot be
 * created or is not a directory.
 */
export function ensureWalDirectory(dir: string, warn: (message: string) => void): void {
  try {
    makeDirectory(dir);
    const stat = statSync(dir);
    if (!stat.isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
    const loose = stat.mode & 0o077;
    if (loose !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      warn(`WAL directory ${dir} has mode ${mode}: other users may read captured data; ` + `restrict it with \`chmod 700 ${dir}\``);
    }
  } catch (error) {
    throw new WalPermissionError(dir, error);
  }
}

// mkdirSync({ recursive: true }) reports ENOENT for every failure (EROFS, EACCES, ...); creating one
// level at a time keeps the real cause for the error message.
function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
    makeDirectory(dirname(dir));
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (again) {
      if (errnoCode(again) !== 'EEXIST') throw again;
    }
  }
}

/** Segment files of `dir` as `{ name, firstSeq }`, oldest first. */
export function listSegments(dir: string): { name: string; firstSeq: number }[] {
  const segments: { name: string; firstSeq: number }[] = [];
  for (const name of readdirSync(dir)) {
    const firstSeq = parseSegmentName(name);
    if (firstSeq !== undefined) segments.push({ name, firstSeq });
  }
  return segments.sort((a, b) => a.firstSeq - b.firstSeq);
}

/**
 * Removes temp files left by interrupted atomic writes. Lock temp files are removed only when the
 * process named in them is gone (a live one may be taking the lock right now).
 */
export function removeTempFiles(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!isTempFile(name)) continue;
    const lockPid = /^lock\.(\d+)\./.exec(name);
    if (lockPid && pidExists(Number(lockPid[1]))) continue;
    unlinkQuietly(join(dir, name));
  }
}

/** fsync of the directory itself, so created, renamed and deleted entries survive power loss. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync of the directory itself, as {@link fsyncDirectory}, on the libuv pool. */
export async function fsyncDirectoryAsync(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * fdatasync of the file at `path` through a descriptor of its own, on the libuv pool (so closing
 * or deleting the file meanwhile never races with it). Rejects with ENOENT when it is gone.
 */
export async function fdatasyncFileAsync(path: string): Promise<void> {
  const file = await open(path, 'r');
  try {
    await file.datasync();
  } finally {
    await file.close();
  }
}

/** Writes all of `data` to `fd`, at `position` when given (short writes are continued). */
export function writeAllSync(fd: number, data: Uint8Array, position?: number): void {
  for (let off = 0; off < data.length;) off += writeSync(fd, data, off, data.length - off, position === undefined ? undefined : position + off);
}

/**
 * Writes `data` to `dir/name` atomically: a 0600 temp file is written and fdatasync'd, renamed over
 * the target, and the directory is fsync'd. A crash leaves either the old or the new file.
 */
export function writeFileAtomicSync(dir: string, name: string, data: Uint8Array): void {
  const temp = join(dir, tempName(name));
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeAllSync(fd, data);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, join(dir, name));
  } catch (error) {
    unlinkQuietly(temp);
    throw error;
  }
  fsyncDirectory(dir);
}

/** A unique temp file name for an atomic replacement of `name`. */
export function tempName(name: string): string {
  return `${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Unlinks `path`, ignoring every error (already gone, or the directory is read-only). */
export function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or the directory is not writable: nothing to clean up then.
  }
}
