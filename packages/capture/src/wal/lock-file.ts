/**
 * One process per WAL directory, with no window in which two can both own it.
 *
 * The lock is a symbolic link, `lock -> <pid>:<start>:<boot>:<nonce>` (format.ts): symlink(2) fails
 * with EEXIST like O_EXCL, the target is written with the link in one step (a reader never sees a
 * half-written lock), and a short link needs no data block, so the lock can be taken on a full disk
 * (recovery exports first and so frees the space). The nonce makes every acquisition's token unique.
 *
 * A lock whose process is gone (process-identity.ts: boot id, pid and start time, so a reused pid
 * does not keep it) is replaced only by the one process that first creates `lock.<nonce>.takeover`
 * with the same exclusive symlink, where `<nonce>` is the dead owner's. That process checks again
 * that `lock` still names the dead owner, removes it, creates its own and then removes the takeover
 * link. A lock file is therefore removed only by its owner or by the single holder of its takeover
 * link, and nobody can remove a fresh lock thinking it is the stale one. A takeover link whose holder
 * died mid-takeover is replaced the same way, through a takeover link of its own.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { sleepSync } from '../sleep';
import { errnoCode, WalLockedError, WalPermissionError } from './errors';
import { LOCK_FILE } from './format';
import { isRunning, ownIdentity, type ProcessIdentity } from './process-identity';

// Directories this process has open, so a second open in the same process fails like one in
// another process, and a lock naming this process that is not in here is a stale one from an earlier
// process with the same pid (common in containers, where the main process is often pid 1).
const lockedHere = new Set<string>();

// A racing takeover by a live process normally completes within a millisecond; waiting for it lets
// the loser report the winner. Bounded, so a stuck directory still ends in WalLockedError.
const MAX_ATTEMPTS = 100;
const RETRY_WAIT_MS = 5;
// Takeover links of takeover links are only needed when takers die mid-takeover, one level per death.
const MAX_TAKEOVER_DEPTH = 4;
const TAKEOVER_LINK = /^lock\.([\w-]+)\.takeover$/;

/** The process named in a lock file. */
export interface LockHolder {
  /** Process id, -1 when the lock cannot be parsed. */
  pid: number;
  /** Whether that process still runs (a reused pid, another boot or a zombie count as not running). */
  alive: boolean;
  /** Start time (clock ticks after boot) recorded in the lock, when known. */
  startTime?: string;
  /** True for a lock written by an older version (a file holding `<pid>\n`: pid-only liveness). */
  legacy?: boolean;
}

/** A lock or takeover link as read from disk. */
interface Claim extends LockHolder {
  /** Exactly what is on disk, to check that it did not change. */
  raw: string;
  /** Unique name of this claim, used to name its takeover link. */
  token: string;
}

type ClaimResult = { kind: 'ours' } | { kind: 'held'; holder: Claim } | { kind: 'retry'; busy?: Claim };

/** Reads the lock of `dir`; undefined when there is none. */
export function readLockHolder(dir: string): LockHolder | undefined {
  const claim = readClaim(join(dir, LOCK_FILE));
  if (!claim) return undefined;
  const { pid, alive, startTime, legacy } = claim;
  return { pid, alive, ...(startTime !== undefined && { startTime }), ...(legacy && { legacy }) };
}

/**
 * Takes the lock of `dir` or throws {@link WalLockedError}; returns the function that releases it.
 * A stale lock is taken over with a warning. Filesystem failures are reported as
 * {@link WalPermissionError}.
 */
export function acquireLock(dir: string, warn: (message: string) => void): () => void {
  const key = realpathSync(dir);
  if (lockedHere.has(key)) throw new WalLockedError(dir, process.pid);
  const self = ownIdentity();
  const token = `${self.pid}:${self.startTime ?? '-'}:${self.bootId ?? '-'}:${randomBytes(6).toString('hex')}`;
  const lockPath = join(dir, LOCK_FILE);
  try {
    let busy: Claim | undefined;
    for (let attempt = 0; ; attempt++) {
      const result = claim(dir, LOCK_FILE, token, 0, warn);
      if (result.kind === 'ours') break;
      if (result.kind === 'held') throw new WalLockedError(dir, result.holder.pid);
      busy = result.busy ?? busy;
      if (attempt + 1 >= MAX_ATTEMPTS) throw new WalLockedError(dir, busy?.pid ?? -1);
      sleepSync(RETRY_WAIT_MS);
    }
    // Ownership is re-checked after the claim: a filesystem whose symlink(2) is not exclusive
    // (some network filesystems) must not yield two owners silently.
    if (readTarget(lockPath) !== token) throw new WalLockedError(dir, readClaim(lockPath)?.pid ?? -1);
    removeStaleTakeoverLinks(dir);
  } catch (error) {
    if (error instanceof WalLockedError) throw error;
    throw new WalPermissionError(dir, error);
  }
  lockedHere.add(key);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    lockedHere.delete(key);
    try {
      if (readTarget(lockPath) === token) unlinkSync(lockPath);
    } catch {
      // The directory is gone or unreadable: there is no lock left to release.
    }
  };
}

/**
 * Creates `name` -> `token` exclusively; replaces a stale one through its takeover link. 'retry'
 * means the directory changed under us (or a live process is taking over) and the caller should
 * look again.
 */
function claim(dir: string, name: string, token: string, depth: number, warn: (message: string) => void): ClaimResult {
  const path = join(dir, name);
  if (tryLink(token, path)) return { kind: 'ours' };
  const holder = readClaim(path);
  if (!holder) return { kind: 'retry' }; // released between the link and the read
  if (holder.alive) return { kind: 'held', holder };
  if (depth >= MAX_TAKEOVER_DEPTH) return { kind: 'held', holder };
  const takeover = `${LOCK_FILE}.${holder.token}.takeover`;
  const right = claim(dir, takeover, token, depth + 1, warn);
  if (right.kind === 'held') return { kind: 'retry', busy: right.holder };
  if (right.kind === 'retry') return right;
  try {
    // Only the holder of the takeover link may remove a lock naming `holder`, and that lock cannot
    // come back once removed: if it is still there now, it stays until we remove it.
    if (readRaw(path) !== holder.raw) return { kind: 'retry' };
    unlinkIfPresent(path);
    if (depth === 0) {
      const who = holder.pid < 0 ? '(unreadable lock)' : holder.pid;
      warn(`WAL ${dir}: taking over the lock of process ${who}, which is no longer running (it did not close the WAL)`);
    }
    return tryLink(token, path) ? { kind: 'ours' } : { kind: 'retry' };
  } finally {
    unlinkIfPresent(join(dir, takeover));
  }
}

/** Removes takeover links left by processes that died mid-takeover. */
function removeStaleTakeoverLinks(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!TAKEOVER_LINK.test(name)) continue;
    const holder = readClaim(join(dir, name));
    if (holder && !holder.alive) unlinkIfPresent(join(dir, name));
  }
}

function tryLink(token: string, path: string): boolean {
  try {
    symlinkSync(token, path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
}

/**
 * The lock or takeover link at `path`, undefined when there is none. A claim naming this process is
 * never alive: this process holds nothing in `dir` at that point (`lockedHere`), so it was left by an
 * earlier process with the same pid.
 */
function readClaim(path: string): Claim | undefined {
  const raw = readRaw(path);
  if (raw === undefined) return undefined;
  const link = /^link:(\d+):(\d+|-):([0-9a-f]+|-):([0-9a-f]+)$/.exec(raw);
  if (link) {
    const identity: ProcessIdentity = {
      pid: Number(link[1]),
      startTime: link[2] === '-' ? undefined : link[2],
      bootId: link[3] === '-' ? undefined : link[3],
    };
    const alive = identity.pid !== process.pid && isRunning(identity);
    return { pid: identity.pid, alive, ...(identity.startTime !== undefined && { startTime: identity.startTime }), raw, token: link[4]! }; // every group of the pattern takes part in a match
  }
  // A file from an older version (`<pid>\n`: pid-only liveness), or garbage: named by its inode.
  const inode = /^file:(\d+):/.exec(raw)?.[1] ?? 'link';
  const legacy = /^file:\d+:(\d+)\n?$/.exec(raw);
  const pid = legacy ? Number(legacy[1]) : -1;
  const alive = pid > 0 && pid !== process.pid && isRunning({ pid, startTime: undefined, bootId: undefined });
  return { pid, alive, ...(legacy && { legacy: true }), raw, token: `i${inode}` };
}

/** `link:<target>` for a symlink, `file:<inode>:<content>` for anything else; undefined when missing. */
function readRaw(path: string): string | undefined {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return `link:${readlinkSync(path, 'utf8')}`;
    return `file:${stat.ino}:${readFileSync(path, 'utf8')}`;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function readTarget(path: string): string | undefined {
  const raw = readRaw(path);
  return raw?.startsWith('link:') ? raw.slice('link:'.length) : undefined;
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
}
