import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpoint } from '../../src/wal/checkpoint-store';
import { WalClosedError, WalWriteError } from '../../src/wal/errors';
import { WriteAheadLog, type WalOptions } from '../../src/wal/write-ahead-log';
import { segmentFiles } from '../helpers/wal-damage';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const dirs = new WalTempDirs();
const open: WriteAheadLog[] = [];
afterEach(() => {
  for (const wal of open.splice(0)) wal.close();
  dirs.cleanup();
});

function openWal(options: WalOptions): WriteAheadLog {
  const wal = WriteAheadLog.open(options);
  open.push(wal);
  return wal;
}

const text = (payload: Uint8Array): string => Buffer.from(payload).toString();
const pendingOf = (wal: WriteAheadLog): [number, string][] => [...wal.pending()].map((r) => [r.seq, text(r.payload)]);

describe('WriteAheadLog', () => {
  it('opens an empty log with nothing pending', () => {
    const wal = openWal({ dir: dirs.walDir() });
    expect(wal.recovery).toEqual({ segments: 0, records: 0, pending: 0, acknowledgedThrough: 0, corruptions: [] });
    expect(pendingOf(wal)).toEqual([]);
    expect(wal.stats()).toMatchObject({ segments: 0, bytes: 0, lastSeq: 0, pendingCount: 0, warnings: 0 });
  });

  it('returns increasing sequence numbers and reads the records back in order', () => {
    const wal = openWal({ dir: dirs.walDir() });
    expect([wal.append(Buffer.from('a')), wal.append(Buffer.from('')), wal.append(Buffer.from('ccc'))]).toEqual([1, 2, 3]);
    expect(pendingOf(wal)).toEqual([
      [1, 'a'],
      [2, ''],
      [3, 'ccc'],
    ]);
    expect(wal.stats()).toMatchObject({ appended: 3, lastSeq: 3, pendingCount: 3, segments: 1, bytes: 3 * 20 + 4 });
  });

  it('continues the sequence after a restart and re-reads what was not acknowledged', () => {
    const dir = dirs.walDir();
    const first = WriteAheadLog.open({ dir });
    for (let i = 1; i <= 5; i++) first.append(Buffer.from(`r${i}`));
    first.acknowledge(1);
    first.acknowledge(2);
    first.close();
    const second = openWal({ dir });
    expect(second.recovery).toMatchObject({ records: 5, pending: 3, acknowledgedThrough: 2, corruptions: [] });
    expect(pendingOf(second).map(([seq]) => seq)).toEqual([3, 4, 5]);
    expect(second.append(Buffer.from('r6'))).toBe(6);
  });

  it('keeps sequence numbers monotonic when every segment was acknowledged and deleted', () => {
    const dir = dirs.walDir();
    const first = WriteAheadLog.open({ dir, segmentBytes: 100, maxBytes: 200, checkpointIntervalMs: 60_000 });
    for (let i = 1; i <= 4; i++) first.append(Buffer.alloc(30, i)); // 50-byte frames: the log is full
    for (let seq = 1; seq <= 4; seq++) first.acknowledge(seq);
    first.append(Buffer.alloc(30)); // needs room: checkpoints, deletes every acknowledged segment
    expect(segmentFiles(dir)).toEqual(['00000000000000000005.wal']);
    first.acknowledge(5);
    first.close();
    expect(segmentFiles(dir)).toEqual(['00000000000000000005.wal']);
    rmSync(join(dir, '00000000000000000005.wal'));
    const second = openWal({ dir, segmentBytes: 100, maxBytes: 200 });
    expect(second.recovery.acknowledgedThrough).toBe(5);
    expect(second.append(Buffer.from('next'))).toBe(6);
  });

  it('never splits a record: one bigger than a segment gets a segment of its own', () => {
    const dir = dirs.walDir();
    const wal = openWal({ dir, segmentBytes: 1000 });
    wal.append(Buffer.alloc(100, 1));
    wal.append(Buffer.alloc(5000, 2));
    wal.append(Buffer.alloc(100, 3));
    wal.append(Buffer.alloc(2 * 1024 * 1024, 4)); // larger than the reused frame buffer
    expect(segmentFiles(dir)).toEqual(['00000000000000000001.wal', '00000000000000000002.wal', '00000000000000000003.wal', '00000000000000000004.wal']);
    expect(statSync(join(dir, '00000000000000000002.wal')).size).toBe(5020);
    const records = [...wal.pending()];
    expect(records.map((r) => [r.seq, r.payload.length, r.payload[0]])).toEqual([
      [1, 100, 1],
      [2, 5000, 2],
      [3, 100, 3],
      [4, 2 * 1024 * 1024, 4],
    ]);
  });

  it('rolls segments at segmentBytes and deletes those wholly below the checkpoint', async () => {
    const dir = dirs.walDir();
    const wal = openWal({ dir, segmentBytes: 100 });
    for (let i = 0; i < 9; i++) wal.append(Buffer.alloc(30)); // 50-byte frames: 2 per segment
    expect(segmentFiles(dir)).toHaveLength(5);
    for (const seq of [4, 2, 3, 1, 5]) wal.acknowledge(seq);
    expect(wal.stats().acknowledgedThrough).toBe(5);
    await wal.checkpoint();
    // seq 1-2 and 3-4 are gone; 5-6 holds 6, which is not acknowledged.
    expect(segmentFiles(dir)).toEqual(['00000000000000000005.wal', '00000000000000000007.wal', '00000000000000000009.wal']);
    expect(wal.stats()).toMatchObject({ checkpointedThrough: 5, segments: 3, bytes: 250, pendingCount: 4 });
    expect(pendingOf(wal).map(([seq]) => seq)).toEqual([6, 7, 8, 9]);
  });

  it('skips acknowledged records above the watermark in pending()', () => {
    const wal = openWal({ dir: dirs.walDir() });
    for (let i = 0; i < 5; i++) wal.append(Buffer.from(`r${i}`));
    wal.acknowledge(4);
    wal.acknowledge(2);
    expect(pendingOf(wal).map(([seq]) => seq)).toEqual([1, 3, 5]);
    expect(wal.stats().pendingCount).toBe(3);
  });

  it('warns about acknowledgements of records it does not have', () => {
    const warnings: string[] = [];
    const wal = openWal({ dir: dirs.walDir(), onWarning: (m) => warnings.push(m) });
    wal.append(Buffer.from('x'));
    wal.acknowledge(7);
    expect(warnings).toEqual([expect.stringContaining('acknowledge(7) names no record')]);
    expect(wal.stats()).toMatchObject({ warnings: 1, lastWarning: warnings[0], recentWarnings: warnings });
  });

  it('keeps warnings in stats() when no onWarning is given', () => {
    const wal = openWal({ dir: dirs.walDir() });
    wal.acknowledge(1);
    expect(wal.stats().lastWarning).toMatch(/acknowledge\(1\)/);
  });

  it('writes the checkpoint checkpointIntervalMs after the watermark moves', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const dir = dirs.walDir();
      const wal = openWal({ dir, checkpointIntervalMs: 100 });
      wal.append(Buffer.from('a'));
      wal.append(Buffer.from('b'));
      wal.acknowledge(2); // does not move the watermark: no timer
      expect(jest.getTimerCount()).toBe(0);
      wal.acknowledge(1);
      expect(jest.getTimerCount()).toBe(1);
      jest.advanceTimersByTime(99);
      await ioTurns(20);
      expect(existsSync(join(dir, 'checkpoint'))).toBe(false);
      jest.advanceTimersByTime(1);
      await until(() => wal.stats().checkpointedThrough === 2);
      expect(existsSync(join(dir, 'checkpoint'))).toBe(true);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('retries a failed background checkpoint every interval, warning once', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const dir = dirs.walDir();
      const warnings: string[] = [];
      const wal = openWal({ dir, checkpointIntervalMs: 50, onWarning: (m) => warnings.push(m) });
      wal.append(Buffer.from('a'));
      rmSync(dir, { recursive: true, force: true }); // the checkpoint cannot be written now
      wal.acknowledge(1);
      jest.advanceTimersByTime(50);
      await until(() => warnings.length === 1);
      expect(warnings[0]).toMatch(/checkpoint failed, retrying every interval: .*ENOENT/);
      expect(jest.getTimerCount()).toBe(1);
      jest.advanceTimersByTime(50);
      await until(() => jest.getTimerCount() === 1 && !existsSync(dir));
      await ioTurns(20);
      expect(warnings).toHaveLength(1);
      mkdirSync(dir, { mode: 0o700 });
      jest.advanceTimersByTime(50);
      await until(() => wal.stats().checkpointedThrough === 1);
      expect(existsSync(join(dir, 'checkpoint'))).toBe(true);
      expect(warnings).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('persists the watermark on close, and close is idempotent', () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir, checkpointIntervalMs: 60_000 });
    wal.append(Buffer.from('a'));
    wal.acknowledge(1);
    wal.close();
    wal.close();
    expect(wal.stats()).toMatchObject({ closed: true, checkpointedThrough: 1, durableThrough: 1 });
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    expect(openWal({ dir }).recovery.acknowledgedThrough).toBe(1);
  });

  it('refuses to append after close and ignores late acknowledgements', () => {
    const wal = WriteAheadLog.open({ dir: dirs.walDir() });
    wal.append(Buffer.from('a'));
    wal.close();
    expect(() => wal.append(Buffer.from('b'))).toThrow(WalClosedError);
    expect(() => wal.acknowledge(1)).not.toThrow();
    expect(wal.stats().acknowledgedThrough).toBe(0);
  });

  it('rejects a payload too large for the 31-bit length field before touching its bytes', () => {
    const wal = openWal({ dir: dirs.walDir(), maxBytes: 2 ** 40 });
    const huge = { length: 2 ** 31 } as Uint8Array;
    expect(() => wal.append(huge)).toThrow(/holds at most 2147483647 bytes, got a 2147483648-byte payload/);
    expect(wal.stats().lastSeq).toBe(0);
  });

  it('rejects impossible options', () => {
    const dir = dirs.walDir();
    expect(() => WriteAheadLog.open({ dir, maxBytes: 0 })).toThrow(/maxBytes must be a positive integer/);
    expect(() => WriteAheadLog.open({ dir, segmentBytes: 2048, maxBytes: 1024 })).toThrow(/must not exceed maxBytes/);
    expect(() => WriteAheadLog.open({ dir, checkpointIntervalMs: -1 })).toThrow(/checkpointIntervalMs/);
    expect(() => WriteAheadLog.open({ dir: '' })).toThrow(/dir must name a directory/);
  });
});

describe('WriteAheadLog.sync', () => {
  it('resolves at once when nothing was appended', async () => {
    const wal = openWal({ dir: dirs.walDir() });
    await wal.sync();
    expect(wal.stats().syncs).toBe(0);
  });

  it('lets concurrent callers share one fdatasync round', async () => {
    const wal = openWal({ dir: dirs.walDir() });
    wal.append(Buffer.from('a'));
    const waits = [wal.sync(), wal.sync(), wal.sync(), wal.sync()];
    wal.append(Buffer.from('b'));
    const later = [wal.sync(), wal.sync()];
    await Promise.all([...waits, ...later]);
    expect(wal.stats()).toMatchObject({ syncs: 2, durableThrough: 2 });
  });

  it('covers records recovered at open', async () => {
    const dir = dirs.walDir();
    const first = WriteAheadLog.open({ dir });
    first.append(Buffer.from('a'));
    first.close();
    const wal = openWal({ dir });
    expect(wal.stats().durableThrough).toBe(0);
    await wal.sync();
    expect(wal.stats()).toMatchObject({ syncs: 1, durableThrough: 1 });
  });

  it('settles waiting callers when the log is closed', async () => {
    const wal = WriteAheadLog.open({ dir: dirs.walDir() });
    wal.append(Buffer.from('a'));
    const waiting = wal.sync();
    wal.close();
    await expect(waiting).resolves.toBeUndefined();
    await expect(wal.sync()).resolves.toBeUndefined();
  });

  it('rejects with WalWriteError when the data cannot be made durable', async () => {
    const dir = dirs.walDir();
    const warnings: string[] = [];
    const wal = WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) });
    wal.append(Buffer.from('a'));
    rmSync(dir, { recursive: true, force: true });
    const error = await wal.sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WalWriteError);
    expect((error as WalWriteError).message).toMatch(/cannot make WAL .* durable/);
    wal.close();
    expect(warnings.some((m) => /durable/.test(m))).toBe(true);
  });
});

/** Lets real I/O callbacks run for `turns` event-loop turns (no wall-clock waiting). */
async function ioTurns(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Runs event-loop turns until `condition` holds (fails after 10000 turns). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await ioTurns(1);
  expect(condition()).toBe(true);
}

describe('WriteAheadLog.checkpointNow', () => {
  it('puts the watermark in place at once, without fsync; checkpoint() then makes it durable and deletes segments', async () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir, segmentBytes: 50, checkpointIntervalMs: 3_600_000 });
    try {
      for (let i = 0; i < 6; i++) wal.append(Buffer.alloc(30));
      for (let seq = 1; seq <= 4; seq++) wal.acknowledge(seq);
      wal.checkpointNow();
      expect(readCheckpoint(dir)).toBe(4);
      expect(wal.stats()).toMatchObject({ acknowledgedThrough: 4, checkpointedThrough: 0, segments: 6 });
      await wal.checkpoint();
      expect(wal.stats()).toMatchObject({ checkpointedThrough: 4, segments: 2 });
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      wal.close();
    }
  });

  it('lets a background checkpoint that checkpointNow() overtook still make its watermark durable', async () => {
    const dir = dirs.walDir();
    const wal = openWal({ dir, segmentBytes: 50, checkpointIntervalMs: 3_600_000 });
    for (let i = 0; i < 6; i++) wal.append(Buffer.alloc(30));
    for (let seq = 1; seq <= 2; seq++) wal.acknowledge(seq);
    const background = wal.checkpoint();
    await Promise.resolve(); // it has taken watermark 2 and is writing its temp file on the libuv pool
    for (let seq = 3; seq <= 4; seq++) wal.acknowledge(seq);
    wal.checkpointNow(); // renames 4 into place before the background one renames 2
    await background;
    expect(readCheckpoint(dir)).toBe(4); // never replaced by the older watermark
    expect(wal.stats()).toMatchObject({ checkpointedThrough: 2, segments: 4 });
    await wal.checkpoint();
    expect(wal.stats()).toMatchObject({ checkpointedThrough: 4, segments: 2 });
  });

  it('does nothing after close()', () => {
    const dir = dirs.walDir();
    const wal = WriteAheadLog.open({ dir });
    wal.acknowledge(wal.append(Buffer.from('x')));
    wal.close();
    expect(readCheckpoint(dir)).toBe(1);
    expect(() => wal.checkpointNow()).not.toThrow();
  });
});
