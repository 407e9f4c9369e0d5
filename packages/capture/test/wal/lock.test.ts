import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WalLockedError } from '../../src/wal/errors';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { WalChild } from '../helpers/wal-child';
import { WalTempDirs } from '../helpers/wal-temp-dir';

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
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(`${pid}\n`);
    const warnings: string[] = [];
    const wal = WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringContaining(`taking over the lock of process ${pid}, which is no longer running`)]);
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    wal.close();
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
    expect(warnings[0]).toMatch(/lock of process \(unreadable pid\)/);
  });

  it('refuses a second open of the same directory in this process, until the first closes', () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir });
    expect(lockError(() => WriteAheadLog.open({ dir: join(dir, '.') })).pid).toBe(process.pid);
    wal.close();
    WriteAheadLog.open({ dir }).close();
  });
});
