/**
 * Spill and reload of the WAL processor's backlog, against a real log: records beyond the memory
 * bound stay on disk only and are read back in order once memory runs dry, never twice, and the
 * critical records the lane holds are never read back beside it.
 */
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { WalBacklog } from '../../src/wal-backlog';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe('WalBacklog', () => {
  const dirs = new WalTempDirs();
  let wal: WriteAheadLog;

  beforeEach(() => {
    wal = WriteAheadLog.open({ dir: dirs.walDir() });
  });

  afterEach(() => {
    wal.close();
    dirs.cleanup();
  });

  /** Appends a record of `n` bytes and offers it to the backlog, as onEnd does. */
  function append(backlog: WalBacklog, n: number, fill: number): number {
    const payload = bytes(n, fill);
    const seq = wal.append(payload);
    backlog.add({ seq, bytes: payload });
    return seq;
  }

  it('keeps records in memory up to its bound, then spills the rest to disk only, in order', () => {
    const backlog = new WalBacklog(wal, 250);
    const seqs = [1, 2, 3, 4, 5].map((fill) => append(backlog, 100, fill));
    expect(backlog.spilled).toBe(true);
    expect(backlog.bytes).toBe(200); // two in memory; the third did not fit, and after a spill none is queued
    const taken: number[] = [];
    for (let batch = backlog.take(1000); batch.length > 0; batch = backlog.take(1000)) {
      taken.push(...batch.map((r) => r.seq));
      for (const r of batch) wal.acknowledge(r.seq);
    }
    expect(taken).toEqual(seqs);
    expect(backlog.hasWork).toBe(false);
  });

  it('reads a spilled record back once memory runs dry, and never one memory already held', () => {
    const backlog = new WalBacklog(wal, 150);
    append(backlog, 100, 1);
    append(backlog, 100, 2); // spills
    const first = backlog.take(1000);
    expect(first.map((r) => r.seq)).toEqual([1]);
    const second = backlog.take(1000); // memory ran dry: the spilled record is read back from disk
    expect(second.map((r) => r.seq)).toEqual([2]);
    expect(Buffer.from(second[0].bytes)).toEqual(Buffer.from(bytes(100, 2)));
    expect(backlog.take(1000)).toEqual([]); // record 1 is not acknowledged, but memory had it: not read again
  });

  it('skips the critical records the lane holds; a fresh start reads them back', () => {
    const backlog = new WalBacklog(wal, 1000);
    const critical = wal.append(bytes(10, 9));
    backlog.hold(critical);
    const complete = wal.append(bytes(10, 1));
    backlog.reload();
    expect(backlog.take(1000).map((r) => r.seq)).toEqual([complete]);
    const fresh = new WalBacklog(wal, 1000); // a fresh start reads everything unacknowledged
    fresh.reload();
    expect(fresh.take(1000).map((r) => r.seq)).toEqual([critical, complete]);
  });

  it('puts failed records back at the front, in their order', () => {
    const backlog = new WalBacklog(wal, 1000);
    [1, 2, 3].forEach((fill) => append(backlog, 10, fill));
    const batch = backlog.take(20);
    expect(batch.map((r) => r.seq)).toEqual([1, 2]);
    backlog.putBack(batch);
    expect(backlog.take(1000).map((r) => r.seq)).toEqual([1, 2, 3]);
  });
});
