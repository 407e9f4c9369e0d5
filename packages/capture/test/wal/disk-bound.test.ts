import { join } from 'node:path';
import { WalFullError, WalWriteError } from '../../src/wal/errors';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { segmentFiles } from '../helpers/wal-damage';
import { WalTempDirs } from '../helpers/wal-temp-dir';
import { canMountTmpfs, mountTmpfs, unmountTmpfs } from '../helpers/wal-tmpfs';

// The node:fs module object itself (its properties can be spied on, unlike an ES namespace import),
// used to inject EIO and short writes that a real disk cannot be made to produce on demand.
const fs: typeof import('node:fs') = jest.requireActual('node:fs');
const dirs = new WalTempDirs();
afterEach(() => {
  jest.restoreAllMocks();
  dirs.cleanup();
});

function fullError(run: () => unknown): WalFullError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WalFullError);
    return error as WalFullError;
  }
  throw new Error('expected a WalFullError');
}

describe('WAL disk bound (maxBytes)', () => {
  it('throws WalFullError naming the bound once unacknowledged records fill it', () => {
    const wal = WriteAheadLog.open({ dir: dirs.walDir(), segmentBytes: 200, maxBytes: 400 });
    for (let i = 0; i < 4; i++) wal.append(Buffer.alloc(80)); // 100-byte frames
    const error = fullError(() => wal.append(Buffer.alloc(1)));
    expect(error).toMatchObject({ maxBytes: 400, needed: 21, used: 400 });
    expect(error.message).toMatch(/400 of maxBytes 400 in use .* needs 21 more; .* check that export succeeds, or raise maxBytes/);
    expect(wal.stats()).toMatchObject({ lastSeq: 4, bytes: 400 });
    wal.close();
  });

  it('deletes acknowledged segments (checkpointing first) to make room before giving up', () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir, segmentBytes: 200, maxBytes: 400, checkpointIntervalMs: 60_000 });
    for (let i = 0; i < 4; i++) wal.append(Buffer.alloc(80));
    wal.acknowledge(2);
    wal.acknowledge(1);
    expect(wal.append(Buffer.alloc(80))).toBe(5);
    expect(segmentFiles(dir)).toEqual(['00000000000000000003.wal', '00000000000000000005.wal']);
    expect(wal.stats()).toMatchObject({ checkpointedThrough: 2, bytes: 300 });
    wal.close();
    expect(WriteAheadLog.open({ dir }).recovery).toMatchObject({ acknowledgedThrough: 2, pending: 3 });
  });

  it('warns when acknowledged segments cannot be freed, then reports the log full', () => {
    const dir = dirs.walDir();
    const warnings: string[] = [];
    const wal = WriteAheadLog.open({ dir, segmentBytes: 200, maxBytes: 400, onWarning: (m) => warnings.push(m) });
    for (let i = 0; i < 4; i++) wal.append(Buffer.alloc(80));
    wal.acknowledge(1);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(() => wal.append(Buffer.alloc(80))).toThrow(WalFullError);
    expect(warnings).toEqual([expect.stringMatching(/could not free acknowledged segments: .*ENOENT/)]);
    wal.close();
  });

  it('rejects a record larger than maxBytes', () => {
    const wal = WriteAheadLog.open({ dir: dirs.walDir(), maxBytes: 1024 });
    expect(fullError(() => wal.append(Buffer.alloc(1024))).needed).toBe(1044);
    expect(wal.append(Buffer.alloc(10))).toBe(1);
    wal.close();
  });
});

describe('WAL write failures', () => {
  it('cuts back a short write followed by an error, leaving no torn record', () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir });
    wal.append(Buffer.from('kept'));
    const real = fs.writeSync;
    let calls = 0;
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Buffer, offset: number, _length: number, position: number) => {
      if (++calls === 1) return real(fd, buffer, offset, 7, position); // short write
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    }) as typeof fs.writeSync);
    const error = (() => {
      try {
        wal.append(Buffer.from('lost'));
      } catch (e) {
        return e as WalWriteError;
      }
    })();
    expect(error).toBeInstanceOf(WalWriteError);
    expect(error?.code).toBe('EIO');
    expect(error?.message).toMatch(/cannot append to WAL segment .*00000000000000000001\.wal: EIO/);
    jest.restoreAllMocks();
    expect(fs.statSync(join(dir, segmentFiles(dir)[0])).size).toBe(24);
    expect(wal.append(Buffer.from('next'))).toBe(2);
    wal.close();
    const reopened = WriteAheadLog.open({ dir });
    expect(reopened.recovery.corruptions).toEqual([]);
    expect([...reopened.pending()].map((r) => Buffer.from(r.payload).toString())).toEqual(['kept', 'next']);
    reopened.close();
  });

  it('reports a segment that cannot be created as WalWriteError', () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir });
    fs.rmSync(dir, { recursive: true, force: true });
    const error = (() => {
      try {
        wal.append(Buffer.from('x'));
      } catch (e) {
        return e as WalWriteError;
      }
    })();
    expect(error).toBeInstanceOf(WalWriteError);
    expect(error?.code).toBe('ENOENT');
    expect(error?.message).toMatch(/cannot create WAL segment .*00000000000000000001\.wal/);
    wal.close();
  });

  it('retries the cut before the next write when the truncate failed too', () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir });
    const realWrite = fs.writeSync;
    const write = jest
      .spyOn(fs, 'writeSync')
      .mockImplementationOnce(((fd: number, buffer: Buffer, offset: number, _l: number, position: number) => realWrite(fd, buffer, offset, 5, position)) as typeof fs.writeSync);
    write.mockImplementationOnce(() => {
      throw Object.assign(new Error('EIO'), { code: 'EIO' });
    });
    const truncate = jest.spyOn(fs, 'ftruncateSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('EIO on truncate'), { code: 'EIO' });
    });
    expect(() => wal.append(Buffer.from('first'))).toThrow(WalWriteError);
    expect(fs.statSync(join(dir, segmentFiles(dir)[0])).size).toBe(5); // torn bytes still there
    truncate.mockImplementationOnce(() => {
      throw Object.assign(new Error('still failing'), { code: 'EIO' });
    });
    expect(() => wal.append(Buffer.from('second'))).toThrow(/cannot cut back a failed write/);
    expect(wal.append(Buffer.from('third'))).toBe(1);
    jest.restoreAllMocks();
    wal.close();
    const reopened = WriteAheadLog.open({ dir });
    expect(reopened.recovery.corruptions).toEqual([]);
    expect([...reopened.pending()].map((r) => Buffer.from(r.payload).toString())).toEqual(['third']);
    reopened.close();
  });

  (canMountTmpfs ? it : it.skip)('reports a full disk (ENOSPC on a small tmpfs) without leaving a torn record', () => {
    const mount = mountTmpfs(96) as string;
    try {
      const dir = join(mount, 'wal');
      const wal = WriteAheadLog.open({ dir, segmentBytes: 1024 * 1024 });
      const seqs: number[] = [];
      let error: unknown;
      for (let i = 0; i < 100 && error === undefined; i++) {
        try {
          seqs.push(wal.append(Buffer.alloc(10_000, i)));
        } catch (e) {
          error = e;
        }
      }
      expect(error).toBeInstanceOf(WalWriteError);
      expect((error as WalWriteError).code).toBe('ENOSPC');
      expect((error as WalWriteError).message).toMatch(/the disk is full: free space or move the WAL directory/);
      expect(seqs.length).toBeGreaterThan(3);
      const segment = join(dir, segmentFiles(dir)[0]);
      expect(fs.statSync(segment).size).toBe(seqs.length * 10_020);
      expect(wal.append(Buffer.alloc(100))).toBe(seqs.length + 1); // smaller records still fit
      wal.close();
      const reopened = WriteAheadLog.open({ dir });
      expect(reopened.recovery.corruptions).toEqual([]);
      expect([...reopened.pending()].map((r) => r.seq)).toEqual([...seqs, seqs.length + 1]);
      reopened.close();
    } finally {
      unmountTmpfs(mount);
    }
  });
});
