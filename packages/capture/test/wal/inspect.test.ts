import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WalError, WalKeyError } from '../../src/wal/errors';
import { inspectWal } from '../../src/wal/inspect';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { flipByte, flipByteKeepCrc, segmentFiles } from '../helpers/wal-damage';
import { WalChild } from '../helpers/wal-child';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const dirs = new WalTempDirs();
afterEach(() => dirs.cleanup());

const KEY = Buffer.alloc(32, 3);

function writeWal(count: number, options: { acknowledgeThrough?: number; encryptionKey?: Uint8Array } = {}): string {
  const dir = dirs.walDir();
  const wal = WriteAheadLog.open({ dir, segmentBytes: 100, encryptionKey: options.encryptionKey });
  for (let i = 0; i < count; i++) wal.append(Buffer.alloc(30, i));
  for (let seq = 1; seq <= (options.acknowledgeThrough ?? 0); seq++) wal.acknowledge(seq);
  wal.close();
  return dir;
}

describe('inspectWal', () => {
  it('describes segments, the checkpoint and pending records without changing anything', () => {
    const dir = writeWal(5, { acknowledgeThrough: 1 });
    const inspection = inspectWal(dir);
    expect(inspection).toEqual({
      dir,
      formatVersion: 1,
      encrypted: false,
      authenticated: false,
      segments: [
        { name: '00000000000000000001.wal', bytes: 100, validBytes: 100, records: 2, firstSeq: 1, lastSeq: 2 },
        { name: '00000000000000000003.wal', bytes: 100, validBytes: 100, records: 2, firstSeq: 3, lastSeq: 4 },
        { name: '00000000000000000005.wal', bytes: 50, validBytes: 50, records: 1, firstSeq: 5, lastSeq: 5 },
      ],
      totalBytes: 250,
      acknowledgedThrough: 1,
      pending: 4,
      corruptions: [],
      lock: undefined,
    });
  });

  it('reports damage by segment and offset but repairs nothing', () => {
    const dir = writeWal(5);
    const middle = join(dir, segmentFiles(dir)[1]);
    flipByte(middle, 60);
    const inspection = inspectWal(dir);
    expect(inspection.corruptions.map((c) => [c.segment, c.offset, c.reason])).toEqual([['00000000000000000003.wal', 50, 'crc mismatch']]);
    expect(inspection.segments[1]).toMatchObject({ bytes: 100, validBytes: 50, records: 1 });
    expect(inspectWal(dir).corruptions).toHaveLength(1); // still there: nothing was cut
  });

  it('names the live process holding the lock', async () => {
    const dir = writeWal(1);
    const child = new WalChild(['hold', dir]);
    try {
      await child.waitForLine('open ');
      expect(inspectWal(dir).lock).toMatchObject({ pid: child.process.pid, alive: true });
    } finally {
      child.process.stdin!.end();
      await child.exited;
    }
  });

  it('shows a stale lock as not alive', async () => {
    const dir = writeWal(1);
    const child = new WalChild(['hold', dir]);
    await child.waitForLine('open ');
    await child.kill();
    expect(inspectWal(dir).lock).toMatchObject({ pid: child.process.pid, alive: false });
  });

  it('authenticates encrypted records with the key, and checks only CRCs without it', () => {
    const dir = writeWal(3, { encryptionKey: KEY });
    const path = join(dir, segmentFiles(dir)[0]); // one 78-byte record per segment
    flipByteKeepCrc(path, 0, 40);
    const damaged = readFileSync(path);
    expect(inspectWal(dir)).toMatchObject({ encrypted: true, authenticated: false, corruptions: [], pending: 3 });
    const withKey = inspectWal(dir, { encryptionKey: KEY });
    expect(withKey).toMatchObject({ encrypted: true, authenticated: true, pending: 2 });
    expect(withKey.corruptions.map((c) => [c.segment, c.offset])).toEqual([['00000000000000000001.wal', 0]]);
    expect(withKey.corruptions[0].reason).toMatch(/authentication failed/);
    expect(withKey.segments[0]).toMatchObject({ bytes: 78, validBytes: 0, records: 0 });
    expect(() => inspectWal(dir, { encryptionKey: Buffer.alloc(32, 4) })).toThrow(WalKeyError);
    expect(readFileSync(path).equals(damaged)).toBe(true); // nothing was cut
  });

  it('still reads segments whose meta file is gone, and says so', () => {
    const dir = writeWal(2, { encryptionKey: KEY });
    rmSync(join(dir, 'meta.json'));
    const inspection = inspectWal(dir);
    expect(inspection).toMatchObject({ encrypted: true, pending: 2 });
    expect(inspection.corruptions.map((c) => c.reason)).toEqual(['meta.json is missing']);
  });

  it('reports a damaged checkpoint', () => {
    const dir = writeWal(2, { acknowledgeThrough: 1 });
    writeFileSync(join(dir, 'checkpoint'), 'nonsense');
    const inspection = inspectWal(dir);
    expect(inspection.corruptions.map((c) => [c.segment, c.reason])).toEqual([['checkpoint', 'checkpoint has 8 bytes, expected 20']]);
    expect(inspection).toMatchObject({ acknowledgedThrough: 0, pending: 2 });
  });

  it('fails clearly for a directory that holds no WAL', () => {
    expect(() => inspectWal(join(dirs.make(), 'missing'))).toThrow(/no WAL at .*missing: the directory does not exist/);
    const empty = dirs.make();
    expect(() => inspectWal(empty)).toThrow(WalError);
    expect(() => inspectWal(empty)).toThrow(/meta.json is missing and there are no segments/);
  });
});
