/**
 * Acknowledging must work on a full disk, because it is what frees the disk: the checkpoint is then
 * overwritten in place (or, for a first checkpoint, written after the closed acknowledged segments
 * are deleted), and an append that finds the disk full first deletes what is acknowledged.
 */
import { statfsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { WalWriteError } from '../../src/wal/errors';
import { inspectWal } from '../../src/wal/inspect';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { canMountTmpfs, fillDisk, mountTmpfs, unmountTmpfs } from '../helpers/wal-tmpfs';

const record = (i: number) => Buffer.from(`${i}:${'r'.repeat(1000)}`);

/** Appends until the disk is full; returns the sequence numbers appended. */
function appendUntilFull(wal: WriteAheadLog, from: number): number[] {
  const seqs: number[] = [];
  for (let i = from; ; i++) {
    try {
      seqs.push(wal.append(record(i)));
    } catch (error) {
      expect(error).toBeInstanceOf(WalWriteError);
      expect((error as WalWriteError).code).toBe('ENOSPC');
      return seqs;
    }
  }
}

(canMountTmpfs ? describe : describe.skip)('WAL on a full disk', () => {
  let mount: string;
  beforeEach(() => (mount = mountTmpfs(256) as string));
  afterEach(() => unmountTmpfs(mount));

  it('overwrites an existing checkpoint in place when no temp file fits, then frees the segments', async () => {
    const dir = join(mount, 'wal');
    const wal = WriteAheadLog.open({ dir, segmentBytes: 32 * 1024, checkpointIntervalMs: 3_600_000 });
    try {
      wal.acknowledge(wal.append(record(0)));
      await wal.checkpoint(); // a checkpoint file exists from now on
      const seqs = appendUntilFull(wal, 1);
      fillDisk(mount);
      expect(statfsSync(mount).bavail).toBe(0);
      for (const seq of seqs) wal.acknowledge(seq);
      await wal.checkpoint();
      expect(inspectWal(dir).acknowledgedThrough).toBe(seqs[seqs.length - 1]);
      expect(wal.stats().checkpointedThrough).toBe(seqs[seqs.length - 1]);
      expect(wal.stats().segments).toBe(1); // only the active segment is left
      expect(wal.stats().warnings).toBe(0);
    } finally {
      wal.close();
    }
  });

  it('deletes closed acknowledged segments before a first checkpoint that does not fit', async () => {
    const dir = join(mount, 'wal');
    const wal = WriteAheadLog.open({ dir, segmentBytes: 32 * 1024, checkpointIntervalMs: 3_600_000 });
    try {
      const seqs = appendUntilFull(wal, 0);
      fillDisk(mount);
      for (const seq of seqs) wal.acknowledge(seq);
      await wal.checkpoint();
      expect(inspectWal(dir).acknowledgedThrough).toBe(seqs[seqs.length - 1]);
      expect(wal.stats().segments).toBe(1);
    } finally {
      wal.close();
    }
    // The sequence continues after a restart: the active segment was kept.
    const reopened = WriteAheadLog.open({ dir });
    expect(reopened.recovery).toMatchObject({ pending: 0, corruptions: [] });
    reopened.close();
  });

  it('frees acknowledged segments, the active one too, when an append finds the disk full', () => {
    const dir = join(mount, 'wal');
    const wal = WriteAheadLog.open({ dir, segmentBytes: 32 * 1024, checkpointIntervalMs: 3_600_000 });
    try {
      const seqs = appendUntilFull(wal, 0);
      const filler = fillDisk(mount);
      for (const seq of seqs) wal.acknowledge(seq);
      const next = wal.append(record(-1));
      expect(next).toBe(seqs[seqs.length - 1] + 1);
      expect(wal.stats()).toMatchObject({ segments: 1, pendingCount: 1, acknowledgedThrough: next - 1, checkpointedThrough: next - 1 });
      unlinkSync(filler);
    } finally {
      wal.close();
    }
    const reopened = WriteAheadLog.open({ dir });
    expect([...reopened.pending()].map((r) => Buffer.from(r.payload).toString())).toEqual([record(-1).toString()]);
    reopened.close();
  });

  it('still refuses an append on a full disk when nothing is acknowledged, keeping every record', () => {
    const dir = join(mount, 'wal');
    const wal = WriteAheadLog.open({ dir, segmentBytes: 32 * 1024 });
    const seqs = appendUntilFull(wal, 0);
    fillDisk(mount);
    expect(() => wal.append(record(-1))).toThrow(WalWriteError);
    wal.close();
    expect(inspectWal(dir)).toMatchObject({ pending: seqs.length, corruptions: [] });
  });
});
