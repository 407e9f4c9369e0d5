/**
 * One process per WAL directory. The lock file holds `<pid>\n`; it is created complete and
 * atomically: the pid is written to a temp file opened with O_EXCL, which is then hard-linked to
 * `lock` (link(2) fails with EEXIST like O_EXCL, and a reader never sees an empty lock file).
 * A lock whose process is gone is taken over with a warning. Two processes taking over the same
 * stale lock at the same instant can both succeed; that needs the previous owner to have died and
 * both to start within microseconds of each other.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, WalLockedError, WalPermissionError } from './errors';
import { LOCK_FILE } from './format';

// Directories this process has open, so a second open in the same process fails like one in
// another process, and a lock naming our own pid that is not in here is a stale one from an earlier
// process that had the same pid (common in containers, where the main process is often pid 1).
const lockedHere = new Set<string>();

/** The process named in a lock file. */
export interface LockHolder {
  pid: number;
  /** Whether a process with that pid is running (signal 0 succeeds or is refused with EPERM). */
  alive: boolean;
}

/** Reads the lock file of `dir`; undefined when there is none. */
export function readLockHolder(dir: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, LOCK_FILE), 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const pid = /^\d+$/.test(text.trim()) ? Number(text.trim()) : -1;
  return { pid, alive: pid > 0 && isProcessAlive(pid) };
}

/**
 * Takes the lock of `dir` or throws {@link WalLockedError}; returns the function that releases it.
 * Filesystem failures are reported as {@link WalPermissionError}.
 */
export function acquireLock(dir: string, warn: (message: string) => void): () => void {
  const key = realpathSync(dir);
  if (lockedHere.has(key)) throw new WalLockedError(dir, process.pid);
  const lockPath = join(dir, LOCK_FILE);
  const temp = join(dir, `${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, lockPath);
        break;
      } catch (error) {
        if (errnoCode(error) !== 'EEXIST') throw error;
      }
      const holder = readLockHolder(dir);
      // Only a race with other processes taking and releasing the lock gets here more than twice.
      if (attempt >= 3) throw new WalLockedError(dir, holder?.pid ?? -1);
      if (!holder) continue; // released between link and read: try again
      const ours = holder.pid === process.pid;
      if (holder.alive && !ours) throw new WalLockedError(dir, holder.pid);
      warn(
        `WAL ${dir}: taking over the lock of process ${holder.pid < 0 ? '(unreadable pid)' : holder.pid}, ` +
          'which is no longer running (it did not close the WAL)',
      );
      unlinkIfPresent(lockPath);
    }
  } catch (error) {
    if (error instanceof WalLockedError) throw error;
    throw new WalPermissionError(dir, error);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Never created (the directory is not writable) or already gone.
    }
  }
  lockedHere.add(key);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    lockedHere.delete(key);
    try {
      if (readLockHolder(dir)?.pid === process.pid) unlinkSync(lockPath);
    } catch {
      // The directory is gone or unreadable: there is no lock left to release.
    }
  };
}

/** True when a process with `pid` exists. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
}
