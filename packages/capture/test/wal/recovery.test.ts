import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WalCorruptionError, WalKeyError } from '../../src/wal/errors';
import { encodeCheckpoint } from '../../src/wal/format';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { appendRaw, flipByte, frames, segmentFiles } from '../helpers/wal-damage';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const dirs = new WalTempDirs();
const opened: WriteAheadLog[] = [];
afterEach(() => {
  for (const wal of opened.splice(0)) wal.close();
  dirs.cleanup();
});

/** A closed WAL of `count` records (`record-<seq>`, 32 bytes each) in segments of 4 records. */
function writeWal(count: number, acknowledgeThrough = 0): string {
  const dir = dirs.walDir();
  const wal = WriteAheadLog.open({ dir, segmentBytes: 4 * 52 });
  for (let i = 1; i <= count; i++) wal.append(Buffer.from(`record-${String(i).padStart(25, '0')}`));
  for (let seq = 1; seq <= acknowledgeThrough; seq++) wal.acknowledge(seq);
  wal.close();
  return dir;
}

function reopen(dir: string): { wal: WriteAheadLog; warnings: string[] } {
  const warnings: string[] = [];
  const wal = WriteAheadLog.open({ dir, segmentBytes: 4 * 52, onWarning: (m) => warnings.push(m) });
  opened.push(wal);
  return { wal, warnings };
}

const pendingSeqs = (wal: WriteAheadLog): number[] => [...wal.pending()].map((r) => r.seq);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('WAL recovery', () => {
  it('reports a deleted segment between the checkpoint and the others, and one between two segments', () => {
    const dir = writeWal(16, 2);
    rmSync(join(dir, '00000000000000000001.wal')); // 3..4 were pending
    rmSync(join(dir, '00000000000000000009.wal'));
    const { wal } = reopen(dir);
    expect(wal.recovery.corruptions.map((c) => c.reason)).toEqual([
      'records 3..4 are missing (a segment was deleted or cut)',
      'records 9..12 are missing (a segment was deleted or cut)',
    ]);
    expect(pendingSeqs(wal)).toEqual([5, 6, 7, 8, 13, 14, 15, 16]);
  });

  it('cuts a torn tail, warns, and continues the sequence after the last whole record', () => {
    const dir = writeWal(6);
    const last = join(dir, segmentFiles(dir)[1]);
    const sizeBefore = statSync(last).size;
    appendRaw(last, Buffer.from([40, 0, 0, 0, 1, 2, 3, 4, 7, 0, 0, 0])); // header of a record never finished
    const { wal, warnings } = reopen(dir);
    expect(wal.recovery.corruptions).toHaveLength(1);
    const [corruption] = wal.recovery.corruptions;
    expect(corruption).toBeInstanceOf(WalCorruptionError);
    expect(corruption).toMatchObject({ segment: '00000000000000000005.wal', offset: sizeBefore });
    expect(corruption.reason).toMatch(/torn record header/);
    expect(warnings[0]).toMatch(/00000000000000000005\.wal at offset 104.*cut .* to 104 bytes/);
    expect(statSync(last).size).toBe(sizeBefore);
    expect(pendingSeqs(wal)).toEqual(range(1, 6));
    expect(wal.append(Buffer.from('next'))).toBe(7);
  });

  it('cuts a frame whose length runs past the end of the segment', () => {
    const dir = writeWal(2);
    const last = join(dir, segmentFiles(dir)[0]);
    const frame = Buffer.alloc(52);
    frame.writeUInt32LE(32, 0);
    appendRaw(last, frame.subarray(0, 30));
    const { wal } = reopen(dir);
    expect(wal.recovery.corruptions[0].reason).toMatch(/torn record: a 52-byte frame .* 30 bytes left/);
    expect(pendingSeqs(wal)).toEqual([1, 2]);
  });

  it('cuts a zero-filled tail (size extended, data never written)', () => {
    const dir = writeWal(3);
    appendRaw(join(dir, segmentFiles(dir)[0]), Buffer.alloc(4096));
    const { wal } = reopen(dir);
    expect(wal.recovery.corruptions.map((c) => [c.offset, c.reason])).toEqual([[156, 'crc mismatch']]);
    expect(pendingSeqs(wal)).toEqual([1, 2, 3]);
  });

  it('cuts the last segment at a flipped byte and reuses the sequence of the cut record', () => {
    const dir = writeWal(12);
    const name = segmentFiles(dir)[2];
    const victim = frames(join(dir, name))[2]; // seq 11
    flipByte(join(dir, name), victim.offset + 25);
    const { wal } = reopen(dir);
    expect(wal.recovery.corruptions.map((c) => [c.segment, c.offset, c.reason])).toEqual([[name, victim.offset, 'crc mismatch']]);
    expect(wal.recovery).toMatchObject({ records: 10, pending: 10 });
    expect(statSync(join(dir, name)).size).toBe(victim.offset);
    expect(pendingSeqs(wal)).toEqual(range(1, 10));
    expect(wal.append(Buffer.from('again'))).toBe(11);
  });

  it('cuts a middle segment at a flipped byte, keeps later segments, and never waits for the lost records', async () => {
    const dir = writeWal(12);
    const name = segmentFiles(dir)[1]; // seq 5..8
    const victim = frames(join(dir, name))[1]; // seq 6
    flipByte(join(dir, name), victim.offset + 21);
    const { wal, warnings } = reopen(dir);
    expect(wal.recovery.corruptions).toHaveLength(1);
    expect(wal.recovery.corruptions[0]).toMatchObject({ segment: name, offset: victim.offset, reason: 'crc mismatch' });
    expect(warnings).toHaveLength(1);
    expect(segmentFiles(dir)).toHaveLength(3);
    expect(pendingSeqs(wal)).toEqual([1, 2, 3, 4, 5, 9, 10, 11, 12]);
    expect(wal.stats().pendingCount).toBe(9);
    for (const seq of [12, 1, 2, 3, 4, 5, 9, 10, 11]) wal.acknowledge(seq);
    expect(wal.stats()).toMatchObject({ acknowledgedThrough: 12, pendingCount: 0 });
    await wal.checkpoint();
    expect(segmentFiles(dir)).toEqual(['00000000000000000009.wal']); // the active segment stays
    expect(wal.append(Buffer.from('x'))).toBe(13);
  });

  it('reports a record whose sequence is not the expected one', () => {
    const dir = writeWal(8);
    const [first, second] = segmentFiles(dir);
    // A segment copied under the wrong name: its records start at 1, not 5.
    writeFileSync(join(dir, second), readFileSync(join(dir, first)));
    const { wal } = reopen(dir);
    expect(wal.recovery.corruptions[0]).toMatchObject({ segment: second, offset: 0 });
    expect(wal.recovery.corruptions[0].reason).toMatch(/sequence 1 where 5 was expected/);
    expect(pendingSeqs(wal)).toEqual([1, 2, 3, 4]);
  });

  it('deletes segments a crash left behind below the checkpoint', () => {
    const dir = writeWal(12);
    writeFileSync(join(dir, 'checkpoint'), encodeCheckpoint(8));
    const { wal } = reopen(dir);
    expect(segmentFiles(dir)).toEqual(['00000000000000000009.wal']);
    expect(wal.recovery).toMatchObject({ acknowledgedThrough: 8, segments: 1, pending: 4, corruptions: [] });
    expect(pendingSeqs(wal)).toEqual([9, 10, 11, 12]);
  });

  it('ignores and removes a leftover temp checkpoint', () => {
    const dir = writeWal(6, 2);
    writeFileSync(join(dir, 'checkpoint.4242.0bad.tmp'), encodeCheckpoint(6)); // written, never renamed
    writeFileSync(join(dir, 'checkpoint.4243.beef.tmp'), Buffer.from('garbage'));
    const { wal } = reopen(dir);
    expect(wal.recovery).toMatchObject({ acknowledgedThrough: 2, pending: 4, corruptions: [] });
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('treats everything as unacknowledged when the checkpoint is damaged', () => {
    const dir = writeWal(6, 3);
    flipByte(join(dir, 'checkpoint'), 9);
    const { wal, warnings } = reopen(dir);
    expect(wal.recovery.corruptions.map((c) => [c.segment, c.reason])).toEqual([['checkpoint', 'checkpoint crc mismatch']]);
    expect(warnings[0]).toMatch(/treated as not acknowledged/);
    expect(pendingSeqs(wal)).toEqual(range(1, 6));
    // Removed, so the damage is reported once, not at every open until the next checkpoint.
    expect(existsSync(join(dir, 'checkpoint'))).toBe(false);
    wal.close();
    opened.splice(0);
    const again = reopen(dir);
    expect(again.wal.recovery.corruptions).toEqual([]);
    expect(pendingSeqs(again.wal)).toEqual(range(1, 6));
  });

  it('rewrites a missing meta file of a plain WAL and reports it', () => {
    const dir = writeWal(3);
    rmSync(join(dir, 'meta.json'));
    const { wal } = reopen(dir);
    expect(wal.recovery.corruptions.map((c) => [c.segment, c.reason])).toEqual([['meta.json', 'meta.json is missing']]);
    expect(pendingSeqs(wal)).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toContain('meta.json');
  });

  it('cuts a segment whose records run into the next segment', () => {
    const dir = writeWal(8);
    renameSync(join(dir, '00000000000000000005.wal'), join(dir, '00000000000000000003.wal'));
    const { wal } = reopen(dir);
    expect(wal.recovery.corruptions.map((c) => [c.segment, c.offset, c.reason])).toEqual([
      ['00000000000000000001.wal', 104, 'sequence 3 runs into the next segment (3)'],
      ['00000000000000000003.wal', 0, 'sequence 5 where 3 was expected'],
    ]);
    expect(pendingSeqs(wal)).toEqual([1, 2]);
    expect(wal.append(Buffer.from('x'))).toBe(3);
  });

  it('rejects a key for a plain WAL whose meta file was lost', () => {
    const dir = writeWal(2);
    rmSync(join(dir, 'meta.json'));
    expect(() => WriteAheadLog.open({ dir, encryptionKey: Buffer.alloc(32) })).toThrow(WalKeyError);
    expect(readdirSync(dir)).not.toContain('meta.json');
  });

  it('an encrypted WAL that lost its meta file is not taken for a plain one when its first record header is zeroed', () => {
    const dir = dirs.walDir();
    const key = Buffer.alloc(32, 7);
    const wal = WriteAheadLog.open({ dir, segmentBytes: 4 * 96, encryptionKey: key });
    for (let i = 0; i < 12; i++) wal.append(Buffer.from(`record ${i}`));
    wal.close();
    rmSync(join(dir, 'meta.json'));
    const first = join(dir, segmentFiles(dir)[0]!);
    const bytes = readFileSync(first);
    bytes.fill(0, 0, 32);
    writeFileSync(first, bytes);
    expect(segmentFiles(dir).length).toBeGreaterThan(1);
    // The other segments start with encrypted records: the salt is gone, which the error says.
    expect(() => WriteAheadLog.open({ dir, encryptionKey: key })).toThrow(/meta\.json.*encrypted records whose key salt/);
  });

  it('fails with WalWriteError, and releases the lock, when a damaged segment cannot be cut', () => {
    const dir = writeWal(2);
    appendRaw(join(dir, segmentFiles(dir)[0]), Buffer.alloc(5));
    const fs: typeof import('node:fs') = jest.requireActual('node:fs');
    const truncate = jest.spyOn(fs, 'ftruncateSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    });
    try {
      expect(() => WriteAheadLog.open({ dir })).toThrow(/cannot repair WAL segment .*00000000000000000001\.wal \(truncate to 104 bytes\): EIO/);
    } finally {
      truncate.mockRestore();
    }
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    const { wal } = reopen(dir);
    expect(wal.recovery.corruptions).toHaveLength(1);
  });

  it('drops an empty segment left between others and an empty last one, reporting the records lost', () => {
    const dir = writeWal(12);
    writeFileSync(join(dir, '00000000000000000005.wal'), Buffer.alloc(0)); // records 5..8 lost
    writeFileSync(join(dir, '00000000000000000020.wal'), Buffer.alloc(0));
    const { wal, warnings } = reopen(dir);
    expect(wal.recovery.corruptions).toEqual([
      expect.objectContaining({ segment: '00000000000000000009.wal', offset: 0, reason: 'records 5..8 are missing (a segment was deleted or cut)' }),
    ]);
    expect(warnings).toEqual([expect.stringMatching(/records 5\.\.8 are missing .*; they cannot be recovered$/)]);
    expect(segmentFiles(dir)).toEqual(['00000000000000000001.wal', '00000000000000000009.wal']);
    expect(pendingSeqs(wal)).toEqual([1, 2, 3, 4, 9, 10, 11, 12]);
    expect(wal.append(Buffer.from('x'))).toBe(13);
  });
});
