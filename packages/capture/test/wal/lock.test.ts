import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WalLockedError } from '../../src/wal/errors';
import { readLockHolder } from '../../src/wal/lock-file';
import { ownIdentity } from '../../src/wal/process-identity';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { WalChild } from '../helpers/wal-child';
import { WalTempDirs } from '../helpers/wal-temp-dir';
import { canMountTmpfs, fillDisk, mountTmpfs, unmountTmpfs } from '../helpers/wal-tmpfs';

const dirs = new WalTempDirs();
afterEach(() => dirs.cleanup());

function lockError(run: () => unknown): WalLockedError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WalLockedError);
    return error as WalLockedError;
  }
  throw new Error('expected a WalLockedError');
}

/** Replaces the lock of `dir` by a symlink to `target`. */
function relink(dir: string, target: string): void {
  unlinkSync(join(dir, 'lock'));
  symlinkSync(target, join(dir, 'lock'));
}

/** Rewrites the pid of the lock in `dir`, keeping the rest (start time, boot id, nonce). */
function retargetLock(dir: string, pid: number): void {
  relink(dir, readlinkSync(join(dir, 'lock')).replace(/^\d+/, String(pid)));
}

/** Start time (/proc/<pid>/stat field 22) and short boot id of a running child. */
async function identityOf(child: ChildProcess): Promise<{ startTime: string; bootId: string }> {
  await new Promise((resolve) => child.once('spawn', resolve));
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  return { startTime: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19], bootId: ownIdentity().bootId as string };
}

describe('WAL directory lock', () => {
  it('refuses a directory held by another live process and names its pid', async () => {
    const dir = dirs.walDir();
    const child = new WalChild(['hold', dir]);
    try {
      await child.waitForLine('open ');
      const error = lockError(() => WriteAheadLog.open({ dir }));
      expect(error.pid).toBe(child.process.pid);
      expect(error.dir).toBe(dir);
      expect(error.message).toMatch(new RegExp(`locked by process ${child.process.pid}; only one process`));
    } finally {
      child.process.stdin!.end();
    }
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    WriteAheadLog.open({ dir }).close();
  });

  it('is refused to a child while this process holds it', async () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir });
    try {
      const child = new WalChild(['hold', dir]);
      const line = await child.waitForLine('error ');
      expect(line).toContain(`WalLockedError WAL directory ${dir} is locked by process ${process.pid}`);
      expect((await child.exited).code).toBe(2);
    } finally {
      wal.close();
    }
  });

  it('takes over the lock of a process that was killed, with a warning', async () => {
    const dir = dirs.walDir();
    const child = new WalChild(['hold', dir]);
    await child.waitForLine('open ');
    const pid = child.process.pid as number;
    await child.kill();
    expect(readlinkSync(join(dir, 'lock'))).toMatch(new RegExp(`^${pid}:\\d+:[0-9a-f]{12}:[0-9a-f]{12}$`));
    expect(readLockHolder(dir)).toMatchObject({ pid, alive: false });
    const warnings: string[] = [];
    const wal = WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringContaining(`taking over the lock of process ${pid}, which is no longer running`)]);
    expect(readlinkSync(join(dir, 'lock'))).toMatch(new RegExp(`^${process.pid}:`));
    expect(readLockHolder(dir)).toMatchObject({ pid: process.pid, alive: false }); // never alive to its own process
    wal.close();
    expect(readdirSync(dir).filter((name) => name.startsWith('lock'))).toEqual([]);
  });

  it('takes over a lock whose pid now belongs to an unrelated live process (pid reuse)', async () => {
    const dir = dirs.walDir();
    const holder = new WalChild(['hold', dir]);
    await holder.waitForLine('open ');
    await holder.kill();
    // The killed owner's lock, as if its pid had been given to another process since.
    const unrelated = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      retargetLock(dir, unrelated.pid as number);
      expect(readLockHolder(dir)).toMatchObject({ pid: unrelated.pid, alive: false });
      const warnings: string[] = [];
      const wal = WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringContaining(`taking over the lock of process ${unrelated.pid}, which is no longer running`)]);
      wal.close();
    } finally {
      unrelated.kill('SIGKILL');
    }
  });

  it('keeps a lock whose pid, start time and boot id all match a live process', async () => {
    const dir = dirs.walDir();
    const holder = new WalChild(['hold', dir]);
    await holder.waitForLine('open ');
    await holder.kill();
    const live = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const { startTime, bootId } = await identityOf(live);
      relink(dir, `${live.pid}:${startTime}:${bootId}:00aa00aa00aa`);
      expect(readLockHolder(dir)).toEqual({ pid: live.pid, alive: true, startTime });
      expect(lockError(() => WriteAheadLog.open({ dir })).pid).toBe(live.pid);
      // The same process seen from another boot (the machine restarted since the lock was taken).
      relink(dir, `${live.pid}:${startTime}:000000000000:00aa00aa00aa`);
      expect(readLockHolder(dir)).toMatchObject({ pid: live.pid, alive: false });
      WriteAheadLog.open({ dir, onWarning: () => undefined }).close();
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('takes over a lock file of an older version (`<pid>\\n`) whose process is gone, and refuses one whose pid runs', async () => {
    const dir = dirs.walDir();
    WriteAheadLog.open({ dir }).close();
    const child = new WalChild(['hold', dirs.walDir()]);
    await child.waitForLine('open ');
    await child.kill();
    writeFileSync(join(dir, 'lock'), `${child.process.pid}\n`);
    expect(readLockHolder(dir)).toEqual({ pid: child.process.pid, alive: false, legacy: true });
    const warnings: string[] = [];
    WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) }).close();
    expect(warnings).toEqual([expect.stringContaining(`lock of process ${child.process.pid}`)]);
    const live = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'lock'), `${live.pid}\n`);
      expect(lockError(() => WriteAheadLog.open({ dir })).pid).toBe(live.pid); // pid only: documented
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('completes a takeover that a process killed mid-takeover left behind', async () => {
    const dir = dirs.walDir();
    const owner = new WalChild(['hold', dir]);
    await owner.waitForLine('open ');
    await owner.kill();
    const taker = new WalChild(['hold', dirs.walDir()]);
    await taker.waitForLine('open ');
    const takerLock = readlinkSync(join(taker.process.spawnargs[3], 'lock'));
    await taker.kill();
    // The dead taker holds the takeover link of the dead owner's lock, and never finished.
    const ownerNonce = readlinkSync(join(dir, 'lock')).split(':')[3];
    symlinkSync(takerLock, join(dir, `lock.${ownerNonce}.takeover`));
    const warnings: string[] = [];
    const wal = WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringContaining(`lock of process ${owner.process.pid}`)]);
    expect(readdirSync(dir).filter((name) => name.startsWith('lock'))).toEqual(['lock']);
    wal.close();
  });

  it('waits for a live process that is taking the lock over, then names it', async () => {
    const dir = dirs.walDir();
    const owner = new WalChild(['hold', dir]);
    await owner.waitForLine('open ');
    await owner.kill();
    const live = new WalChild(['hold', dirs.walDir()]);
    await live.waitForLine('open ');
    try {
      const ownerNonce = readlinkSync(join(dir, 'lock')).split(':')[3];
      symlinkSync(readlinkSync(join(live.process.spawnargs[3], 'lock')), join(dir, `lock.${ownerNonce}.takeover`));
      const started = Date.now();
      expect(lockError(() => WriteAheadLog.open({ dir })).pid).toBe(live.process.pid);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(readLockHolder(dir)).toMatchObject({ pid: owner.process.pid, alive: false }); // untouched
    } finally {
      live.process.stdin!.end();
      await live.exited;
    }
  });

  (canMountTmpfs ? it : it.skip)('takes over a stale lock on a full disk (the lock needs no data block)', async () => {
    const mount = mountTmpfs(256) as string;
    try {
      const dir = join(mount, 'wal');
      const holder = new WalChild(['hold', dir]);
      await holder.waitForLine('open ');
      await holder.kill();
      fillDisk(mount);
      const warnings: string[] = [];
      const wal = WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringContaining(`lock of process ${holder.process.pid}`)]);
      wal.close();
    } finally {
      unmountTmpfs(mount);
    }
  });

  it('takes over a lock naming this process id that this process does not hold (pid reuse)', () => {
    const dir = dirs.walDir();
    WriteAheadLog.open({ dir }).close();
    writeFileSync(join(dir, 'lock'), `${process.pid}\n`);
    const warnings: string[] = [];
    WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) }).close();
    expect(warnings[0]).toMatch(/taking over the lock/);
  });

  it('takes over an unreadable lock file', () => {
    const dir = dirs.walDir();
    WriteAheadLog.open({ dir }).close();
    writeFileSync(join(dir, 'lock'), 'garbage');
    const warnings: string[] = [];
    WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) }).close();
    expect(warnings[0]).toMatch(/lock of process \(unreadable lock\)/);
  });

  it('refuses a second open of the same directory in this process, until the first closes', () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir });
    expect(lockError(() => WriteAheadLog.open({ dir: join(dir, '.') })).pid).toBe(process.pid);
    wal.close();
    WriteAheadLog.open({ dir }).close();
  });
});
